import Dispatch
import Foundation
import Synchronization

/// Which finished first: the body or a signal.
private enum SignalRace<R: Sendable>: Sendable {
    case finished(R)
    case signalled(Int32)
}

/// Turns SIGINT (Ctrl-C) and SIGTERM into task cancellation for the duration of a body, so an
/// interrupted run stops its stages and programs cleanly and reports what finished. A second
/// signal exits at once.
enum SignalCancellation {
    /// Runs `body`; a signal cancels it (it still returns, with whatever it reports when cancelled).
    /// - Returns: The body's result and the signal that interrupted it, if any.
    static func run<R: Sendable>(_ body: @escaping @Sendable () async throws -> R) async throws -> (R, Int32?) {
        let received = Mutex<[Int32]>([])
        let (stream, continuation) = AsyncStream.makeStream(of: Int32.self)
        var sources = [any DispatchSourceSignal]()
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                let count = received.withLock {
                    $0.append(signalNumber)
                    return $0.count
                }
                if count > 1 {
                    Console.err("\nsecond interrupt: stopping now\n")
                    exit(signalNumber == SIGTERM ? ExitStatus.terminated : ExitStatus.interrupted)
                }
                continuation.yield(signalNumber)
            }
            source.resume()
            sources.append(source)
        }
        defer {
            continuation.finish()
            for s in sources { s.cancel() }
            signal(SIGINT, SIG_DFL)
            signal(SIGTERM, SIG_DFL)
        }
        return try await withThrowingTaskGroup(of: SignalRace<R>.self) { group in
            group.addTask { .finished(try await body()) }
            group.addTask {
                for await s in stream { return .signalled(s) }
                try await Task.sleep(nanoseconds: .max)
                return .signalled(0)
            }
            var signalled: Int32?
            while let event = try await group.next() {
                switch event {
                case .signalled(let s):
                    signalled = s
                    Console.err("\ninterrupted: stopping running stages (Ctrl-C again to stop now)\n")
                    group.cancelAll()
                case .finished(let result):
                    group.cancelAll()
                    return (result, signalled ?? received.withLock { $0.first })
                }
            }
            throw CancellationError()
        }
    }
}

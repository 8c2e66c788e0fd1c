import Foundation
import Glibc

/// An external program run in its own process group, so that cancelling or timing it out
/// stops the whole tree it started (a Python script's workers, a shell's children).
enum ChildProcess {
    /// Why a program did not exit on its own.
    enum Interruption: Error {
        case timedOut(seconds: Int)
    }

    /// Seconds between SIGTERM and SIGKILL when stopping a program.
    static let terminationGrace: Double = 3

    /// Runs a program to completion, appending its stdout and stderr to `logPath`.
    /// - Parameter timeout: Wall-clock limit in seconds (`resources.time`).
    /// - Returns: How it exited.
    /// - Throws: `CancellationError` (after stopping the process group) if the task is
    ///   cancelled, ``Interruption/timedOut(seconds:)`` if it overran, ``SystemCallError`` if it
    ///   could not start.
    static func run(
        executable: String, argv: [String], environment: [String: String], directory: String, logPath: String,
        timeout: Int?
    ) async throws -> Syscalls.ExitStatus {
        try Task.checkCancellation()
        let pid = try Syscalls.spawn(
            executable: executable, argv: argv, environment: environment, directory: directory, logPath: logPath)
        let deadline = timeout.map { Date().addingTimeInterval(Double($0)) }
        var delay: UInt64 = 1_000_000
        while true {
            if let status = try Syscalls.poll(pid) {
                // The leader is gone; stop anything it left running in its group.
                if Syscalls.groupIsAlive(pid) { Syscalls.signalGroup(pid, SIGKILL) }
                return status
            }
            if Task.isCancelled {
                stop(pid)
                throw CancellationError()
            }
            if let deadline, Date() > deadline {
                stop(pid)
                throw Interruption.timedOut(seconds: timeout ?? 0)
            }
            do {
                try await Task.sleep(nanoseconds: delay)
            } catch {
                stop(pid)
                throw CancellationError()
            }
            delay = min(delay * 2, 50_000_000)
        }
    }

    /// SIGTERM to the group, then SIGKILL after the grace period; reaps the leader.
    static func stop(_ pid: pid_t) {
        Syscalls.signalGroup(pid, SIGTERM)
        let until = Date().addingTimeInterval(terminationGrace)
        while Date() < until {
            if (try? Syscalls.poll(pid)) != nil {
                if Syscalls.groupIsAlive(pid) { Syscalls.signalGroup(pid, SIGKILL) }
                return
            }
            usleep(10_000)
        }
        Syscalls.signalGroup(pid, SIGKILL)
        while (try? Syscalls.poll(pid)) == nil { usleep(10_000) }
    }
}

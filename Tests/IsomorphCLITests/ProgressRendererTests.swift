import Foundation
import IsomorphArrays
import IsomorphCore
import IsomorphEngine
import Synchronization
import Testing

@testable import IsomorphCLI

@Suite("Progress rendering")
struct ProgressRendererTests {
    final class Sink: Sendable {
        private let text = Mutex("")
        func write(_ s: String) { text.withLock { $0 += s } }
        var value: String { text.withLock { $0 } }
    }

    private static let failure = NodeFailure(node: "f", kind: "test.fail", version: 1, message: "boom")

    private func feed(_ renderer: ProgressRenderer) {
        let plan = Plan(
            entries: [
                .init(node: "a", position: 0, decision: .run(key: nil, reasons: [.newStage]), components: nil),
                .init(node: "f", position: 1, decision: .run(key: nil, reasons: [.newStage]), components: nil),
            ], forced: [])
        renderer.handle(.planned(plan))
        renderer.handle(.started(node: "a", kind: "test.sleep", reasons: [.newStage]))
        renderer.handle(.progress(node: "a", fraction: 0.5, note: "fold 5/10"))
        renderer.handle(.progress(node: "a", fraction: 0.52, note: nil))
        renderer.handle(.finished(node: "a", outcome: .ran([:]), seconds: 1.25))
        renderer.handle(.started(node: "f", kind: "test.fail", reasons: [.forced]))
        renderer.handle(.finished(node: "f", outcome: .failed(Self.failure), seconds: 0.5))
        renderer.handle(.warning("object 3fa9 is corrupt"))
        renderer.finish()
    }

    @Test func plainLinesAreTimestampedAndThrottled() {
        let sink = Sink()
        feed(ProgressRenderer(live: false, write: { sink.write($0) }))
        let lines = sink.value.split(separator: "\n").map { line -> String in
            // Drop the timestamp (`2026-11-24T06:01:02Z `).
            let parts = line.split(separator: " ", maxSplits: 1)
            #expect(parts[0].hasSuffix("Z") && parts[0].count == 20, "\(line)")
            return String(parts[1])
        }
        #expect(
            lines == [
                "plan: 2 to run, 0 cached",
                "start a (test.sleep): new stage",
                "progress a: 50 % (fold 5/10)",
                "done  a in 1.25 s",
                "start f (test.fail): forced",
                "FAILED f: boom",
                "warning: object 3fa9 is corrupt",
            ])
    }

    @Test func liveStatusLineShowsCountsBarAndRunningStages() {
        let sink = Sink()
        let renderer = ProgressRenderer(live: true, write: { sink.write($0) })
        renderer.handle(
            .planned(
                Plan(
                    entries: (0..<4).map {
                        .init(
                            node: NodeID("n\($0)"), position: $0, decision: .run(key: nil, reasons: []), components: nil
                        )
                    }, forced: [])))
        renderer.handle(.started(node: "n0", kind: "k", reasons: []))
        renderer.handle(.finished(node: "n0", outcome: .ran([:]), seconds: 0.1))
        renderer.handle(.started(node: "n1", kind: "k", reasons: []))
        renderer.handle(.progress(node: "n1", fraction: 0.25, note: "fold 1/4"))
        Thread.sleep(forTimeInterval: 0.15)
        renderer.handle(.progress(node: "n1", fraction: 0.5, note: "fold 2/4"))
        let text = sink.value
        #expect(text.contains("done  n0 in 0.10 s\n"))
        let lastStatus = text.components(separatedBy: "\r\u{1B}[2K").last ?? ""
        #expect(lastStatus == "[1/4] █████░░░░░░░░░░░░░░░ n1 50% (fold 2/4)")
    }
}

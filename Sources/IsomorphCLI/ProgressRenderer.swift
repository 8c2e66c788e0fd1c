import Foundation
import IsomorphArrays
import IsomorphCore
import IsomorphEngine
import Synchronization

/// Draws a run's progress on standard error: a live status line on a terminal, plain
/// timestamped lines otherwise (CI logs).
///
/// Terminal: finished nodes scroll above a status line that shows the stage-level count and
/// bar, and the running nodes with their within-stage fraction, redrawn at most 10 times a
/// second. Plain: one line per start, finish and failure, and within-stage progress at most
/// every 10 % or 10 s per node.
final class ProgressRenderer: RunObserver {
    private struct State {
        var total = 0
        var done = 0
        var running: [NodeID: (fraction: Double?, note: String?, since: Date)] = [:]
        var order: [NodeID] = []
        var lastDraw = Date.distantPast
        var lastPlain: [NodeID: (fraction: Double, at: Date)] = [:]
        var statusShown = false
    }

    private let live: Bool
    private let write: @Sendable (String) -> Void
    private let state = Mutex(State())
    private let width: Int

    /// - Parameters:
    ///   - live: Draw a live status line (a terminal) or plain lines.
    ///   - write: Where the text goes (standard error by default).
    init(live: Bool, width: Int = 100, write: @escaping @Sendable (String) -> Void = { Console.err($0) }) {
        self.live = live
        self.width = width
        self.write = write
    }

    func handle(_ event: RunEvent) {
        state.withLock { s in
            var text = ""
            switch event {
            case .planned(let plan):
                s.total = plan.runCount
                if plan.runCount > 0 {
                    text += line("plan: \(PlanCommand.summary(plan))")
                }
            case .started(let node, let kind, let reasons):
                s.running[node] = (nil, nil, Date())
                s.order.append(node)
                if !live {
                    text += line("start \(node) (\(kind)): " + reasons.map(\.description).joined(separator: "; "))
                }
            case .progress(let node, let fraction, let note):
                guard s.running[node] != nil else { return }
                s.running[node]?.fraction = fraction
                s.running[node]?.note = note
                if !live {
                    let last = s.lastPlain[node]
                    if last == nil || fraction - last!.fraction >= 0.1 || Date().timeIntervalSince(last!.at) >= 10 {
                        s.lastPlain[node] = (fraction, Date())
                        text += line(
                            "progress \(node): \(Int((fraction * 100).rounded())) %" + (note.map { " (\($0))" } ?? ""))
                    }
                }
            case .finished(let node, let outcome, let seconds):
                s.running[node] = nil
                s.order.removeAll { $0 == node }
                s.lastPlain[node] = nil
                switch outcome {
                case .ran:
                    s.done += 1
                    text += line("done  \(node) in \(Format.duration(seconds))")
                case .tookOver:
                    s.done += 1
                    text += line("done  \(node) (computed by another run)")
                case .cached:
                    s.done += 1
                    if !live { text += line("cached \(node) (its inputs came out unchanged)") }
                case .failed(let failure):
                    s.done += 1
                    text += line("FAILED \(node): \(failure.message)")
                case .skipped(let upstream):
                    s.done += 1
                    if !live { text += line("skip  \(node) (upstream '\(upstream)' failed)") }
                case .notRun: break
                }
            case .waiting(let node):
                text += line("wait  \(node): another run is computing it; will use its result")
            case .warning(let message):
                text += line("warning: \(message)")
            }
            guard live else {
                if !text.isEmpty { write(text) }
                return
            }
            let now = Date()
            if text.isEmpty && now.timeIntervalSince(s.lastDraw) < 0.1 { return }
            s.lastDraw = now
            var out = s.statusShown ? "\r\u{1B}[2K" : ""
            out += text
            out += status(s)
            s.statusShown = true
            write(out)
        }
    }

    /// Clears the live status line (call when the run ends).
    func finish() {
        guard live else { return }
        state.withLock { s in
            if s.statusShown { write("\r\u{1B}[2K") }
            s.statusShown = false
        }
    }

    private func line(_ text: String) -> String {
        live ? text + "\n" : "\(Self.timestamp()) \(text)\n"
    }

    private func status(_ s: State) -> String {
        let total = max(s.total, s.done)
        let barWidth = 20
        let filled = total == 0 ? 0 : min(barWidth, s.done * barWidth / total)
        var text =
            "[\(s.done)/\(total)] " + String(repeating: "█", count: filled)
            + String(repeating: "░", count: barWidth - filled)
        let running = s.order.prefix(3).map { node -> String in
            guard let r = s.running[node] else { return node.rawValue }
            var item = node.rawValue
            if let f = r.fraction { item += " \(Int((f * 100).rounded()))%" }
            if let n = r.note { item += " (\(n))" }
            return item
        }
        if !running.isEmpty {
            text += " " + running.joined(separator: ", ")
            if s.order.count > 3 { text += " +\(s.order.count - 3)" }
        }
        return text.count > width ? String(text.prefix(width - 1)) + "…" : text
    }

    static func timestamp() -> String {
        Date.ISO8601FormatStyle(includingFractionalSeconds: false).format(Date())
    }
}

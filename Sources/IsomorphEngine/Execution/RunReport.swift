import IsomorphArrays
import IsomorphCore

/// What a run did, node by node.
public struct RunReport: Sendable {
    /// The run's id (names `logs/<run>/`).
    public var run: String
    /// The plan the run started from.
    public var plan: Plan
    /// Each selected node's outcome, in graph order.
    public var outcomes: [(node: NodeID, outcome: NodeOutcome)]
    /// Whether the run was interrupted (Ctrl-C, SIGTERM).
    public var interrupted: Bool
    /// Where the run's logs are.
    public var logDirectory: String
    /// Warnings raised during planning and running.
    public var warnings: [String]

    /// The failures, in graph order.
    public var failures: [NodeFailure] {
        outcomes.compactMap {
            if case .failed(let f) = $0.outcome { return f }
            return nil
        }
    }

    /// Whether every selected node has a result.
    public var succeeded: Bool { !interrupted && outcomes.allSatisfy { $0.outcome.outputs != nil } }

    /// How many nodes ended each way: ran, cached, tookOver, failed, skipped, notRun.
    public var counts: (ran: Int, cached: Int, tookOver: Int, failed: Int, skipped: Int, notRun: Int) {
        var c = (ran: 0, cached: 0, tookOver: 0, failed: 0, skipped: 0, notRun: 0)
        for (_, o) in outcomes {
            switch o {
            case .ran: c.ran += 1
            case .cached: c.cached += 1
            case .tookOver: c.tookOver += 1
            case .failed: c.failed += 1
            case .skipped: c.skipped += 1
            case .notRun: c.notRun += 1
            }
        }
        return c
    }

    /// The outcome of one node.
    public func outcome(of node: NodeID) -> NodeOutcome? { outcomes.first { $0.node == node }?.outcome }
}

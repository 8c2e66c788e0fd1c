import IsomorphArrays
import IsomorphCore

/// What `isomorph status` reports for one node.
public struct NodeStatus: Sendable {
    /// The node's state with respect to the cache.
    public enum State: Sendable, Hashable {
        /// A valid result for the current spec is cached.
        case cached
        /// No valid result; the reasons say why (as `plan` would).
        case missing([RunReason])
        /// The last attempt with the current key failed, with this message.
        case failed(String)
        /// The key cannot be computed (an unreadable data or code file).
        case error(String)
    }

    public var node: NodeID
    public var stage: String
    public var kind: String
    public var state: State
    /// The current cache key, if known.
    public var key: ContentDigest?
    /// The cached outputs (or, if not cached, those of the last good result).
    public var outputs: [String: OutputRecord]
    /// The run that last touched the node.
    public var lastRun: String?
}

extension Engine {
    /// The status of every node of `pipeline`: cached, missing (and why), or failed in its last run.
    public func status(of pipeline: LoadedPipeline) throws -> [NodeStatus] {
        let environment = makeEnvironment(for: pipeline)
        let plan = try Planner.plan(pipeline.graph, environment: environment)
        return plan.entries.map { entry in
            let node = pipeline.graph.nodes[entry.position]
            let last = environment.state.nodes[entry.node]
            let state: NodeStatus.State
            var outputs = last?.outputs ?? [:]
            switch entry.decision {
            case .cached(_, let o):
                state = .cached
                outputs = o
            case .run(let key, let reasons):
                if let key, let last, last.failedKey == key {
                    state = .failed(last.failure ?? "failed")
                } else {
                    state = .missing(reasons)
                }
            case .error(let e):
                state = .error(e.description)
            }
            return NodeStatus(
                node: entry.node, stage: node.stage, kind: node.kindName, state: state, key: entry.decision.key,
                outputs: outputs, lastRun: last?.run)
        }
    }
}

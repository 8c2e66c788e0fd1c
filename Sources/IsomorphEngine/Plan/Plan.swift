import IsomorphArrays
import IsomorphCore

/// What `isomorph plan` computes: for each selected node, in graph order, whether it is cached
/// or will run, and why.
public struct Plan: Sendable {
    /// The decision for one node.
    public enum Decision: Sendable, Hashable {
        /// A valid result is in the cache.
        case cached(key: ContentDigest, outputs: [String: OutputRecord])
        /// The node runs; `key` is `nil` while an upstream node still has to run.
        case run(key: ContentDigest?, reasons: [RunReason])
        /// The node's key cannot be computed (a data or code file is unreadable); running fails.
        case error(KeyError)

        /// Whether the node is cached.
        public var isCached: Bool {
            if case .cached = self { return true }
            return false
        }

        /// The cache key, when known.
        public var key: ContentDigest? {
            switch self {
            case .cached(let key, _): return key
            case .run(let key, _): return key
            case .error: return nil
            }
        }
    }

    /// One planned node.
    public struct Entry: Sendable {
        /// The node.
        public var node: NodeID
        /// Its position in the pipeline's graph.
        public var position: Int
        /// Cached or run, and why.
        public var decision: Decision
        /// The key components, when the key is known (what `plan --json` shows).
        public var components: CacheKeyComponents?

        public init(node: NodeID, position: Int, decision: Decision, components: CacheKeyComponents?) {
            self.node = node
            self.position = position
            self.decision = decision
            self.components = components
        }
    }

    /// The selected nodes (targets and everything upstream, or the whole graph), in graph order.
    public var entries: [Entry]
    /// The nodes `--force` named.
    public var forced: Set<NodeID>

    public init(entries: [Entry], forced: Set<NodeID>) {
        self.entries = entries
        self.forced = forced
    }

    /// How many nodes will run (including those whose key waits on an upstream run).
    public var runCount: Int {
        entries.reduce(0) {
            if case .run = $1.decision { return $0 + 1 }
            return $0
        }
    }
    /// How many nodes are cached.
    public var cachedCount: Int { entries.reduce(0) { $0 + ($1.decision.isCached ? 1 : 0) } }
    /// How many nodes cannot be keyed.
    public var errorCount: Int {
        entries.reduce(0) {
            if case .error = $1.decision { return $0 + 1 }
            return $0
        }
    }
}

/// A problem with the plan request itself (a usage error, exit code 64).
public enum PlanError: Error, Sendable, Hashable, CustomStringConvertible {
    /// `--target` or `--force` names no node or stage.
    case unknownNode(option: String, name: String, suggestion: String?)

    public var description: String {
        switch self {
        case .unknownNode(let option, let name, let suggestion):
            var s = "\(option) '\(name)' is not a stage or node of this pipeline"
            if let suggestion { s += ". Did you mean '\(suggestion)'?" }
            return s
        }
    }
}

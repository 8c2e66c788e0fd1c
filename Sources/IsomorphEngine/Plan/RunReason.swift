import IsomorphCore

/// Why a node will run, as `isomorph plan` prints it.
public enum RunReason: Sendable, Hashable, CustomStringConvertible {
    /// The pipeline has never produced this node.
    case newStage
    /// An ingredient of the key changed since the node's last attempt, in the words of
    /// `CacheKeyComponents.differences(from:)`: `parameter 'alpha' changed 1 → 10`,
    /// `input 'x' changed`, `code 'scripts/train.py' changed`, `seed changed 7 → 8`.
    case changed(String)
    /// An upstream node runs first, so this node's key is not known yet; it may turn out cached.
    case upstreamWillRun(NodeID)
    /// `--force`.
    case forced
    /// The result was cached but an output object is missing or damaged.
    case outputMissing(port: String, corrupt: Bool)
    /// The last attempt with this very key failed.
    case failedLastRun
    /// The previous result was removed from the cache (by `gc`, or by hand).
    case removedFromCache
    /// The key changed for a reason the components do not show (should not happen).
    case keyChanged

    public var description: String {
        switch self {
        case .newStage: return "new stage"
        case .changed(let text): return text
        case .upstreamWillRun(let node): return "upstream '\(node)' will run"
        case .forced: return "forced"
        case .outputMissing(let port, let corrupt): return "output '\(port)' \(corrupt ? "corrupt" : "missing")"
        case .failedLastRun: return "failed in the last run"
        case .removedFromCache: return "result removed from the cache"
        case .keyChanged: return "cache key changed"
        }
    }
}

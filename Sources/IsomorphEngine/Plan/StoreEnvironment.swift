import IsomorphArrays
import IsomorphCore
import Synchronization

/// The planner's view of the real cache: the pipeline's state file as an index, verified by
/// `stat` (key record present, objects present with their recorded sizes), then key records.
final class StoreEnvironment: PlanEnvironment {
    let store: CacheStore
    let statCache: StatCache
    let state: PipelineState
    private let warnings = Mutex<[String]>([])

    init(store: CacheStore, statCache: StatCache, state: PipelineState) {
        self.store = store
        self.statCache = statCache
        self.state = state
    }

    func fileDigest(_ path: String) throws -> ContentDigest { try statCache.digest(of: path) }

    func lastRun(_ node: NodeID) -> PipelineState.NodeState? { state.nodes[node] }

    func lookup(_ key: ContentDigest, node: NodeID) -> CacheLookup {
        // Fast path: the state remembers this very key for this node. The state is written only
        // after the key record and every object are complete, and objects are content-addressed,
        // so the outputs being present with their recorded sizes is all a hit needs: one `stat`
        // per output, no parsing.
        if let last = state.nodes[node], last.key == key {
            return check(last.outputs)
        }
        let record: KeyRecord?
        do {
            record = try store.record(key)
        } catch {
            warn("\(error); recomputing '\(node)'")
            return .miss
        }
        guard let record else { return .miss }
        return check(record.outputs)
    }

    private func check(_ outputs: [String: OutputRecord]) -> CacheLookup {
        switch store.checkOutputs(outputs) {
        case nil: return .hit(outputs)
        case .missing(let port, _)?: return .damaged(.outputMissing(port: port, corrupt: false))
        case .wrongSize(let port, _, _, _)?: return .damaged(.outputMissing(port: port, corrupt: true))
        }
    }

    /// Records a warning for the caller to show.
    func warn(_ message: String) { warnings.withLock { $0.append(message) } }

    /// The warnings so far, clearing them.
    func takeWarnings() -> [String] {
        warnings.withLock { w in
            defer { w = [] }
            return w
        }
    }
}

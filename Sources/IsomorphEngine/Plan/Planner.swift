import IsomorphArrays
import IsomorphCore

/// The result of looking a key up in the cache.
public enum CacheLookup: Sendable, Hashable {
    /// A complete entry whose objects exist with their recorded sizes.
    case hit([String: OutputRecord])
    /// No entry.
    case miss
    /// An entry whose objects are missing or damaged: recompute.
    case damaged(RunReason)
}

/// What the planner asks of the outside world: file digests, cache lookups and the pipeline's
/// last results. The engine's implementation reads the store; tests pass values.
public protocol PlanEnvironment: Sendable {
    /// SHA-256 of a file's bytes.
    func fileDigest(_ path: String) throws -> ContentDigest
    /// Looks a key up for `node`.
    func lookup(_ key: ContentDigest, node: NodeID) -> CacheLookup
    /// The node's last result in this pipeline.
    func lastRun(_ node: NodeID) -> PipelineState.NodeState?
}

/// Decides, for each node in graph order, whether it is cached or runs and why, in one pass.
///
/// Pure over values and ``PlanEnvironment`` lookups. A node's key needs the content digests of
/// its inputs, so a node downstream of one that runs gets no key yet ("upstream 'x' will run");
/// the executor keys it when its inputs land, and it may then turn out cached (early cutoff).
///
/// `--force` runs the named nodes even when cached, but does not force their dependents: they
/// rerun only if the forced node's outputs come out different.
public enum Planner {
    /// Plans `graph`.
    /// - Parameters:
    ///   - targets: Nodes or stages to produce (with everything upstream); empty = every node.
    ///   - force: Nodes or stages to run even if cached (they are added to the targets).
    /// - Throws: ``PlanError`` if a target or forced name is unknown.
    public static func plan(
        _ graph: Graph, targets: [String] = [], force: [String] = [], environment: some PlanEnvironment
    ) throws(PlanError) -> Plan {
        let forced = try resolve(force, in: graph, option: "--force")
        let selection = try select(graph, targets: targets, including: forced)
        let builder = KeyBuilder(fileDigest: { try environment.fileDigest($0) })
        var outputs = [[String: OutputRecord]?](repeating: nil, count: graph.nodes.count)
        var entries = [Plan.Entry]()
        entries.reserveCapacity(selection.count)
        for position in selection {
            let node = graph.nodes[position]
            let (decision, components) = decide(
                node, forced: forced.contains(node.id), builder: builder, environment: environment,
                outputs: { graph.position(of: $0).flatMap { outputs[$0] } })
            if case .cached(_, let produced) = decision { outputs[position] = produced }
            entries.append(Plan.Entry(node: node.id, position: position, decision: decision, components: components))
        }
        return Plan(entries: entries, forced: Set(forced))
    }

    /// The decision for one node whose upstream outputs are known as far as `outputs` says.
    static func decide(
        _ node: GraphNode, forced: Bool, builder: KeyBuilder, environment: some PlanEnvironment,
        outputs: (NodeID) -> [String: OutputRecord]?
    ) -> (Plan.Decision, CacheKeyComponents?) {
        let inputs: [OutputRef: ContentDigest]
        do {
            guard let known = try KeyBuilder.inputDigests(of: node, outputs: outputs) else {
                let waiting = node.dependencies.first { outputs($0) == nil } ?? node.id
                return (.run(key: nil, reasons: [.upstreamWillRun(waiting)]), nil)
            }
            inputs = known
        } catch {
            return (.error(error), nil)
        }
        let components: CacheKeyComponents
        do {
            components = try builder.components(for: node, inputs: inputs)
        } catch {
            return (.error(error), nil)
        }
        let key = components.key
        if forced { return (.run(key: key, reasons: [.forced]), components) }
        switch environment.lookup(key, node: node.id) {
        case .hit(let produced): return (.cached(key: key, outputs: produced), components)
        case .damaged(let reason): return (.run(key: key, reasons: [reason]), components)
        case .miss: return (.run(key: key, reasons: reasons(node, components, key, environment)), components)
        }
    }

    /// Why a node whose key misses must run, compared with its last attempt.
    static func reasons(
        _ node: GraphNode, _ components: CacheKeyComponents, _ key: ContentDigest, _ environment: some PlanEnvironment
    ) -> [RunReason] {
        guard let last = environment.lastRun(node.id) else { return [.newStage] }
        if last.failedKey == key { return [.failedLastRun] }
        if last.key == key { return [.removedFromCache] }
        if let old = last.components {
            let found = components.differences(from: old)
            if !found.isEmpty { return found.map(RunReason.changed) }
        }
        return [.keyChanged]
    }

    /// The positions of the nodes to consider: the closure of the targets (and forced nodes), or all.
    static func select(_ graph: Graph, targets: [String], including forced: [NodeID]) throws(PlanError) -> [Int] {
        if targets.isEmpty { return Array(graph.nodes.indices) }
        let ids = try resolve(targets, in: graph, option: "--target") + forced
        return graph.closure(of: ids).compactMap { graph.position(of: $0.id) }
    }

    /// Resolves node ids or stage names (every instance of a fanned-out stage) to node ids.
    static func resolve(_ names: [String], in graph: Graph, option: String) throws(PlanError) -> [NodeID] {
        guard !names.isEmpty else { return [] }
        var result = [NodeID]()
        for name in names {
            if graph[NodeID(name)] != nil {
                result.append(NodeID(name))
                continue
            }
            let instances = graph.instances(of: name)
            if !instances.isEmpty {
                result += instances.map(\.id)
                continue
            }
            let candidates = Set(graph.nodes.map(\.stage)).union(graph.nodes.map(\.id.rawValue))
            throw PlanError.unknownNode(
                option: option, name: name, suggestion: Suggestion.closest(to: name, in: candidates.sorted()))
        }
        return result
    }
}

/// The expanded pipeline: every node after matrix fan-out, in a topological order, with its
/// dependents. Built and checked (no cycles, every reference resolved) by ``PipelineLoader``.
public struct Graph: Sendable {
    /// The nodes, each after all the nodes it reads from. Data sources come first.
    public let nodes: [GraphNode]
    private let index: [NodeID: Int]
    private let dependentIndices: [[Int]]

    /// Creates a graph from nodes already in topological order.
    /// - Precondition: ids are unique and every dependency precedes its dependent.
    public init(topologicallySorted nodes: [GraphNode]) {
        self.nodes = nodes
        var index = [NodeID: Int](minimumCapacity: nodes.count)
        for (i, n) in nodes.enumerated() {
            precondition(index.updateValue(i, forKey: n.id) == nil, "duplicate node id \(n.id)")
        }
        self.index = index
        var dependents = Array(repeating: [Int](), count: nodes.count)
        for (i, n) in nodes.enumerated() {
            for d in n.dependencies {
                guard let j = index[d] else { preconditionFailure("node \(n.id) reads unknown node \(d)") }
                precondition(j < i, "node \(n.id) precedes its dependency \(d)")
                dependents[j].append(i)
            }
        }
        self.dependentIndices = dependents
    }

    /// The node named `id`.
    public subscript(id: NodeID) -> GraphNode? { index[id].map { nodes[$0] } }

    /// The position of `id` in ``nodes``.
    public func position(of id: NodeID) -> Int? { index[id] }

    /// The nodes that read node `id`.
    public func dependents(of id: NodeID) -> [NodeID] {
        guard let i = index[id] else { return [] }
        return dependentIndices[i].map { nodes[$0].id }
    }

    /// Node positions that read the node at position `i`.
    public func dependentPositions(of i: Int) -> [Int] { dependentIndices[i] }

    /// The instances of stage `stage` (one, or one per matrix combination).
    public func instances(of stage: String) -> [GraphNode] { nodes.filter { $0.stage == stage } }

    /// The nodes needed to produce `targets` (the targets and everything upstream), in order.
    public func closure(of targets: [NodeID]) -> [GraphNode] {
        var needed = Set<Int>()
        var stack = targets.compactMap { index[$0] }
        while let i = stack.popLast() {
            guard needed.insert(i).inserted else { continue }
            for d in nodes[i].dependencies { if let j = index[d] { stack.append(j) } }
        }
        return needed.sorted().map { nodes[$0] }
    }
}

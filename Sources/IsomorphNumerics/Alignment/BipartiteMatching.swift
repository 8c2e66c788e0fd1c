/// Maximum-cardinality matching in a bipartite graph by the Hopcroft–Karp algorithm
/// (`scipy.sparse.csgraph.maximum_bipartite_matching` computes the same cardinality).
///
/// Each phase finds, by one breadth-first search from all free left vertices, the length of the
/// shortest augmenting paths, then augments along a maximal set of vertex-disjoint shortest paths
/// by depth-first search restricted to that layering. There are O(√V) phases, so the total cost
/// is O(E·√V).
public struct BipartiteMatching: Sendable, Hashable {
    /// The right vertex matched to each left vertex (`nil` if unmatched).
    public let partner: [Int?]

    /// The number of matched pairs.
    public var count: Int { partner.reduce(0) { $0 + ($1 == nil ? 0 : 1) } }

    /// A maximum matching of a bipartite graph given by adjacency lists.
    ///
    /// - Parameters:
    ///   - adjacency: For each left vertex, the right vertices it is joined to (`0..<rightCount`).
    ///   - rightCount: The number of right vertices.
    /// - Precondition: every neighbour is in `0..<rightCount`.
    /// - Complexity: O(E·√V).
    public init(adjacency: [[Int]], rightCount: Int) {
        let left = adjacency.count
        for (u, neighbours) in adjacency.enumerated() {
            for v in neighbours {
                precondition(
                    v >= 0 && v < rightCount, "BipartiteMatching: left \(u) joins right \(v) ∉ 0..<\(rightCount)")
            }
        }
        var matchLeft = [Int](repeating: -1, count: left)
        var matchRight = [Int](repeating: -1, count: rightCount)
        var layer = [Int](repeating: 0, count: left)
        let unreached = Int.max
        // Iterative DFS state.
        var next = [Int](repeating: 0, count: left)
        var stack = [Int]()
        while true {
            // BFS: layer free left vertices at 0; stop at the first layer reaching a free right vertex.
            var queue = [Int]()
            for u in 0..<left {
                if matchLeft[u] < 0 {
                    layer[u] = 0
                    queue.append(u)
                } else {
                    layer[u] = unreached
                }
            }
            var head = 0
            var shortest = unreached
            while head < queue.count {
                let u = queue[head]
                head += 1
                if layer[u] >= shortest { continue }
                for v in adjacency[u] {
                    let w = matchRight[v]
                    if w < 0 {
                        if shortest == unreached { shortest = layer[u] + 1 }
                    } else if layer[w] == unreached {
                        layer[w] = layer[u] + 1
                        queue.append(w)
                    }
                }
            }
            if shortest == unreached { break }
            // DFS from each free left vertex along layered edges; augment on reaching a free right vertex.
            for u in 0..<left { next[u] = 0 }
            for root in 0..<left where matchLeft[root] < 0 {
                stack.removeAll(keepingCapacity: true)
                stack.append(root)
                var found = false
                while let u = stack.last, !found {
                    if next[u] == adjacency[u].count {
                        layer[u] = unreached  // dead end: never revisit in this phase
                        stack.removeLast()
                        continue
                    }
                    let v = adjacency[u][next[u]]
                    next[u] += 1
                    let w = matchRight[v]
                    if w < 0 {
                        if layer[u] + 1 == shortest {
                            // Augment along the stack: stack[k] takes the right vertex that led to stack[k+1].
                            var right = v
                            for k in stride(from: stack.count - 1, through: 0, by: -1) {
                                let l = stack[k]
                                let previous = matchLeft[l]
                                matchLeft[l] = right
                                matchRight[right] = l
                                right = previous
                            }
                            found = true
                        }
                    } else if layer[w] == layer[u] + 1 {
                        stack.append(w)
                    }
                }
                if found {
                    for l in stack { layer[l] = unreached }  // vertex-disjoint paths in one phase
                }
            }
        }
        partner = matchLeft.map { $0 < 0 ? nil : $0 }
    }
}

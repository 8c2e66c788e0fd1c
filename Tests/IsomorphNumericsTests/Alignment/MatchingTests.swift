import IsomorphNumerics
import IsomorphTestSupport
import Testing

/// The Hungarian algorithm against `scipy.optimize.linear_sum_assignment`, Hopcroft–Karp against
/// `scipy.sparse.csgraph.maximum_bipartite_matching`.
///
/// Costs are continuous random values, so the optimal assignment is unique almost surely and must
/// be identical; the totals agree to rounding (atol 1e-12). Maximum matchings are not unique, so
/// cardinalities must be equal and our matching must be valid (distinct partners, existing edges).
@Suite("Assignment and maximum matching against SciPy")
struct MatchingTests {
    static let shapes = [(1, 1), (5, 5), (12, 12), (40, 40), (6, 15), (15, 6), (30, 100)]

    @Test("Hungarian assignment equals linear_sum_assignment", arguments: shapes)
    func hungarian(_ rows: Int, _ columns: Int) throws {
        var g = SeededGenerator(seed: UInt64(rows * 1000 + columns))
        let cost = Matrix.randomUniform(rows: rows, columns: columns, using: &g).map { 10 * $0 - 3 }
        var batch = OracleBatch()
        batch.add("min", op: "assignment", ["cost": .matrix(cost), "maximize": .integer(0)])
        batch.add("max", op: "assignment", ["cost": .matrix(cost), "maximize": .integer(1)])
        let o = try batch.run("alignment_reference")
        for (name, maximize) in [("min", false), ("max", true)] {
            let a = try LinearAssignment(cost: cost, maximize: maximize)
            #expect(a.rows == (try o.vector(name, "rows")).map { Int($0) }, "\(name) rows")
            #expect(a.columns == (try o.vector(name, "cols")).map { Int($0) }, "\(name) columns")
            expectAllClose([a.cost], [try o.scalar(name, "cost")], rtol: 0, atol: 1e-12, "\(name) total")
        }
    }

    @Test("forbidden pairs (+∞) are avoided; infeasible and NaN matrices are refused as in SciPy")
    func forbidden() throws {
        let inf = Double.infinity
        let cost = Matrix(rows: [[1, inf, 5], [inf, 2, inf], [3, inf, inf]])
        var batch = OracleBatch()
        batch.add("f", op: "assignment", ["cost": .matrix(cost), "maximize": .integer(0)])
        let o = try batch.run("alignment_reference")
        let a = try LinearAssignment(cost: cost)
        #expect(a.columns == (try o.vector("f", "cols")).map { Int($0) })
        #expect(a.columns == [2, 1, 0] && a.cost == 10)
        #expect(throws: LinearAssignment.Failure(description: "cost matrix is infeasible")) {
            try LinearAssignment(cost: Matrix(rows: [[1, inf], [2, inf]]))
        }
        #expect(throws: LinearAssignment.Failure(description: "cost matrix contains NaN")) {
            try LinearAssignment(cost: Matrix(rows: [[1, .nan], [2, 3]]))
        }
        // Ties: several optimal assignments; the total is what is defined.
        let tied = try LinearAssignment(cost: Matrix(rows: 4, columns: 4, repeating: 1))
        #expect(tied.cost == 4 && Set(tied.columns).count == 4)
        #expect(try LinearAssignment(cost: Matrix.zeros(rows: 0, columns: 3)).rows.isEmpty)
    }

    @Test("Hopcroft–Karp finds maximum matchings of the size SciPy finds", arguments: [0.05, 0.15, 0.4])
    func hopcroftKarp(_ density: Double) throws {
        var g = SeededGenerator(seed: UInt64(density * 1000))
        let (left, right) = (60, 45)
        let adjacencyMatrix = Matrix(rows: left, columns: right) { _, _ in g.nextUniform() < density ? 1 : 0 }
        var batch = OracleBatch()
        batch.add("m", op: "matching", ["adjacency": .matrix(adjacencyMatrix)])
        let o = try batch.run("alignment_reference")
        let adjacency = (0..<left).map { i in (0..<right).filter { adjacencyMatrix[i, $0] == 1 } }
        let matching = BipartiteMatching(adjacency: adjacency, rightCount: right)
        #expect(matching.count == Int(try o.scalar("m", "size")), "density \(density)")
        let partners = matching.partner.compactMap { $0 }
        #expect(Set(partners).count == partners.count, "distinct partners")
        for (u, v) in matching.partner.enumerated() {
            if let v { #expect(adjacencyMatrix[u, v] == 1, "edge \(u)–\(v) exists") }
        }
    }

    @Test("a matching needing augmenting paths through matched vertices, and the bottleneck threshold")
    func augmentingPaths() {
        // Greedy would match 0–0 and leave 1 unmatched; the maximum matching is 0–1, 1–0.
        let m = BipartiteMatching(adjacency: [[0, 1], [0]], rightCount: 2)
        #expect(m.count == 2 && m.partner == [1, 0])
        // Bottleneck: units must take distinct neurons; with s below, the best worst pair is 0.6
        // (0→0 at 0.9 and 1→1 at 0.6; the alternative 0→1, 1→0 has worst 0.2).
        let s = Matrix(rows: [[0.9, 0.2, 0.1], [0.95, 0.6, 0.3]])
        #expect(OneToOneDecoding.bottleneck(s, size: 2) == 0.6)
        #expect(OneToOneDecoding.matching(s, threshold: 0.7).count == 1)
    }
}

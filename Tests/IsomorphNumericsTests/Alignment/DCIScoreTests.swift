import IsomorphNumerics
import IsomorphTestSupport
import Testing

/// DCI completeness and disentanglement: hand-derived cases, then a random matrix against the
/// formula written with `scipy.stats.entropy` (rounding only: atol 1e-13).
@Suite("DCI completeness and disentanglement")
struct DCIScoreTests {
    /// `n×n` block-diagonal matrix of ones, blocks of size `b` (b = 1: the identity; b = n: all equal).
    static func blocks(_ n: Int, size b: Int) -> Matrix {
        Matrix(rows: n, columns: n) { i, j in i / b == j / b ? 1 : 0 }
    }

    // Derivation. With D = 8 units and K = 8 neurons and blocks of b ones on the diagonal, every
    // neuron (column) puts weight 1/b on b units: p = (1/b, …, 1/b, 0, …), so
    // H_j = −Σ p log_8 p = −b · (1/b) · log_8(1/b) = log_8 b, and every neuron has the same
    // ρ_j = b/(8b) = 1/8, so C = Σ_j ρ_j (1 − H_j) = 1 − log_8 b:
    //   b = 1 (identity, each neuron reads one unit)         → 1 − 0   = 1
    //   b = 2 (pairs of units share pairs of neurons)        → 1 − 1/3 = 2/3   (log_8 2 = 1/3)
    //   b = 4 (halves: all-equal within each half)            → 1 − 2/3 = 1/3   (log_8 4 = 2/3)
    //   b = 8 (all equal: every neuron reads every unit)      → 1 − 1   = 0.
    // The matrix is symmetric, so disentanglement (rows, base K = 8) gives the same values.
    @Test(
        "identity 1, blocks of 2 → 2/3, blocks of 4 (all-equal halves) → 1/3, all-equal → 0",
        arguments: [(1, 1.0), (2, 2.0 / 3), (4, 1.0 / 3), (8, 0.0)])
    func handDerived(_ blockSize: Int, _ expected: Double) {
        let r = Self.blocks(8, size: blockSize)
        let c = DCIScore.completeness(r)
        let d = DCIScore.disentanglement(r)
        expectAllClose([c.score, d.score], [expected, expected], rtol: 0, atol: 1e-15, "C and D")
        expectAllClose(c.weights, [Double](repeating: 1.0 / 8, count: 8), rtol: 0, atol: 1e-16, "ρ_j")
    }

    @Test("signs do not matter, empty neurons contribute nothing, a single unit has zero entropy")
    func conventions() {
        // Neuron 1 has no weight: ρ = 0, entropy NaN, contribution 0; the others read one unit each.
        let w = Matrix(rows: [[-2, 0, 0], [0, 0, 3]])
        let c = DCIScore.completeness(w)
        #expect(c.score == 1)
        #expect(c.entropies[1].isNaN && c.contributions[1] == 0)
        expectAllClose(c.weights, [0.4, 0, 0.6], rtol: 0, atol: 1e-16, "ρ from |w|")
        #expect(DCIScore.completeness(Matrix(rows: [[1, 2, 3]])).score == 1)
        #expect(DCIScore.completeness(Matrix.zeros(rows: 3, columns: 2)).score == 0)
        // Normalising by 2 informative units instead of 4: a neuron spread over both has H = 1.
        let spread = Matrix(rows: [[1], [1], [0], [0]])
        expectAllClose([DCIScore.completeness(spread).score], [0.5], rtol: 0, atol: 1e-15, "log_4 2 = 1/2")
        expectAllClose([DCIScore.completeness(spread, normalizer: 2).score], [0], rtol: 0, atol: 1e-15, "log_2 2 = 1")
    }

    @Test("a random importance matrix matches the formula with scipy.stats.entropy")
    func matchesScipy() throws {
        var g = SeededGenerator(seed: 8)
        let r = Matrix.randomNormal(rows: 7, columns: 11, using: &g).map { $0 * $0 }
        var batch = OracleBatch()
        batch.add("r", op: "dci", ["importance": .matrix(r)])
        let o = try batch.run("alignment_reference")
        let c = DCIScore.completeness(r)
        let d = DCIScore.disentanglement(r)
        expectAllClose([c.score], [try o.scalar("r", "completeness")], rtol: 0, atol: 1e-13, "C")
        expectAllClose([d.score], [try o.scalar("r", "disentanglement")], rtol: 0, atol: 1e-13, "D")
        expectAllClose(c.contributions, try o.vector("r", "per_neuron"), rtol: 0, atol: 1e-14, "C_j")
    }
}

import Foundation
import IsomorphNumerics
import IsomorphTestSupport
import Testing

/// UDR (Spearman variant): hand-derived pair scores, invariances, grouping and medians, and a
/// random case against `scipy.stats.spearmanr` plus the formula (rounding only: atol 1e-13).
@Suite("Unsupervised Disentanglement Ranking")
struct UDRTests {
    // Derivation, d_a = d_b = 3 and R = |correlation| between the informative latents:
    // score = 1/(3 + 3) · [Σ_b (max_a R_ab)²/Σ_a R_ab + Σ_a (max_b R_ab)²/Σ_b R_ab].
    //  identity (each latent matches exactly one):   every column and row gives 1²/1 = 1 → (3 + 3)/6 = 1
    //  block [[1,1,0],[1,1,0],[0,0,1]] (two latents
    //  mixed, one clean):                            columns 1/2, 1/2, 1 (sum 2), rows likewise → 4/6 = 2/3
    //  all-equal (every latent matches every latent): every column and row gives 1²/3 → (1 + 1)/6 = 1/3.
    @Test(
        "identity 1, block 2/3, all-equal 1/3",
        arguments: [
            ([[1.0, 0, 0], [0, 1, 0], [0, 0, 1]], 1.0), ([[1.0, 1, 0], [1, 1, 0], [0, 0, 1]], 2.0 / 3),
            ([[1.0, 1, 1], [1, 1, 1], [1, 1, 1]], 1.0 / 3),
        ] as [([[Double]], Double)])
    func handDerived(_ rows: [[Double]], _ expected: Double) {
        expectAllClose(
            [UnsupervisedDisentanglementRanking.pairScore(Matrix(rows: rows))], [expected], rtol: 0, atol: 1e-15,
            "pair score")
        // Signs are irrelevant (|R|); so are NaN entries (counted as 0).
        expectAllClose(
            [UnsupervisedDisentanglementRanking.pairScore(Matrix(rows: rows).map { -$0 })], [expected], rtol: 0,
            atol: 1e-15, "negated")
    }

    /// Latents shared by all models, n × 3.
    static func latents(_ n: Int, seed: UInt64) -> Matrix {
        var g = SeededGenerator(seed: seed)
        return .randomNormal(rows: n, columns: 3, using: &g)
    }

    @Test("permutation, sign and monotone transforms do not change the score; uninformative latents are ignored")
    func invariances() {
        let z = Self.latents(200, seed: 1)
        // Model b: latents permuted (2, 0, 1), one negated, one passed through exp (monotone),
        // plus an uninformative constant column.
        let b = Matrix(rows: 200, columns: 4) { i, j in
            switch j {
            case 0: return z[i, 2]
            case 1: return -z[i, 0]
            case 2: return exp(z[i, 1])
            default: return 0.001
            }
        }
        let udr = UnsupervisedDisentanglementRanking(
            models: [z, b, z], informative: [[true, true, true], [true, true, true, false], [true, true, true]])
        // The same ranks up to permutation and sign: exactly the score of z against itself, which
        // is below 1 only because independent latents have small sample correlations (n = 200).
        expectAllClose([udr.pairScores[0, 1]], [udr.pairScores[0, 2]], rtol: 0, atol: 1e-14, "invariance")
        #expect(udr.pairScores[0, 2] > 0.85 && udr.pairScores[0, 2] < 1)
        #expect(udr.informativeCounts == [3, 3, 3])
        #expect(udr.pairScores[0, 0].isNaN)
        // An entangled model (rotations mixing all latents) scores lower.
        let mixed = z.matmul(Matrix(rows: [[1, 1, 1], [1, -1, 0.5], [0.5, 1, -1]]))
        let entangled = UnsupervisedDisentanglementRanking(
            models: [z, mixed], informative: [[true, true, true], [true, true, true]])
        #expect(entangled.pairScores[0, 1] < 0.7)
    }

    @Test("model scores are medians over pairs within groups; a model alone has none")
    func groupsAndMedians() {
        let z = Self.latents(100, seed: 2)
        var g = SeededGenerator(seed: 3)
        let noisy = (0..<4).map { k in z + (0.2 * Double(k)) * Matrix.randomNormal(rows: 100, columns: 3, using: &g) }
        let all = [[Bool]](repeating: [true, true, true], count: 4)
        let udr = UnsupervisedDisentanglementRanking(models: noisy, informative: all, groups: [0, 0, 0, 1])
        // Model 0 pairs with 1 and 2 only: the median of two is their mean.
        expectAllClose(
            [udr.scores[0]], [(udr.pairScores[0, 1] + udr.pairScores[0, 2]) / 2], rtol: 0, atol: 1e-15, "median")
        #expect(udr.scores[3].isNaN)
        #expect(udr.pairScores[0, 3].isNaN)
        #expect(udr.pairScores[0, 1] == udr.pairScores[1, 0])
    }

    @Test("pair scores and Spearman correlations match scipy.stats.spearmanr (ties included)")
    func matchesScipy() throws {
        var g = SeededGenerator(seed: 11)
        // Rounded to one decimal so that many values tie.
        let a = Matrix.randomNormal(rows: 60, columns: 5, using: &g).map { ($0 * 10).rounded() / 10 }
        let b = (a.columns(at: [3, 0, 1]) + 0.7 * Matrix.randomNormal(rows: 60, columns: 3, using: &g)).map {
            ($0 * 10).rounded() / 10
        }
        let ia = [true, true, false, true, true]
        let ib = [true, true, true]
        var batch = OracleBatch()
        batch.add("s", op: "spearman", ["a": .matrix(a), "b": .matrix(b)])
        batch.add(
            "u", op: "udr",
            [
                "a": .matrix(a), "b": .matrix(b), "info_a": .vector(ia.map { $0 ? 1 : 0 }),
                "info_b": .vector(ib.map { $0 ? 1 : 0 }),
            ])
        let o = try batch.run("alignment_reference")
        expectMatrixClose(SpearmanCorrelation.columns(a, b), try o.matrix("s", "r"), rtol: 0, atol: 1e-13, "Spearman")
        let udr = UnsupervisedDisentanglementRanking(models: [a, b], informative: [ia, ib])
        expectAllClose([udr.pairScores[0, 1]], [try o.scalar("u", "score")], rtol: 0, atol: 1e-13, "UDR pair")
        #expect(SpearmanCorrelation.averageRanks([3, 1, 3, 2]) == [3.5, 1, 3.5, 2])
    }

    @Test("KL of a diagonal Gaussian posterior against N(0, 1), and the informative filters")
    func informative() {
        // KL = ½(μ² + σ² − log σ² − 1): μ = 1, log σ² = 0 → ½; μ = 0, log σ² = 0 → 0;
        // μ = 0, log σ² = log 2 → ½(2 − log 2 − 1) ≈ 0.1534.
        let means = Matrix(rows: [[1, 0, 0], [-1, 0, 0]])
        let logVariances = Matrix(rows: [[0, 0, log(2.0)], [0, 0, log(2.0)]])
        let kl = InformativeUnits.klDivergence(means: means, logVariances: logVariances)
        expectAllClose(kl, [0.5, 0, 0.5 * (1 - log(2.0))], rtol: 0, atol: 1e-15, "KL")
        #expect(InformativeUnits.byKL(kl) == [true, false, true])
        // Standardised variance: relative to the most variable unit, or absolute.
        let x = Matrix(rows: [[2, 0.1, 5], [-2, -0.1, 5]])
        expectAllClose(
            InformativeUnits.standardizedVariances(x, reference: .maximum), [1, 0.0025, 0], rtol: 0, atol: 1e-15,
            "relative")
        #expect(InformativeUnits.byVariance(x, reference: .maximum) == [true, false, false])
        #expect(InformativeUnits.byVariance(x, reference: .absolute) == [true, true, false])
    }
}

import IsomorphNumerics
import IsomorphTestSupport
import Testing

/// RDM comparisons against `rsatoolbox.rdm.compare` (every method) and SciPy (`spearmanr`,
/// `kendalltau`, `rankdata`).
///
/// Tolerances: every measure is a ratio of sums over N ≤ 190 pairs, accurate to ≈ N·ε: atol 1e-12.
/// Whitened methods with missing pairs go through a Cholesky solve on our side and a matrix inverse
/// on rsatoolbox's (condition number ≈ 10 here): atol 1e-11.
@Suite("RDM comparisons against rsatoolbox and SciPy")
struct RDMComparisonTests {
    static let methods: [RDMComparisonMethod] = RDMComparisonMethod.allCases

    /// `count` condensed RDMs of 20 conditions sharing structure, values rounded to create ties.
    static func rdms(_ count: Int, seed: UInt64, ties: Bool = false) -> [[Double]] {
        let base = TestMatrices.normal(1, 190, seed: 100).row(0)
        return (0..<count).map { k in
            let noise = TestMatrices.normal(1, 190, seed: seed + UInt64(k)).row(0)
            return zip(base, noise).map { b, e in
                let v = 2 + b + 0.8 * e
                return ties ? (v * 2).rounded() / 2 : v
            }
        }
    }

    static func check(_ a: [[Double]], _ b: [[Double]], _ r: OracleResults, _ name: String, atol: Double = 1e-12) throws
    {
        for method in methods {
            let ours = try RDMComparison.scores(a.map(RDMVector.init), b.map(RDMVector.init), method: method)
            let tol = method.isWhitened && a[0].contains(where: \.isNaN) ? 1e-11 : atol
            expectMatrixClose(ours, try r.matrix(name, method.rsatoolboxName), rtol: 0, atol: tol, "\(name): \(method)")
        }
    }

    /// The inputs of every case, shared so that the whole suite runs one Python process.
    static let constant = [[Double]](repeating: [Double](repeating: 1, count: 190), count: 1)
    static let variances = (0..<20).map { 0.5 + Double($0 % 7) / 4 }
    static let bootstrapIndices: [Int] = {
        var g = SeededGenerator(seed: 77)
        return (0..<20).map { _ in Int.random(in: 0..<20, using: &g) }
    }()
    static func withMissing(_ v: [[Double]]) -> [[Double]] {
        var v = v
        for k in [4, 17, 100, 101, 188] { for i in v.indices { v[i][k] = .nan } }
        return v
    }

    /// rsatoolbox's and SciPy's answers for every case (one oracle run for the suite).
    static let oracle: Result<OracleResults, any Error> = Result {
        var batch = OracleBatch()
        func add(_ name: String, _ a: [[Double]], _ b: [[Double]]) {
            batch.add(name, op: "compare", ["a": .matrix(Matrix(rows: a)), "b": .matrix(Matrix(rows: b))])
        }
        add("plain", rdms(3, seed: 1), rdms(4, seed: 10))
        add("ties", rdms(3, seed: 1, ties: true), rdms(4, seed: 10, ties: true))
        add("nan", withMissing(rdms(2, seed: 3)), withMissing(rdms(3, seed: 30)))
        add("const", constant, rdms(1, seed: 7))
        batch.add(
            "diag", op: "compare",
            [
                "a": .matrix(Matrix(rows: rdms(2, seed: 5))), "b": .matrix(Matrix(rows: rdms(2, seed: 50))),
                "sigma": .vector(variances),
            ])
        batch.add(
            "s", op: "scipy",
            ["x": .vector(rdms(1, seed: 9, ties: true)[0]), "y": .vector(rdms(1, seed: 90, ties: true)[0])])
        batch.add(
            "w", op: "weighted",
            [
                "x": .vector(rdms(1, seed: 12, ties: true)[0]), "y": .vector(rdms(1, seed: 13, ties: true)[0]),
                "idx": .integers(bootstrapIndices),
            ])
        return try batch.run("rsa_compare")
    }

    @Test("every method, continuous values and heavy ties")
    func everyMethod() throws {
        let (a, b) = (Self.rdms(3, seed: 1), Self.rdms(4, seed: 10))
        let (ta, tb) = (Self.rdms(3, seed: 1, ties: true), Self.rdms(4, seed: 10, ties: true))
        let r = try Self.oracle.get()
        try Self.check(a, b, r, "plain")
        try Self.check(ta, tb, r, "ties")
    }

    @Test("missing pairs (NaN) are dropped; whitened methods use rsatoolbox's projection")
    func missingPairs() throws {
        let (a, b) = (Self.withMissing(Self.rdms(2, seed: 3)), Self.withMissing(Self.rdms(3, seed: 30)))
        let r = try Self.oracle.get()
        try Self.check(a, b, r, "nan")
    }

    @Test("pattern variances (rsatoolbox's 1-D sigma_k) for whitened methods")
    func patternVariances() throws {
        let (a, b) = (Self.rdms(2, seed: 5), Self.rdms(2, seed: 50))
        let variances = Self.variances
        let r = try Self.oracle.get()
        for method in [RDMComparisonMethod.whitenedCosine, .whitenedPearson] {
            let (va, vb) = (a.map(RDMVector.init), b.map(RDMVector.init))
            let diag = try RDMComparison.scores(va, vb, method: method, covariance: .diagonal(variances))
            expectMatrixClose(diag, try r.matrix("diag", method.rsatoolboxName), rtol: 0, atol: 1e-12, "diag \(method)")
            let plain = try RDMComparison.scores(va, vb, method: method)
            #expect(abs(plain[0, 0] - diag[0, 0]) > 1e-4, "the variances change the score")
        }
        #expect(throws: RSAError.sizeMismatch(what: "pattern variances (one per condition)", expected: 20, actual: 3)) {
            try RDMComparison.score(a[0], b[0], method: .whitenedCosine, covariance: .diagonal([1, 2, 3]))
        }
    }

    @Test("constant vectors: 0 for correlation-type methods, NaN for tau-b, a defined cosine (as rsatoolbox, SciPy)")
    func constantVectors() throws {
        let a = Self.rdms(1, seed: 7)
        let constant = Self.constant
        let r = try Self.oracle.get()
        for method in Self.methods {
            let ours = try RDMComparison.score(constant[0], a[0], method: method)
            let theirs = try r.matrix("const", method.rsatoolboxName)[0, 0]
            if method == .kendallTauB {
                #expect(ours.isNaN, "tau-b of a constant RDM")
            } else if method != .cosine && method != .whitenedCosine {
                #expect(ours == 0, "\(method) of a constant RDM")
            }
            #expect(ours.isNaN == theirs.isNaN && (ours.isNaN || abs(ours - theirs) < 1e-12), "\(method) vs rsatoolbox")
        }
    }

    @Test("Spearman, tau-b and average ranks agree with scipy.stats")
    func scipyStats() throws {
        let (x, y) = (Self.rdms(1, seed: 9, ties: true)[0], Self.rdms(1, seed: 90, ties: true)[0])
        let r = try Self.oracle.get()
        expectAllClose(
            [try RDMComparison.score(x, y, method: .spearman)], [try r.scalar("s", "spearman")], rtol: 0, atol: 1e-12)
        expectAllClose(
            [try RDMComparison.score(x, y, method: .kendallTauB)], [try r.scalar("s", "tau_b")], rtol: 0, atol: 1e-12)
        expectAllClose(averageRanks(x), try r.vector("s", "rank_x"), rtol: 0, atol: 0, "rankdata")
    }

    @Test("pair weights equal rsatoolbox on the materialised bootstrap sample (duplicates excluded)")
    func weightsEqualMaterialisedSample() throws {
        let (x, y) = (Self.rdms(1, seed: 12, ties: true)[0], Self.rdms(1, seed: 13, ties: true)[0])
        let idx = Self.bootstrapIndices
        let r = try Self.oracle.get()
        let weights = CondensedRDM.pairWeights(counts: BootstrapSample.counts(idx, 20))
        for method in Self.methods {
            let ours: Double
            if method.isWhitened {
                let sx = CondensedRDM.subsample(x, conditions: 20, indices: idx.sorted())
                let sy = CondensedRDM.subsample(y, conditions: 20, indices: idx.sorted())
                ours = try RDMComparison.score(sx, sy, method: method)
            } else {
                ours = try RDMComparison.score(x, y, method: method, weights: weights)
            }
            expectAllClose(
                [ours], [try r.scalar("w", method.rsatoolboxName)], rtol: 0, atol: 1e-11, "weighted \(method)")
        }
    }

    @Test("whitened cosine of squared-Euclidean RDMs is linear CKA (Kornblith et al. 2019)")
    func linearCKAEquivalence() throws {
        let x = TestMatrices.normal(25, 12, seed: 40)
        let y = x.matmul(TestMatrices.normal(12, 9, seed: 41)) + TestMatrices.normal(25, 9, seed: 42)
        let dx = RDMBuilder(measure: .squaredEuclideanPerChannel).rdm(x).upperTriangle()
        let dy = RDMBuilder(measure: .squaredEuclideanPerChannel).rdm(y).upperTriangle()
        let whitened = try RDMComparison.score(dx, dy, method: .whitenedCosine)
        let cka = try CKA.linear(x, y, estimator: .biased)
        // Two routes through O(n²·p) sums: agreement to 1e-12.
        #expect(abs(whitened - cka) < 1e-12, "whitened cosine \(whitened) vs linear CKA \(cka)")
    }
}

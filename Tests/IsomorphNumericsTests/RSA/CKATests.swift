import IsomorphNumerics
import IsomorphTestSupport
import Testing

/// Linear CKA against written-out references: the biased estimator in Kornblith et al.'s feature
/// form, the unbiased one through Song et al.'s HSIC formula (eq. 5) and through Kornblith's
/// U-centred kernels. Tolerance: sums of n² ≤ 3,600 products of kernels of order 10²: atol 1e-12.
@Suite("linear CKA (biased and unbiased HSIC) against the published formulas")
struct CKATests {
    @Test("feature-space and kernel routes, wide and narrow representations")
    func agreesWithReferences() throws {
        let x = TestMatrices.normal(60, 8, seed: 1)
        let y = x.matmul(TestMatrices.normal(8, 70, seed: 2)) + 2 * TestMatrices.normal(60, 70, seed: 3)
        var batch = OracleBatch()
        batch.add("xy", op: "cka", ["x": .matrix(x), "y": .matrix(y)])
        batch.add("xx", op: "cka", ["x": .matrix(x), "y": .matrix(x.map { $0 * 3 + 1 })])
        let r = try batch.run("statistics_reference")
        expectAllClose([try CKA.linear(x, y, estimator: .biased)], [try r.scalar("xy", "biased")], rtol: 0, atol: 1e-12)
        let unbiased = try CKA.linear(x, y, estimator: .unbiased)
        expectAllClose([unbiased], [try r.scalar("xy", "unbiased_song")], rtol: 0, atol: 1e-12, "Song et al.")
        expectAllClose([unbiased], [try r.scalar("xy", "unbiased_kornblith")], rtol: 0, atol: 1e-12, "U-centred")
        // CKA is invariant to isotropic scaling and translation: 1 for x against 3x + 1.
        expectAllClose([try CKA.linear(x, x.map { $0 * 3 + 1 }, estimator: .biased)], [1], rtol: 0, atol: 1e-12)
        expectAllClose([try CKA.linear(x, x.map { $0 * 3 + 1 }, estimator: .unbiased)], [1], rtol: 0, atol: 1e-12)
        // The kernel route (p·q > n·(p+q)) and the feature route agree.
        let wide = TestMatrices.normal(20, 300, seed: 4)
        let k = CKA.alignment(x.rows(0..<20).outerGram(), wide.outerGram(), estimator: .biased)
        expectAllClose([try CKA.linear(x.rows(0..<20), wide, estimator: .biased)], [k], rtol: 0, atol: 1e-12)
    }

    @Test("too few stimuli are refused")
    func refusals() {
        let x = TestMatrices.normal(3, 2, seed: 1)
        #expect(throws: RSAError.tooFew(what: "CKA (unbiased): stimuli", minimum: 4, actual: 3)) {
            try CKA.linear(x, x, estimator: .unbiased)
        }
        #expect(
            "\(RSAError.tooFew(what: "CKA (unbiased): stimuli", minimum: 4, actual: 3))"
                == "CKA (unbiased): stimuli: need at least 4, got 3")
    }
}

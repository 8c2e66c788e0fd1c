import IsomorphNumerics
import IsomorphTestSupport
import Testing

/// Variance partitioning: subset R² against `numpy.linalg.lstsq` with an intercept, and the
/// components against the documented closed forms. Tolerance: OLS on ≤ 300 rows, atol 1e-12.
@Suite("variance partitioning against NumPy least squares")
struct VariancePartitioningTests {
    @Test("two and three predictors: subset R², unique and shared components", arguments: [2, 3])
    func partitions(_ k: Int) throws {
        let predictors = (0..<k).map { TestMatrices.normal(1, 300, seed: UInt64(10 + $0)).row(0) }
        var target = TestMatrices.normal(1, 300, seed: 20).row(0)
        for i in target.indices { target[i] += predictors.reduce(0) { $0 + $1[i] } * 0.7 + 0.4 * predictors[0][i] }
        var withNaN = target
        withNaN[7] = .nan
        var batch = OracleBatch()
        let kept = (0..<300).filter { $0 != 7 }
        batch.add(
            "v", op: "varpart",
            [
                "target": .vector(kept.map { target[$0] }),
                "predictors": .matrix(Matrix(rows: predictors.map { p in kept.map { p[$0] } })),
            ])
        let r = try batch.run("statistics_reference")
        let vp = try VariancePartitioning(target: withNaN, predictors: predictors)
        let r2 = try r.vector("v", "r2")
        expectAllClose(vp.subsetR2, r2, rtol: 0, atol: 1e-12, "subset R²")
        expectAllClose([vp.components.reduce(0, +)], [r2.last!], rtol: 0, atol: 1e-12, "components sum to the full R²")
        if k == 2 {
            expectAllClose(
                [vp.components[1], vp.components[2], vp.components[3]],
                [r2[3] - r2[2], r2[3] - r2[1], r2[1] + r2[2] - r2[3]], rtol: 0, atol: 1e-12, "two-predictor formulas")
            #expect(vp.componentName(3, names: ["low", "high"]) == "shared_low_high")
        } else {
            expectAllClose(
                [vp.components[1], vp.components[3], vp.components[7]],
                [r2[7] - r2[6], r2[5] + r2[6] - r2[4] - r2[7], r2[1] + r2[2] + r2[4] - r2[3] - r2[5] - r2[6] + r2[7]],
                rtol: 0, atol: 1e-12, "three-predictor formulas")
        }
    }

    @Test("one predictor is refused")
    func refusals() {
        #expect(throws: RSAError.invalidArgument("variance partitioning takes 2 or 3 predictor RDMs, got 1")) {
            try VariancePartitioning(target: [1, 2, 3], predictors: [[1, 2, 3]])
        }
    }
}

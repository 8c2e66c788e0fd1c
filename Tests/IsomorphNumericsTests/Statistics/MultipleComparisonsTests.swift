import IsomorphNumerics
import IsomorphTestSupport
import Testing

/// p-value corrections against `scipy.stats.false_discovery_control` (Benjamini–Hochberg) and the
/// Bonferroni formula; bootstrap summaries against `numpy.nanpercentile` / `numpy.nanstd(ddof=1)`.
/// Tolerance: a few floating-point operations per value, atol 1e-15.
@Suite("multiple-comparison corrections and bootstrap summaries against SciPy and NumPy")
struct MultipleComparisonsTests {
    @Test("Benjamini–Hochberg and Bonferroni adjusted p-values, with ties and NaN")
    func corrections() throws {
        let p = [0.01, 0.04, 0.03, 0.2, 0.04, 0.5, 0.001, 0.9, 0.049, 0.3]
        var batch = OracleBatch()
        batch.add("p", op: "pvalues", ["p": .vector(p)])
        batch.add(
            "s", op: "summary",
            ["x": .vector(TestMatrices.normal(1, 37, seed: 2).row(0) + [.nan]), "confidence": .scalar(0.95)])
        let r = try batch.run("statistics_reference")
        expectAllClose(
            MultipleComparisons.adjust(p, method: .fdrBH), try r.vector("p", "bh"), rtol: 0, atol: 1e-15, "BH")
        expectAllClose(
            MultipleComparisons.adjust(p, method: .bonferroni), try r.vector("p", "bonferroni"), rtol: 0, atol: 1e-15,
            "Bonferroni")
        let withNaN = MultipleComparisons.adjust(p + [.nan], method: .fdrBH)
        #expect(withNaN.last!.isNaN && Array(withNaN.dropLast()) == MultipleComparisons.adjust(p, method: .fdrBH))
        #expect(MultipleComparisons.adjust(p, method: .none) == p)

        let summary = BootstrapSummary(TestMatrices.normal(1, 37, seed: 2).row(0) + [.nan], confidence: 0.95)
        expectAllClose(
            [summary.lower, summary.upper, summary.standardError],
            [try r.scalar("s", "lo"), try r.scalar("s", "hi"), try r.scalar("s", "se")], rtol: 0, atol: 1e-15,
            "percentile interval and SE")
        #expect(summary.validSamples == 37)
    }
}

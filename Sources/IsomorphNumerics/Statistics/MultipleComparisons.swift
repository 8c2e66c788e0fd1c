/// Corrections of p-values for multiple comparisons (many layers, many regions).
///
/// `NaN` p-values (tests that could not be run) stay `NaN` and do not count towards the number of
/// tests `m`.
public enum MultipleComparisons {
    /// The correction.
    public enum Method: String, Sendable, Hashable, CaseIterable, Codable {
        /// No correction.
        case none
        /// Bonferroni: `min(1, m·p)` (family-wise error rate).
        case bonferroni
        /// Benjamini–Hochberg step-up adjusted p-values (false discovery rate).
        case fdrBH = "fdr-bh"
    }

    /// Adjusted p-values.
    ///
    /// Benjamini–Hochberg: with the `m` finite p-values sorted ascending, `p̃₍ᵢ₎ = min_{k ≥ i}
    /// min(1, m·p₍ₖ₎/k)`, so that rejecting every `p̃ ≤ q` controls the FDR at `q` for independent
    /// (or positively dependent) tests: `scipy.stats.false_discovery_control(p, method='bh')` and
    /// `statsmodels`' `fdr_bh`.
    ///
    /// - Complexity: O(m log m).
    public static func adjust(_ pValues: [Double], method: Method) -> [Double] {
        let finite = pValues.indices.filter { !pValues[$0].isNaN }
        let m = Double(finite.count)
        var out = pValues
        switch method {
        case .none:
            break
        case .bonferroni:
            for i in finite { out[i] = min(1, pValues[i] * m) }
        case .fdrBH:
            let order = finite.sorted { pValues[$0] < pValues[$1] }
            var running = 1.0
            for rank in stride(from: order.count, through: 1, by: -1) {
                let i = order[rank - 1]
                running = min(running, pValues[i] * m / Double(rank))
                out[i] = min(1, running)
            }
        }
        return out
    }
}

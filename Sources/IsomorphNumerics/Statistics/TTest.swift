/// Which departure from the null hypothesis a test looks for.
public enum TTestAlternative: String, Sendable, Hashable, Codable, CaseIterable {
    /// The means differ (either direction): `p = 2·P(T > |t|)`.
    case twoSided = "two-sided"
    /// The first mean is smaller (or the mean is below the reference): `p = P(T ≤ t)`.
    case less
    /// The first mean is larger (or the mean is above the reference): `p = P(T ≥ t)`.
    case greater
}

/// The outcome of a t-test.
public struct TTestResult: Sendable, Hashable {
    /// The t statistic.
    public let statistic: Double
    /// The degrees of freedom (fractional for Welch's test).
    public let degreesOfFreedom: Double
    /// The p-value under the chosen alternative.
    public let pValue: Double
    /// The estimated difference: `mean(a) − mean(b)`, or `mean(a) − μ₀` for one sample.
    public let estimate: Double
    /// The standard error of ``estimate``.
    public let standardError: Double
    /// The alternative the p-value refers to.
    public let alternative: TTestAlternative

    /// Creates a result from its parts.
    public init(
        statistic: Double, degreesOfFreedom: Double, pValue: Double, estimate: Double, standardError: Double,
        alternative: TTestAlternative
    ) {
        self.statistic = statistic
        self.degreesOfFreedom = degreesOfFreedom
        self.pValue = pValue
        self.estimate = estimate
        self.standardError = standardError
        self.alternative = alternative
    }
}

/// t-tests with SciPy's conventions (`scipy.stats.ttest_ind`, `ttest_1samp`; `nan_policy="propagate"`):
/// sample variances with `ddof = 1`; NaN in a sample gives NaN results; a sample with fewer than
/// two values gives NaN. With zero variance in both samples the statistic is `±∞` (different
/// means, p = 0) or NaN (equal means), and Welch's degrees of freedom, 0/0, are taken as 1, as
/// SciPy does.
public enum TTest {
    /// Welch's unequal-variance two-sample t-test (`ttest_ind(a, b, equal_var=False)`).
    ///
    /// `t = (ā − b̄) / √(s²_a/n_a + s²_b/n_b)` with Welch–Satterthwaite degrees of freedom
    /// `ν = (v_a + v_b)² / (v_a²/(n_a − 1) + v_b²/(n_b − 1))`, `v = s²/n`.
    ///
    /// - Parameters:
    ///   - a: The first sample.
    ///   - b: The second sample.
    ///   - alternative: The alternative hypothesis (default two-sided).
    /// - Complexity: O(n_a + n_b).
    public static func welch(_ a: [Double], _ b: [Double], alternative: TTestAlternative = .twoSided) -> TTestResult {
        let (ma, va, na) = moments(a)
        let (mb, vb, nb) = moments(b)
        let sa = va / na
        let sb = vb / nb
        var df = (sa + sb) * (sa + sb) / (sa * sa / (na - 1) + sb * sb / (nb - 1))
        if df.isNaN { df = 1 }  // SciPy: zero variances give 0/0; any df then serves.
        let se = (sa + sb).squareRoot()
        return result(estimate: ma - mb, standardError: se, df: df, alternative: alternative)
    }

    /// Student's two-sample t-test with pooled variance (`ttest_ind(a, b, equal_var=True)`).
    ///
    /// - Complexity: O(n_a + n_b).
    public static func student(_ a: [Double], _ b: [Double], alternative: TTestAlternative = .twoSided) -> TTestResult {
        let (ma, va, na) = moments(a)
        let (mb, vb, nb) = moments(b)
        let df = na + nb - 2
        let pooled = ((na - 1) * va + (nb - 1) * vb) / df
        let se = (pooled * (1 / na + 1 / nb)).squareRoot()
        return result(estimate: ma - mb, standardError: se, df: df, alternative: alternative)
    }

    /// The one-sample t-test of `mean(a) = μ₀` (`ttest_1samp(a, popmean)`), `ν = n − 1`.
    ///
    /// - Parameters:
    ///   - a: The sample.
    ///   - mean: The reference mean μ₀.
    ///   - alternative: The alternative hypothesis (default two-sided).
    /// - Complexity: O(n).
    public static func oneSample(
        _ a: [Double], mean: Double, alternative: TTestAlternative = .twoSided
    )
        -> TTestResult
    {
        let (m, v, n) = moments(a)
        return result(estimate: m - mean, standardError: (v / n).squareRoot(), df: n - 1, alternative: alternative)
    }

    /// The p-value of statistic `t` with `df` degrees of freedom under `alternative`.
    public static func pValue(
        statistic t: Double, degreesOfFreedom df: Double, alternative: TTestAlternative
    )
        -> Double
    {
        let distribution = StudentTDistribution(degreesOfFreedom: df)
        switch alternative {
        case .twoSided:
            let p = 2 * distribution.survival(abs(t))
            return p > 1 ? 1 : p  // keeps NaN (Swift.min would turn it into 1)
        case .less: return distribution.cdf(t)
        case .greater: return distribution.survival(t)
        }
    }

    private static func result(
        estimate: Double, standardError: Double, df: Double, alternative: TTestAlternative
    )
        -> TTestResult
    {
        let t = estimate / standardError
        return TTestResult(
            statistic: t, degreesOfFreedom: df,
            pValue: pValue(statistic: t, degreesOfFreedom: df, alternative: alternative),
            estimate: estimate, standardError: standardError, alternative: alternative)
    }

    /// Mean, variance (ddof 1, two-pass) and size; NaN variance below two values.
    private static func moments(_ x: [Double]) -> (mean: Double, variance: Double, n: Double) {
        let n = Double(x.count)
        guard x.count >= 1 else { return (.nan, .nan, n) }
        let mean = x.reduce(0, +) / n
        var ss = 0.0
        var sum = 0.0
        for v in x {
            ss += (v - mean) * (v - mean)
            sum += v - mean
        }
        let variance = x.count >= 2 ? (ss - sum * sum / n) / (n - 1) : .nan
        return (mean, variance.isNaN ? variance : Swift.max(0, variance), n)
    }
}

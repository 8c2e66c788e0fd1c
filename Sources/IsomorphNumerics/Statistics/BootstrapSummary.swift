/// Summaries of a bootstrap (or any resampling) distribution: percentile confidence intervals
/// and the standard error.
///
/// `NaN` samples (degenerate resamples) are left out, as `numpy.nanpercentile` and `numpy.nanstd`
/// leave them out.
public struct BootstrapSummary: Sendable, Hashable {
    /// The lower end of the percentile interval.
    public var lower: Double
    /// The upper end of the percentile interval.
    public var upper: Double
    /// The standard deviation of the finite samples with `ddof = 1` (the bootstrap standard error;
    /// rsatoolbox's `np.cov` of the samples uses `ddof = 1` too).
    public var standardError: Double
    /// The number of finite samples.
    public var validSamples: Int

    /// Summarises `samples` with a central percentile interval of coverage `confidence`
    /// (`[q(α/2), q(1 − α/2)]` with `α = 1 − confidence`).
    ///
    /// - Complexity: O(B log B).
    public init(_ samples: [Double], confidence: Double) {
        let finite = samples.filter { !$0.isNaN }.sorted()
        let alpha = 1 - confidence
        lower = Self.percentile(sorted: finite, 100 * alpha / 2)
        upper = Self.percentile(sorted: finite, 100 * (1 - alpha / 2))
        validSamples = finite.count
        if finite.count >= 2 {
            let mean = finite.reduce(0, +) / Double(finite.count)
            let ss = finite.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
            standardError = (ss / Double(finite.count - 1)).squareRoot()
        } else {
            standardError = .nan
        }
    }

    /// The `q`-th percentile (0...100) of ascending `sorted` values with linear interpolation
    /// between order statistics: `numpy.percentile(x, q)` (method `'linear'`). `NaN` if empty.
    public static func percentile(sorted x: [Double], _ q: Double) -> Double {
        guard !x.isEmpty else { return .nan }
        let position = Double(x.count - 1) * q / 100
        let lo = Int(position.rounded(.down))
        let hi = min(lo + 1, x.count - 1)
        let t = position - Double(lo)
        // NumPy's _lerp: a + (b − a)·t, evaluated from the nearer end for accuracy.
        let (a, b) = (x[lo], x[hi])
        return t < 0.5 ? a + (b - a) * t : b - (b - a) * (1 - t)
    }
}

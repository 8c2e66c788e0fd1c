import Foundation

/// Which latent units of a model carry information about the stimuli.
///
/// Two criteria are used in the disentanglement literature:
/// - **Standardised variance** (Higgins et al. 2020: units with standardised variance < 0.01
///   across images are uninformative). Here the *standardised variance* of unit `d` is
///   `s_d = Var_images(x_d) / V`, with `Var` the population variance over images (`ddof = 0`)
///   and the reference `V` either 1 (``VarianceReference/absolute``: the units are already on a
///   standardised scale, as VAE posterior means are on the N(0, 1) prior's) or the largest unit
///   variance of the same model (``VarianceReference/maximum``: scale-free, so that AE, PCA or
///   classifier units, whose scales are arbitrary, are treated alike; for a β-VAE, whose
///   informative latents have variance ≈ 1, the two agree). A unit is informative when
///   `s_d ≥ threshold`.
/// - **KL divergence** (Duan et al. 2020, UDR: informative latents have mean KL > 0.01): the
///   posterior `N(μ, σ²)` against the `N(0, 1)` prior, averaged over images,
///   `KL_d = mean_i ½ (μ²_id + σ²_id − log σ²_id − 1)`.
public enum InformativeUnits {
    /// The reference scale of the standardised variance.
    public enum VarianceReference: String, Sendable, Hashable, Codable, CaseIterable {
        /// `s_d = Var(x_d)`: units already standardised (VAE posterior means).
        case absolute
        /// `s_d = Var(x_d) / max_d' Var(x_d')`: relative to the model's most variable unit.
        case maximum = "max"
    }

    /// The standardised variance of every unit (column) of `x` (images in rows).
    ///
    /// - Parameters:
    ///   - x: Unit responses, images in rows.
    ///   - reference: What the variance is divided by.
    /// - Returns: One value per unit; all 0 when every unit is constant under ``VarianceReference/maximum``.
    /// - Complexity: O(images · units).
    public static func standardizedVariances(_ x: Matrix, reference: VarianceReference) -> [Double] {
        let variances = x.columnVariances(ddof: 0)
        switch reference {
        case .absolute: return variances
        case .maximum:
            let largest = variances.max() ?? 0
            return variances.map { largest > 0 ? $0 / largest : 0 }
        }
    }

    /// Units whose standardised variance reaches `threshold` (default 0.01).
    public static func byVariance(_ x: Matrix, threshold: Double = 0.01, reference: VarianceReference) -> [Bool] {
        standardizedVariances(x, reference: reference).map { $0 >= threshold }
    }

    /// The mean KL divergence of each latent's posterior `N(μ, exp(logVariance))` from `N(0, 1)`.
    ///
    /// - Parameters:
    ///   - means: Posterior means, images in rows, latents in columns.
    ///   - logVariances: Posterior log-variances, same shape.
    /// - Complexity: O(images · latents).
    public static func klDivergence(means: Matrix, logVariances: Matrix) -> [Double] {
        precondition(
            means.rowCount == logVariances.rowCount && means.columnCount == logVariances.columnCount,
            "klDivergence: means \(means.rowCount)×\(means.columnCount), log-variances "
                + "\(logVariances.rowCount)×\(logVariances.columnCount)")
        let kl = means.elementwise(logVariances) { mu, lv in 0.5 * (mu * mu + exp(lv) - lv - 1) }
        return kl.columnMeans()
    }

    /// Latents whose mean KL exceeds `threshold` (default 0.01, strictly greater as in Duan et al.).
    public static func byKL(_ kl: [Double], threshold: Double = 0.01) -> [Bool] {
        kl.map { $0 > threshold }
    }
}

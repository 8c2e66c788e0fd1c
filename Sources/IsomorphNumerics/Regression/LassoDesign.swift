/// One training set prepared for LASSO fits of many targets at once: the centring (and scaling)
/// of the features, the Gram matrix or the centred features, and the cross-products `Xᵀy` of
/// every target, all formed once and shared read-only by the per-target fits.
///
/// With `T` targets over the same features (neurons predicted from one model's units, voxels from
/// one layer) the expensive products are formed once per training set with BLAS level 3 (`syrk`
/// for `XᵀX`, `gemm` for `XᵀY`), instead of once per target as a loop over scikit-learn's
/// `LassoCV` does.
public struct LassoDesign: Sendable {
    /// Training samples.
    public let sampleCount: Int
    /// Features.
    public let featureCount: Int
    /// Targets.
    public let targetCount: Int
    /// The training means of the features (zeros without an intercept).
    public let featureMeans: [Double]
    /// The factor each centred feature was multiplied by (`1/σ` when standardising, 0 for a
    /// constant feature; 1 otherwise).
    public let featureFactors: [Double]
    /// The training means of the targets (zeros without an intercept).
    public let targetMeans: [Double]
    /// `‖y_t − ȳ_t‖²` per target (the scale of the stopping rule).
    public let targetSquaredNorms: [Double]
    /// `X̃ᵀ Ỹ` (`p×T`), `X̃`, `Ỹ` the centred (and scaled) training data.
    public let crossProducts: Matrix
    /// `X̃ᵀ X̃` (`p×p`) when the fits run on the Gram matrix, else `nil`.
    public let gram: Matrix?
    /// `X̃ᵀ` (`p×n`, one contiguous row per feature) when the fits keep residuals, else `nil`.
    public let transposedFeatures: Matrix?
    /// `Ỹ` (`n×T`) when the fits keep residuals, else `nil`.
    public let centeredTargets: Matrix?

    /// Prepares the training rows of `x` and `y`.
    ///
    /// - Parameters:
    ///   - x: Features, samples in rows (`N×p`).
    ///   - y: Targets, samples in rows (`N×T`).
    ///   - rows: The training rows (`nil` = all), in any order.
    ///   - options: Intercept, standardisation and Gram settings.
    /// - Complexity: O(n·p² + n·p·T) through `syrk` and `gemm`.
    public init(x: Matrix, y: Matrix, rows: [Int]? = nil, options: LassoOptions) {
        precondition(x.rowCount == y.rowCount, "LassoDesign: \(x.rowCount) feature rows, \(y.rowCount) target rows")
        var xt = rows.map { x.rows(at: $0) } ?? x
        var yt = rows.map { y.rows(at: $0) } ?? y
        let (n, p, t) = (xt.rowCount, xt.columnCount, yt.columnCount)
        sampleCount = n
        featureCount = p
        targetCount = t
        if options.fitIntercept {
            let scaler =
                options.standardize
                ? ColumnStandardizer(standardizing: xt, ddof: 0) : ColumnStandardizer(centering: xt)
            scaler.transform(inPlace: &xt)
            featureMeans = scaler.means
            featureFactors = scaler.factors
            let centering = ColumnStandardizer(centering: yt)
            centering.transform(inPlace: &yt)
            targetMeans = centering.means
        } else {
            featureMeans = [Double](repeating: 0, count: p)
            if options.standardize {
                // Scale by the root mean square (no centring): the standard deviation about zero.
                let rms = xt.columnSumsOfSquares().map { ($0 / Double(max(n, 1))).squareRoot() }
                let scaler = ColumnStandardizer(means: featureMeans, standardDeviations: rms, ddof: 0)
                scaler.transform(inPlace: &xt)
                featureFactors = scaler.factors
            } else {
                featureFactors = [Double](repeating: 1, count: p)
            }
            targetMeans = [Double](repeating: 0, count: t)
        }
        targetSquaredNorms = yt.columnSumsOfSquares()
        crossProducts = xt.matmul(yt, transposeSelf: true)
        if options.usesGram(samples: n, features: p) {
            gram = xt.gram()
            transposedFeatures = nil
            centeredTargets = nil
        } else {
            gram = nil
            transposedFeatures = xt.transposed()
            centeredTargets = yt
        }
    }

    /// Whether the fits run on the Gram matrix.
    public var usesGram: Bool { gram != nil }

    /// scikit-learn's `alpha_max` for target `t`: `max_j |x̃_jᵀ ỹ_t| / n`, the smallest α whose
    /// solution is all zeros.
    public func maximumAlpha(target t: Int) -> Double {
        var m = 0.0
        for j in 0..<featureCount { m = Swift.max(m, abs(crossProducts[j, t])) }
        return m / Double(sampleCount)
    }

    /// Coefficients fitted on the centred (and scaled) features, mapped back to the original
    /// features: `w_j · factor_j`, and the intercept `ȳ − x̄·w`.
    public func originalScale(_ w: [Double], target t: Int) -> (coefficients: [Double], intercept: Double) {
        var coefficients = [Double](repeating: 0, count: featureCount)
        var intercept = targetMeans[t]
        for j in 0..<featureCount {
            coefficients[j] = w[j] * featureFactors[j]
            intercept -= featureMeans[j] * coefficients[j]
        }
        return (coefficients, intercept)
    }
}

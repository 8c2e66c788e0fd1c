/// How a LASSO problem is set up and when coordinate descent stops: scikit-learn's conventions
/// (`sklearn.linear_model.Lasso`, `lasso_path`, `LassoCV`), made explicit.
///
/// The objective for one target `y` (length `n`) and features `X` (`n×p`) is
///
///     (1 / (2n)) · ‖y − b − X w‖²  +  α · ‖w‖₁
///
/// with the intercept `b` left unpenalised: when ``fitIntercept`` is on, `X` and `y` are centred
/// on the training data's means and `b = ȳ − x̄·w` afterwards (scikit-learn's `fit_intercept`).
/// Coordinate descent runs on the unnormalised problem `½‖y − Xw‖² + (α·n)‖w‖₁`, exactly as
/// scikit-learn's `_cd_fast` does, so paths, dual gaps and iteration counts are comparable.
///
/// ### Stopping
/// A sweep updates every active coordinate once, in order (scikit-learn's `selection="cyclic"`).
/// After a sweep whose largest coefficient change is at most ``tolerance`` times the largest
/// coefficient (or when every coefficient is zero, or at the last allowed sweep), the duality gap
/// `G(w, v) = P(w) − D(v)` is evaluated with the rescaled residual as dual point; the fit has
/// converged when `G ≤ tolerance · ‖y_centred‖²` (scikit-learn's rule). The gap is also checked
/// before the first sweep, so a warm start that is already optimal costs no sweep.
///
/// ### Screening
/// With ``screening`` on (scikit-learn ≥ 1.8's `do_screening=True`), every gap evaluation also
/// applies the Gap Safe rule (Ndiaye et al. 2017, eq. 11): feature `j` is provably inactive
/// when `(1 − |x_jᵀθ|) / ‖x_j‖ > √(2G) / (α·n)`; it is set to zero and skipped from then on.
/// Screening never changes the optimum, only the path to it.
public struct LassoOptions: Sendable, Hashable, Codable {
    /// When the Gram matrix `XᵀX` of the training data is formed and coordinate descent runs on it.
    public enum Precompute: String, Sendable, Hashable, Codable, CaseIterable {
        /// Use the Gram matrix when there are more samples than features (`n > p`), as
        /// scikit-learn's `precompute="auto"` does inside `LassoCV`'s folds.
        case auto
        /// Always use the Gram matrix (`O(p²)` per coordinate update, independent of `n`).
        case gram
        /// Never: keep the residual `y − Xw` and update it (`O(n)` per coordinate update).
        case residual
    }

    /// The relative tolerance of the duality-gap stopping rule (scikit-learn's `tol`, default 1e-4).
    public var tolerance: Double
    /// The largest number of sweeps per α (scikit-learn's `max_iter`, default 1000).
    public var maxIterations: Int
    /// Whether an unpenalised intercept is fitted by centring `X` and `y` (default true).
    public var fitIntercept: Bool
    /// Whether each feature is divided by its training standard deviation (`ddof = 0`, as
    /// `StandardScaler`) before fitting; coefficients are reported on the original scale.
    /// Constant features stay at zero (see ``ColumnStandardizer``). Default false, as scikit-learn.
    public var standardize: Bool
    /// When the Gram matrix is used (default ``Precompute/auto``).
    public var precompute: Precompute
    /// Whether Gap Safe screening is applied (default true, as scikit-learn ≥ 1.8).
    public var screening: Bool

    /// Options with scikit-learn's defaults unless stated.
    ///
    /// - Parameters:
    ///   - tolerance: The relative duality-gap tolerance (> 0).
    ///   - maxIterations: Sweeps allowed per α (≥ 1).
    ///   - fitIntercept: Whether to fit an unpenalised intercept.
    ///   - standardize: Whether to z-score features on the training data.
    ///   - precompute: When to use the Gram matrix.
    ///   - screening: Whether to apply Gap Safe screening.
    public init(
        tolerance: Double = 1e-4, maxIterations: Int = 1000, fitIntercept: Bool = true, standardize: Bool = false,
        precompute: Precompute = .auto, screening: Bool = true
    ) {
        self.tolerance = tolerance
        self.maxIterations = maxIterations
        self.fitIntercept = fitIntercept
        self.standardize = standardize
        self.precompute = precompute
        self.screening = screening
    }

    /// Whether a problem with `samples` rows and `features` columns runs on the Gram matrix.
    public func usesGram(samples: Int, features: Int) -> Bool {
        switch precompute {
        case .auto: return samples > features
        case .gram: return true
        case .residual: return false
        }
    }
}

/// Why a LASSO fit could not run.
public struct LassoError: Error, Sendable, Hashable, CustomStringConvertible {
    /// One line naming the operation, the offending value and what to do.
    public let description: String

    /// Creates an error with its message.
    public init(_ description: String) { self.description = description }
}

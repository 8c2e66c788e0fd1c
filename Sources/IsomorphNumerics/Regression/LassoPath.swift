import Foundation

/// A LASSO regularisation path for one target: coefficients at every α of a decreasing grid,
/// each fit warm-started from the previous one (scikit-learn's `lasso_path`).
public struct LassoPath: Sendable, Hashable {
    /// The α values, largest first.
    public let alphas: [Double]
    /// Coefficients on the original feature scale, one row per α (`alphas × features`).
    public let coefficients: Matrix
    /// The intercept at each α (0 without an intercept).
    public let intercepts: [Double]
    /// How coordinate descent ended at each α.
    public let convergence: [LassoConvergence]

    /// Creates a path from its parts.
    public init(alphas: [Double], coefficients: Matrix, intercepts: [Double], convergence: [LassoConvergence]) {
        self.alphas = alphas
        self.coefficients = coefficients
        self.intercepts = intercepts
        self.convergence = convergence
    }
}

/// A LASSO fit at one α.
public struct LassoFit: Sendable, Hashable {
    /// The α fitted.
    public let alpha: Double
    /// Coefficients on the original feature scale.
    public let coefficients: [Double]
    /// The intercept (0 without an intercept).
    public let intercept: Double
    /// How coordinate descent ended.
    public let convergence: LassoConvergence

    /// Creates a fit from its parts.
    public init(alpha: Double, coefficients: [Double], intercept: Double, convergence: LassoConvergence) {
        self.alpha = alpha
        self.coefficients = coefficients
        self.intercept = intercept
        self.convergence = convergence
    }
}

/// LASSO by cyclic coordinate descent with scikit-learn's conventions (see ``LassoOptions`` for
/// the objective and the stopping rule): regularisation grids, paths and single fits. For
/// cross-validated selection over many targets see ``LassoCrossValidation``.
public enum Lasso {
    /// The smallest α the grid may hold (NumPy's `finfo(float64).resolution`, as scikit-learn).
    public static let minimumAlpha = 1e-15

    /// scikit-learn's α grid: `count` values from `maximum` down to `eps · maximum`, evenly
    /// spaced in log scale (`numpy.geomspace`, endpoints exact). When `maximum` is at most
    /// ``minimumAlpha`` (a constant target) every value is ``minimumAlpha``.
    ///
    /// - Parameters:
    ///   - maximum: α_max, typically `max_j |x̃_jᵀỹ| / n` (``LassoDesign/maximumAlpha(target:)``).
    ///   - count: The number of values (≥ 1).
    ///   - eps: `α_min / α_max` (in (0, 1]).
    /// - Complexity: O(count).
    public static func alphaGrid(maximum: Double, count: Int, eps: Double) -> [Double] {
        precondition(count >= 1, "alphaGrid: count must be ≥ 1, got \(count)")
        if maximum <= minimumAlpha { return [Double](repeating: minimumAlpha, count: count) }
        // numpy.geomspace: 10 ** linspace(log10(start), log10(stop)), endpoints replaced by the exact values.
        let logStart = log10(maximum)
        let logStop = log10(maximum * eps)
        if count == 1 { return [maximum] }
        let step = (logStop - logStart) / Double(count - 1)
        var grid = (0..<count).map { pow(10, Double($0) * step + logStart) }
        grid[0] = maximum
        grid[count - 1] = maximum * eps
        return grid
    }

    /// The LASSO path of one target (scikit-learn's `lasso_path` with `fit_intercept` handled by
    /// centring, as `LassoCV` does in each fold).
    ///
    /// - Parameters:
    ///   - x: Features, samples in rows (`n×p`).
    ///   - y: The target (`n` values).
    ///   - alphas: The α values (sorted largest first here); `nil` for scikit-learn's grid of
    ///     `count` values down to `eps · α_max`.
    ///   - count: Grid size when `alphas` is `nil` (scikit-learn's default 100).
    ///   - eps: Grid ratio when `alphas` is `nil` (default 1e-3).
    ///   - options: Intercept, standardisation, stopping and Gram settings.
    /// - Throws: ``LassoError`` for non-finite data, mismatched lengths or non-positive α.
    /// - Complexity: O(n·p²) for the Gram matrix, then O(p²) (Gram) or O(n·p) (residual) per
    ///   sweep over the active features.
    public static func path(
        x: Matrix, y: [Double], alphas: [Double]? = nil, count: Int = 100, eps: Double = 1e-3,
        options: LassoOptions = LassoOptions()
    ) throws -> LassoPath {
        try validate(x: x, y: Matrix(column: y), options: options)
        let design = LassoDesign(x: x, y: Matrix(column: y), options: options)
        let grid =
            try alphas.map(checkedAlphas) ?? alphaGrid(maximum: design.maximumAlpha(target: 0), count: count, eps: eps)
        var solver = LassoCoordinateDescent(features: x.columnCount, samples: x.rowCount, options: options)
        return path(LassoCoordinateDescent.Target(design, target: 0), alphas: grid, solver: &solver)
    }

    /// A LASSO fit at one α from zero coefficients (scikit-learn's `Lasso(alpha).fit`).
    ///
    /// - Parameters:
    ///   - x: Features, samples in rows (`n×p`).
    ///   - y: The target (`n` values).
    ///   - alpha: The penalty (> 0).
    ///   - options: Intercept, standardisation, stopping and Gram settings.
    /// - Throws: ``LassoError`` for non-finite data, mismatched lengths or a non-positive α.
    /// - Complexity: as ``path(x:y:alphas:count:eps:options:)`` for one α.
    public static func fit(
        x: Matrix, y: [Double], alpha: Double, options: LassoOptions = LassoOptions()
    ) throws
        -> LassoFit
    {
        let p = try path(x: x, y: y, alphas: [alpha], options: options)
        return LassoFit(
            alpha: alpha, coefficients: p.coefficients.row(0), intercept: p.intercepts[0],
            convergence: p.convergence[0])
    }

    /// The path of one prepared target along `alphas` (already sorted), warm-started from zero.
    static func path(
        _ target: LassoCoordinateDescent.Target, alphas: [Double], solver: inout LassoCoordinateDescent
    ) -> LassoPath {
        let design = target.design
        let p = design.featureCount
        var w = [Double](repeating: 0, count: p)
        var coefficients = [Double]()
        coefficients.reserveCapacity(alphas.count * p)
        var intercepts = [Double]()
        var convergence = [LassoConvergence]()
        for alpha in alphas {
            convergence.append(solver.solve(target, alpha: alpha, w: &w))
            let (c, b) = design.originalScale(w, target: target.index)
            coefficients += c
            intercepts.append(b)
        }
        return LassoPath(
            alphas: alphas, coefficients: Matrix(rows: alphas.count, columns: p, elements: coefficients),
            intercepts: intercepts, convergence: convergence)
    }

    /// Explicit α values sorted largest first, after checking they are positive and finite.
    static func checkedAlphas(_ alphas: [Double]) throws -> [Double] {
        guard !alphas.isEmpty else { throw LassoError("lasso: the list of alphas is empty") }
        if let bad = alphas.first(where: { !($0 > 0) || !$0.isFinite }) {
            throw LassoError("lasso: alphas must be positive and finite, got \(bad)")
        }
        return alphas.sorted(by: >)
    }

    /// Checks shapes, finiteness and options before any work.
    static func validate(x: Matrix, y: Matrix, options: LassoOptions) throws {
        guard x.rowCount == y.rowCount else {
            throw LassoError("lasso: X has \(x.rowCount) samples but y has \(y.rowCount)")
        }
        guard x.rowCount >= 2 else { throw LassoError("lasso: at least 2 samples are needed, got \(x.rowCount)") }
        guard x.columnCount >= 1 else { throw LassoError("lasso: X has no features") }
        guard x.isFinite else { throw LassoError("lasso: X holds NaN or infinite values") }
        guard y.isFinite else { throw LassoError("lasso: y holds NaN or infinite values") }
        guard options.tolerance > 0, options.tolerance.isFinite else {
            throw LassoError("lasso: tolerance must be positive, got \(options.tolerance)")
        }
        guard options.maxIterations >= 1 else {
            throw LassoError("lasso: max_iter must be at least 1, got \(options.maxIterations)")
        }
    }
}

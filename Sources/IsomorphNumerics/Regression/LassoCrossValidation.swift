/// K-fold (or any split scheme) cross-validated LASSO for many targets sharing the same features,
/// with the α chosen per target by the minimum-MSE rule and by the one-standard-error rule.
///
/// Per target this is scikit-learn's `LassoCV` given the same folds (`cv=list_of_splits`): the α
/// grid is computed once on all samples (`alphaCount` values down to `eps · α_max`); each training
/// fold is centred (and, optionally, standardised) on its own statistics and fitted along the
/// whole grid with warm starts; the MSE on the held-out fold is recorded per α (the `mse_path_`);
/// the selected α is refitted on all samples from zero coefficients (`Lasso(alpha).fit`).
/// Additionally the one-standard-error α (``LassoSelectionRule/oneStandardError``) is refitted,
/// and the held-out predictions at both α are kept, so variance explained on held-out samples
/// needs no second pass.
///
/// ### Work shared across targets
/// The training Gram matrix `X̃ᵀX̃` and all cross-products `X̃ᵀY` of a fold are formed once (one
/// `syrk` and one `gemm` for every target), then the targets' paths run concurrently
/// (`concurrency` tasks in a task group). Held-out predictions are one small `gemm` per target
/// and fold.
public struct LassoCrossValidation: Sendable {
    /// Grid size when ``alphas`` is `nil` (scikit-learn's default 100).
    public var alphaCount: Int
    /// `α_min / α_max` of the grid (scikit-learn's default 1e-3).
    public var eps: Double
    /// An explicit α grid shared by every target (sorted largest first), instead of the
    /// per-target grid.
    public var alphas: [Double]?
    /// Intercept, standardisation, stopping and Gram settings.
    public var options: LassoOptions
    /// Delta degrees of freedom of the fold-MSE standard deviation for the one-SE rule (default 1).
    public var standardErrorDDOF: Int

    /// Creates a cross-validation with scikit-learn's defaults.
    ///
    /// - Parameters:
    ///   - alphaCount: Grid size (≥ 1).
    ///   - eps: Grid ratio, in (0, 1].
    ///   - alphas: An explicit grid for every target, or `nil`.
    ///   - options: Fit settings.
    ///   - standardErrorDDOF: ddof of the fold-MSE standard deviation (0 or 1).
    public init(
        alphaCount: Int = 100, eps: Double = 1e-3, alphas: [Double]? = nil, options: LassoOptions = LassoOptions(),
        standardErrorDDOF: Int = 1
    ) {
        self.alphaCount = alphaCount
        self.eps = eps
        self.alphas = alphas
        self.options = options
        self.standardErrorDDOF = standardErrorDDOF
    }

    /// Cross-validates every column of `y` against the features `x`.
    ///
    /// - Parameters:
    ///   - x: Features, samples in rows (`N×p`).
    ///   - y: Targets, samples in rows (`N×T`).
    ///   - splits: The train/test splits (each train and test set non-empty).
    ///   - concurrency: How many targets are fitted at once (the thread budget).
    ///   - completed: Told the number of finished targets after each one (for progress bars).
    /// - Throws: ``LassoError`` for invalid data, splits or settings; `CancellationError` when the
    ///   surrounding task is cancelled.
    /// - Complexity: per fold O(n·p² + n·p·T) for the shared products, then per target and fold
    ///   O(alphas · sweeps · p²) (Gram) or O(alphas · sweeps · n·p) (residual).
    public func fit(
        x: Matrix, y: Matrix, splits: [Split], concurrency: Int = 1, completed: (@Sendable (Int) -> Void)? = nil
    ) async throws -> LassoCrossValidationResult {
        try Lasso.validate(x: x, y: y, options: options)
        try validate(splits: splits, count: x.rowCount)
        let grid = try alphas.map(Lasso.checkedAlphas)
        let options = self.options
        let full = LassoDesign(x: x, y: y, options: options)
        var folds = [LassoDesign]()
        var testFeatures = [Matrix]()
        var testTargets = [Matrix]()
        for split in splits {
            try Task.checkCancellation()
            folds.append(LassoDesign(x: x, y: y, rows: split.train, options: options))
            testFeatures.append(x.rows(at: split.test))
            testTargets.append(y.rows(at: split.test))
        }
        let job = TargetJob(
            full: full, folds: folds, splits: splits, testFeatures: testFeatures, testTargets: testTargets,
            grid: grid, alphaCount: alphaCount, eps: eps, options: options, ddof: standardErrorDDOF,
            sampleCount: x.rowCount)
        let outcomes = try await LassoParallel.map(count: y.columnCount, concurrency: concurrency, completed: completed)
        {
            try job.run(target: $0)
        }
        return LassoCrossValidationResult(outcomes: outcomes, splits: splits, features: x.columnCount)
    }

    private func validate(splits: [Split], count: Int) throws {
        guard !splits.isEmpty else { throw LassoError("lasso cross-validation: no splits given") }
        guard alphaCount >= 1 else {
            throw LassoError("lasso cross-validation: n_alphas must be ≥ 1, got \(alphaCount)")
        }
        guard eps > 0, eps <= 1 else { throw LassoError("lasso cross-validation: eps must be in (0, 1], got \(eps)") }
        guard splits.count > standardErrorDDOF, standardErrorDDOF >= 0 else {
            throw LassoError(
                "lasso cross-validation: \(splits.count) split(s) give no standard error with ddof \(standardErrorDDOF)"
            )
        }
        for (k, split) in splits.enumerated() {
            guard split.train.count >= 2, !split.test.isEmpty else {
                throw LassoError(
                    "lasso cross-validation: split \(k) has \(split.train.count) training and \(split.test.count) test samples"
                )
            }
            if let bad = (split.train + split.test).first(where: { $0 < 0 || $0 >= count }) {
                throw LassoError("lasso cross-validation: split \(k) holds index \(bad), outside 0..<\(count)")
            }
        }
    }
}

/// What one target's cross-validation produced.
struct LassoTargetOutcome: Sendable {
    var alphas: [Double]
    /// `alphas × folds`.
    var mse: Matrix
    var selection: LassoSelection
    var fits: [LassoSelectionRule: LassoFit]
    /// Held-out predictions per rule (NaN where a sample was never held out; the mean where it
    /// was held out more than once).
    var heldOut: [LassoSelectionRule: [Double]]
    /// Fits along the fold paths that hit the iteration limit.
    var unconvergedPathFits: Int
}

/// Everything the per-target tasks share (read-only).
private struct TargetJob: Sendable {
    let full: LassoDesign
    let folds: [LassoDesign]
    let splits: [Split]
    let testFeatures: [Matrix]
    let testTargets: [Matrix]
    let grid: [Double]?
    let alphaCount: Int
    let eps: Double
    let options: LassoOptions
    let ddof: Int
    let sampleCount: Int

    func run(target t: Int) throws -> LassoTargetOutcome {
        let p = full.featureCount
        let alphas = grid ?? Lasso.alphaGrid(maximum: full.maximumAlpha(target: t), count: alphaCount, eps: eps)
        var solver = LassoCoordinateDescent(features: p, samples: sampleCount, options: options)
        var mse = Matrix.zeros(rows: alphas.count, columns: folds.count)
        var predictions = [Matrix]()
        var unconverged = 0
        for (k, design) in folds.enumerated() {
            try Task.checkCancellation()
            let path = Lasso.path(LassoCoordinateDescent.Target(design, target: t), alphas: alphas, solver: &solver)
            unconverged += path.convergence.filter { !$0.converged }.count
            // Held-out predictions at every α: X_test · Wᵀ + b (n_test × alphas).
            var predicted = testFeatures[k].matmul(path.coefficients, transposeOther: true)
            let yTest = testTargets[k].column(t)
            let m = yTest.count
            predicted.withUnsafeMutableBufferPointer { b in
                for a in 0..<alphas.count {
                    var ss = 0.0
                    for i in 0..<m {
                        b[i * alphas.count + a] += path.intercepts[a]
                        let r = b[i * alphas.count + a] - yTest[i]
                        ss += r * r
                    }
                    mse[a, k] = ss / Double(m)
                }
            }
            predictions.append(predicted)
        }
        let selection = LassoSelection(mse: mse, ddof: ddof)
        var fits = [LassoSelectionRule: LassoFit]()
        var heldOut = [LassoSelectionRule: [Double]]()
        let target = LassoCoordinateDescent.Target(full, target: t)
        for rule in LassoSelectionRule.allCases {
            let index = selection.index(rule)
            var w = [Double](repeating: 0, count: p)
            let convergence = solver.solve(target, alpha: alphas[index], w: &w)
            let (c, b) = full.originalScale(w, target: t)
            fits[rule] = LassoFit(alpha: alphas[index], coefficients: c, intercept: b, convergence: convergence)
            var sums = [Double](repeating: 0, count: sampleCount)
            var counts = [Int](repeating: 0, count: sampleCount)
            for (k, split) in splits.enumerated() {
                for (row, i) in split.test.enumerated() {
                    sums[i] += predictions[k][row, index]
                    counts[i] += 1
                }
            }
            heldOut[rule] = zip(sums, counts).map { $1 == 0 ? .nan : $0 / Double($1) }
        }
        return LassoTargetOutcome(
            alphas: alphas, mse: mse, selection: selection, fits: fits, heldOut: heldOut,
            unconvergedPathFits: unconverged)
    }
}

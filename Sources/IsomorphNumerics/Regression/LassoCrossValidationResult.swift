/// The results of ``LassoCrossValidation/fit(x:y:splits:concurrency:completed:)`` for `T` targets,
/// `A` α values, `K` splits and `p` features.
public struct LassoCrossValidationResult: Sendable {
    /// The α grid of each target (`T×A`, largest first).
    public let alphas: Matrix
    /// Held-out MSE per target, α and split (`T` matrices of `A×K`, scikit-learn's `mse_path_`).
    public let meanSquaredErrors: [Matrix]
    /// Each target's mean MSE curve, standard errors and selected indices.
    public let selections: [LassoSelection]
    /// The splits the errors were computed on.
    public let splits: [Split]
    /// Fits along the fold paths that reached the iteration limit, summed over targets.
    public let unconvergedPathFits: Int
    private let fits: [[LassoSelectionRule: LassoFit]]
    private let heldOutPredictions: [[LassoSelectionRule: [Double]]]
    private let featureCount: Int

    init(outcomes: [LassoTargetOutcome], splits: [Split], features: Int) {
        let a = outcomes.first?.alphas.count ?? 0
        alphas = Matrix(rows: outcomes.count, columns: a, elements: outcomes.flatMap(\.alphas))
        meanSquaredErrors = outcomes.map(\.mse)
        selections = outcomes.map(\.selection)
        fits = outcomes.map(\.fits)
        heldOutPredictions = outcomes.map(\.heldOut)
        unconvergedPathFits = outcomes.reduce(0) { $0 + $1.unconvergedPathFits }
        featureCount = features
        self.splits = splits
    }

    /// The number of targets.
    public var targetCount: Int { selections.count }

    /// The selected α per target.
    public func alpha(_ rule: LassoSelectionRule) -> [Double] { fits.map { $0[rule]!.alpha } }

    /// The refit on all samples at the selected α, per target.
    public func fit(_ rule: LassoSelectionRule, target t: Int) -> LassoFit { fits[t][rule]! }

    /// The refit coefficients at the selected α (`p×T`, original feature scale).
    public func coefficients(_ rule: LassoSelectionRule) -> Matrix {
        Matrix(columns: fits.map { $0[rule]!.coefficients })
    }

    /// The refit intercepts at the selected α, per target.
    public func intercepts(_ rule: LassoSelectionRule) -> [Double] { fits.map { $0[rule]!.intercept } }

    /// Held-out predictions at the selected α (`N×T`): each sample predicted by the fit of the
    /// split that held it out (the mean over such splits if several did; NaN if none did).
    public func heldOut(_ rule: LassoSelectionRule) -> Matrix {
        Matrix(columns: heldOutPredictions.map { $0[rule]! })
    }

    /// The mean MSE curves (`T×A`).
    public var meanMSE: Matrix { Matrix(rows: selections.map(\.meanMSE)) }

    /// The standard errors of the mean MSE (`T×A`).
    public var standardErrors: Matrix { Matrix(rows: selections.map(\.standardError)) }

    /// Variance explained on held-out samples, `1 − SSE/SST` per target, over the samples that
    /// were held out at least once: SSE sums the squared held-out prediction errors, SST the
    /// squared deviations of those samples from their own mean.
    ///
    /// - Parameters:
    ///   - rule: Which α's predictions to score.
    ///   - y: The targets the model was fitted to (`N×T`).
    /// - Returns: NaN for a target whose held-out values are constant.
    public func varianceExplained(_ rule: LassoSelectionRule, y: Matrix) -> [Double] {
        (0..<targetCount).map { t in
            let predicted = heldOutPredictions[t][rule]!
            let observed = y.column(t)
            let rows = predicted.indices.filter { !predicted[$0].isNaN }
            guard !rows.isEmpty else { return .nan }
            let mean = rows.reduce(0.0) { $0 + observed[$1] } / Double(rows.count)
            var sse = 0.0
            var sst = 0.0
            for i in rows {
                sse += (observed[i] - predicted[i]) * (observed[i] - predicted[i])
                sst += (observed[i] - mean) * (observed[i] - mean)
            }
            return sst > 0 ? 1 - sse / sst : .nan
        }
    }

    /// The number of features.
    public var features: Int { featureCount }
}

import IsomorphArrays
import IsomorphCore
import IsomorphNumerics

/// What the LASSO-based stages (`lasso`, `align.variance-explained`, `align.neuron-subsets`) share:
/// the documented LASSO parameters, their validation, loading a joined pair of representations,
/// realising the folds, and building labelled output variables.
enum LassoStageSupport {
    /// The default `cv:` object: K-fold with `folds` folds, not shuffled (scikit-learn's `KFold`).
    static func defaultCV(folds: Int) -> CanonicalValue {
        // Encoding a value of the parameter type itself keeps the default in step with its fields.
        (try? CanonicalEncoder().encode(CrossValidationParameters(folds: folds))) ?? .object([:])
    }

    /// The `cv` parameter's documentation.
    static func cvDoc(folds: Int) -> ParameterDoc {
        ParameterDoc(
            "cv", .object(CrossValidationParameters.docs(folds: folds)), default: defaultCV(folds: folds),
            "Cross-validation of the α path (the shared cv object); default \(folds)-fold without shuffling, "
                + "as scikit-learn's KFold; shuffled schemes draw from the stage seed.")
    }

    /// The documentation of the LASSO parameters every LASSO-based stage takes.
    static func lassoDocs(defaultRule: LassoSelectionRule) -> [ParameterDoc] {
        let ruleSummary =
            defaultRule == .minimum
            ? "Which α the coefficients and predictions use: min (smallest mean CV MSE; scikit-learn's LassoCV, the default) or one-se (the largest α within one standard error of the minimum; glmnet's lambda.1se)."
            : "Which α the weights and scores use: one-se (the largest α within one standard error of the minimum, as Higgins et al. 2020 and glmnet's lambda.1se; the default) or min (scikit-learn's LassoCV)."
        return [
            ParameterDoc(
                "n_alphas", .int(min: 1), default: .int(100), "Length of the α path (scikit-learn's default 100)."),
            ParameterDoc(
                "eps", .number(min: 1e-12, max: 1), default: .double(1e-3),
                "α_min / α_max of the path; α_max = max|Xᵀy|/n is the smallest α with all coefficients zero (scikit-learn)."
            ),
            ParameterDoc(
                "rule", .choice(LassoSelectionRule.allCases.map(\.rawValue)), default: .string(defaultRule.rawValue),
                ruleSummary),
            ParameterDoc(
                "se_ddof", .int(min: 0, max: 1), default: .int(1),
                "ddof of the fold-MSE standard deviation in the one-SE rule: SE = std(fold MSEs, ddof)/√folds; 1 matches glmnet's cv.glmnet."
            ),
            ParameterDoc(
                "tol", .number(min: 1e-15), default: .double(1e-4),
                "Duality-gap tolerance, relative to ‖y − ȳ‖² (scikit-learn's tol)."),
            ParameterDoc(
                "max_iter", .int(min: 1), default: .int(1000),
                "Coordinate-descent sweeps per α (scikit-learn's max_iter)."),
            ParameterDoc(
                "precompute", .choice(LassoOptions.Precompute.allCases.map(\.rawValue)), default: .string("auto"),
                "Gram matrix use: auto (when samples > features, as scikit-learn's precompute='auto' in LassoCV), gram, or residual; changes rounding only."
            ),
            ParameterDoc(
                "screening", .bool, default: .bool(true),
                "Gap Safe screening of provably inactive features (scikit-learn ≥ 1.8's do_screening); changes rounding only."
            ),
        ]
    }

    /// Checks the LASSO parameters that the documented ranges do not cover.
    static func validate(rule: String, precompute: String, alphas: [Double]?) throws {
        guard LassoSelectionRule(rawValue: rule) != nil else {
            throw StageFailure("parameter 'rule' must be one of min, one-se, got '\(rule)'")
        }
        guard LassoOptions.Precompute(rawValue: precompute) != nil else {
            throw StageFailure("parameter 'precompute' must be one of auto, gram, residual, got '\(precompute)'")
        }
        if let alphas {
            guard !alphas.isEmpty else { throw StageFailure("parameter 'alphas' must not be empty") }
            if let bad = alphas.first(where: { !($0 > 0) }) {
                throw StageFailure("parameter 'alphas' must hold positive values, got \(bad)")
            }
        }
    }

    /// The observation labels of a joined pair as text, and whether the join dropped any.
    struct Pair {
        var x: Representation
        var y: Representation
        /// Coordinates along the observations (for stratified or grouped CV), in joined order.
        var coordinates: [String: [String]]
        var dropped: [Int]
    }

    /// Loads two representations and joins them on their observation labels.
    static func loadPair(
        _ inputs: StageInputs, ports: (String, String), variables: (String?, String?), observations: String,
        join: String
    ) throws -> Pair {
        guard let mode = JoinMode(rawValue: join) else {
            throw StageFailure("parameter 'join' must be one of exact, intersection, positional, got '\(join)'")
        }
        let first = try inputs.dataset(ports.0)
        let x = try Representation.load(from: first, variable: variables.0, observations: observations, port: ports.0)
        let y = try Representation.load(
            from: inputs.dataset(ports.1), variable: variables.1, observations: observations, port: ports.1)
        let joined = try ObservationJoin.align([(ports.0, x), (ports.1, y)], mode: mode)
        // Auxiliary coordinates of the first input, reordered like the join reordered its rows.
        var coordinates = CrossValidationParameters.observationCoordinates(of: first, dimension: observations)
        if let original = x.observationIDs, let kept = joined.representations[0].observationIDs, original != kept {
            var position = [String: Int]()
            for (i, id) in original.enumerated() { position[id] = i }
            let order = kept.map { position[$0]! }
            coordinates = coordinates.mapValues { values in order.map { values[$0] } }
        }
        return Pair(
            x: joined.representations[0], y: joined.representations[1], coordinates: coordinates,
            dropped: joined.dropped)
    }

    /// The name and labels of a representation's feature axis: its own dimension when it has one
    /// (`unit`, `neuron`), else `fallback`; renamed to `avoiding + "_2"` if it collides.
    static func featureAxis(
        _ r: Representation, fallback: String, avoiding: [String] = []
    ) -> (
        name: String, labels: NDArray?
    ) {
        var name = r.featureDimensions.count == 1 ? r.featureDimensions[0].name : fallback
        while avoiding.contains(name) { name += "_2" }
        return (name, r.featureDimensions.count == 1 ? r.featureLabels : nil)
    }

    /// A variable over `dimensions` holding `values` (row-major), float64.
    static func variable(_ dimensions: [String], shape: [Int], _ values: [Double]) throws -> Variable {
        try Variable(dimensions: dimensions, data: NDArray(shape: shape, values: values))
    }

    /// A scalar float64 variable.
    static func scalar(_ value: Double) throws -> Variable {
        try Variable(dimensions: [], data: NDArray(scalar: value))
    }

    /// Sets a coordinate for `dimension` when labels are known.
    static func label(_ dataset: inout Dataset, _ dimension: String, _ labels: NDArray?) throws {
        if let labels { try dataset.setCoordinate(dimension, Variable(dimensions: [dimension], data: labels)) }
    }

    /// Maps numerics errors to stage failures with their message.
    static func run<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as LassoError {
            throw StageFailure(error.description)
        }
    }

    /// The CV curves of a result: alphas, mse, mse_mean, mse_se, index_min, index_1se and the folds.
    static func cvDataset(
        _ r: LassoCrossValidationResult, target: (name: String, labels: NDArray?), splits: [Split],
        observations: Representation, ddof: Int
    ) throws -> Dataset {
        var d = Dataset()
        try LassoStageSupport.label(&d, target.name, target.labels)
        let (t, a, k) = (r.targetCount, r.alphas.columnCount, splits.count)
        try d.setVariable(
            "alphas", LassoStageSupport.variable([target.name, "alpha"], shape: [t, a], r.alphas.elements))
        try d.setVariable(
            "mse",
            LassoStageSupport.variable(
                [target.name, "alpha", "fold"], shape: [t, a, k], r.meanSquaredErrors.flatMap(\.elements)))
        try d.setVariable(
            "mse_mean", LassoStageSupport.variable([target.name, "alpha"], shape: [t, a], r.meanMSE.elements))
        try d.setVariable(
            "mse_se", LassoStageSupport.variable([target.name, "alpha"], shape: [t, a], r.standardErrors.elements))
        try d.setVariable(
            "index_min", Variable(dimensions: [target.name], data: NDArray(r.selections.map { Int32($0.minimumIndex) }))
        )
        try d.setVariable(
            "index_1se",
            Variable(dimensions: [target.name], data: NDArray(r.selections.map { Int32($0.oneStandardErrorIndex) })))
        try LassoStageSupport.label(&d, observations.observationDimension, observations.observationLabels)
        try FoldRecord.add(
            splits, count: observations.observationCount, observationDimension: observations.observationDimension,
            to: &d)
        d.attributes["se_ddof"] = .int(Int64(ddof))
        // Fits along the fold paths that reached max_iter before the duality gap fell below tol
        // (scikit-learn warns with a ConvergenceWarning for each).
        d.attributes["unconverged_fits"] = .int(Int64(r.unconvergedPathFits))
        return d
    }

    /// Held-out predictions at `rule`'s α (observation × target) with the folds.
    static func predictionsDataset(
        _ r: LassoCrossValidationResult, rule: LassoSelectionRule, target: (name: String, labels: NDArray?),
        splits: [Split],
        observations: Representation
    ) throws -> Dataset {
        let obs = observations.observationDimension
        var d = Dataset()
        try LassoStageSupport.label(&d, obs, observations.observationLabels)
        try LassoStageSupport.label(&d, target.name, target.labels)
        let held = r.heldOut(rule)
        try d.setVariable(
            "predictions",
            LassoStageSupport.variable([obs, target.name], shape: [held.rowCount, held.columnCount], held.elements))
        try FoldRecord.add(splits, count: observations.observationCount, observationDimension: obs, to: &d)
        d.attributes["rule"] = .string(rule.rawValue)
        return d
    }
}

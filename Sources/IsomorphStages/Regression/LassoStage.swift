import IsomorphArrays
import IsomorphCore
import IsomorphNumerics

/// `lasso`: cross-validated LASSO from features `x` to every target column of `y` (an encoding
/// model per voxel or neuron, or a decoder per latent), with the α chosen per target by the
/// minimum-MSE rule and by the one-standard-error rule (see ``LassoCrossValidation``).
///
/// Per target this is scikit-learn's `LassoCV` with the realised folds passed explicitly: the
/// same α grid, the same coordinate descent and stopping rule, the same held-out MSE path, and a
/// refit on all observations at the chosen α. Targets run concurrently on the stage's threads;
/// the training Gram matrix and cross-products of every fold are formed once for all targets.
public struct LassoStage: Stage {
    /// The `with:` parameters.
    public struct Parameters: Codable, Hashable, Sendable {
        public var cv: CrossValidationParameters
        public var n_alphas: Int
        public var eps: Double
        public var alphas: [Double]?
        public var rule: String
        public var se_ddof: Int
        public var tol: Double
        public var max_iter: Int
        public var precompute: String
        public var screening: Bool
        public var fit_intercept: Bool
        public var standardize: Bool
        public var join: String
        public var observations: String
        public var x_variable: String?
        public var y_variable: String?

        /// Parameters with the documented defaults.
        public init(
            cv: CrossValidationParameters = CrossValidationParameters(folds: 10), n_alphas: Int = 100,
            eps: Double = 1e-3,
            alphas: [Double]? = nil, rule: String = "min", se_ddof: Int = 1, tol: Double = 1e-4, max_iter: Int = 1000,
            precompute: String = "auto", screening: Bool = true, fit_intercept: Bool = true, standardize: Bool = false,
            join: String = "exact", observations: String = "stimulus", x_variable: String? = nil,
            y_variable: String? = nil
        ) {
            self.cv = cv
            self.n_alphas = n_alphas
            self.eps = eps
            self.alphas = alphas
            self.rule = rule
            self.se_ddof = se_ddof
            self.tol = tol
            self.max_iter = max_iter
            self.precompute = precompute
            self.screening = screening
            self.fit_intercept = fit_intercept
            self.standardize = standardize
            self.join = join
            self.observations = observations
            self.x_variable = x_variable
            self.y_variable = y_variable
        }
    }

    public static let kind = "lasso"
    public static let version = 1
    public static let summary =
        "Cross-validated LASSO from features to every target (scikit-learn's LassoCV conventions), α by min-MSE and one-SE rules."
    /// Shuffled CV schemes draw their folds from the seed.
    public static let isStochastic = true
    public static let parameterDocs: [ParameterDoc] =
        [LassoStageSupport.cvDoc(folds: 10)] + LassoStageSupport.lassoDocs(defaultRule: .minimum) + [
            ParameterDoc(
                "alphas", .list(.number(min: 0)), optional: true,
                "An explicit α grid for every target instead of the per-target path of n_alphas values."),
            ParameterDoc(
                "fit_intercept", .bool, default: .bool(true), "Fit an unpenalised intercept by centring (scikit-learn)."
            ),
            ParameterDoc(
                "standardize", .bool, default: .bool(false),
                "Z-score features (ddof 0) on each training fold before fitting; coefficients are reported on the original scale (default off, as scikit-learn)."
            ),
            ParameterDoc(
                "join", .choice(JoinMode.allCases.map(\.rawValue)), default: .string("exact"),
                "How x and y rows are matched: exact labels, their intersection, or position (docs/conventions.md)."),
            ParameterDoc(
                "observations", .string, default: .string("stimulus"), "The observation dimension of both inputs."),
            ParameterDoc("x_variable", .string, optional: true, "The variable of x to read (default: its only one)."),
            ParameterDoc("y_variable", .string, optional: true, "The variable of y to read (default: its only one)."),
        ]
    public static let inputPorts: [InputPort] = [
        InputPort("x", "Features: observations × features (activations, model units)."),
        InputPort("y", "Targets: observations × targets (voxels, neurons, latents)."),
    ]
    public static let documentedOutputs: [OutputPort] = outputs

    static let outputs: [OutputPort] = [
        OutputPort(
            "model",
            "Refit on all observations: coefficients (feature × target) and intercept at the chosen rule, and at both rules "
                + "(coefficients_min, coefficients_1se, …), with alpha, alpha_min, alpha_1se per target."),
        OutputPort(
            "cv",
            "The CV curves: alphas (target × alpha), mse (target × alpha × fold), mse_mean and mse_se (target × alpha), "
                + "index_min and index_1se, and the realised folds."),
        OutputPort("predictions", "Held-out predictions at the chosen α (observation × target), with the folds."),
        OutputPort(
            "scores",
            "Per target: r2 = 1 − SSE/SST of held-out predictions, r (Pearson), nonzero (non-zero coefficients)."),
    ]

    public let parameters: Parameters

    public init(parameters: Parameters) throws {
        try LassoStageSupport.validate(
            rule: parameters.rule, precompute: parameters.precompute, alphas: parameters.alphas)
        guard JoinMode(rawValue: parameters.join) != nil else {
            throw StageFailure(
                "parameter 'join' must be one of exact, intersection, positional, got '\(parameters.join)'")
        }
        _ = try parameters.cv.splitter()
        self.parameters = parameters
    }

    public var outputPorts: [OutputPort] { Self.outputs }

    var rule: LassoSelectionRule { LassoSelectionRule(rawValue: parameters.rule)! }

    var crossValidation: LassoCrossValidation {
        let p = parameters
        return LassoCrossValidation(
            alphaCount: p.n_alphas, eps: p.eps, alphas: p.alphas,
            options: LassoOptions(
                tolerance: p.tol, maxIterations: p.max_iter, fitIntercept: p.fit_intercept, standardize: p.standardize,
                precompute: LassoOptions.Precompute(rawValue: p.precompute)!, screening: p.screening),
            standardErrorDDOF: p.se_ddof)
    }

    public func run(_ inputs: StageInputs, in context: StageContext) async throws -> StageOutputs {
        let p = parameters
        let pair = try LassoStageSupport.loadPair(
            inputs, ports: ("x", "y"), variables: (p.x_variable, p.y_variable), observations: p.observations,
            join: p.join)
        let (x, y) = (pair.x.matrix, pair.y.matrix)
        let splits = try p.cv.splits(count: x.rowCount, coordinates: pair.coordinates, seed: context.seed)
        let targets = y.columnCount
        let progress = context.progress
        let result = try await LassoStageSupport.run {
            try await crossValidation.fit(x: x, y: y, splits: splits, concurrency: max(1, context.threads)) { done in
                progress.report(fraction: Double(done) / Double(targets), note: "target \(done)/\(targets)")
            }
        }
        let obs = p.observations
        let feature = LassoStageSupport.featureAxis(pair.x, fallback: "feature", avoiding: [obs])
        let target = LassoStageSupport.featureAxis(pair.y, fallback: "target", avoiding: [obs, feature.name])
        return StageOutputs(datasets: [
            "model": try modelDataset(result, feature: feature, target: target),
            "cv": try LassoStageSupport.cvDataset(
                result, target: target, splits: splits, observations: pair.x, ddof: p.se_ddof),
            "predictions": try LassoStageSupport.predictionsDataset(
                result, rule: rule, target: target, splits: splits, observations: pair.x),
            "scores": try scoresDataset(result, y: y, target: target),
        ])
    }

    private func modelDataset(
        _ r: LassoCrossValidationResult, feature: (name: String, labels: NDArray?),
        target: (name: String, labels: NDArray?)
    ) throws -> Dataset {
        var d = Dataset()
        try LassoStageSupport.label(&d, feature.name, feature.labels)
        try LassoStageSupport.label(&d, target.name, target.labels)
        let shape = [r.features, r.targetCount]
        let dims = [feature.name, target.name]
        try d.setVariable("coefficients", LassoStageSupport.variable(dims, shape: shape, r.coefficients(rule).elements))
        try d.setVariable(
            "intercept", LassoStageSupport.variable([target.name], shape: [r.targetCount], r.intercepts(rule)))
        try d.setVariable("alpha", LassoStageSupport.variable([target.name], shape: [r.targetCount], r.alpha(rule)))
        for (suffix, each) in [("min", LassoSelectionRule.minimum), ("1se", .oneStandardError)] {
            try d.setVariable(
                "coefficients_\(suffix)", LassoStageSupport.variable(dims, shape: shape, r.coefficients(each).elements))
            try d.setVariable(
                "intercept_\(suffix)",
                LassoStageSupport.variable([target.name], shape: [r.targetCount], r.intercepts(each)))
            try d.setVariable(
                "alpha_\(suffix)", LassoStageSupport.variable([target.name], shape: [r.targetCount], r.alpha(each)))
        }
        d.attributes["rule"] = .string(parameters.rule)
        d.attributes["objective"] = .string("(1/(2n))·‖y − b − Xw‖² + α‖w‖₁ (scikit-learn)")
        return d
    }

    private func scoresDataset(
        _ r: LassoCrossValidationResult, y: Matrix, target: (name: String, labels: NDArray?)
    )
        throws -> Dataset
    {
        var d = Dataset()
        try LassoStageSupport.label(&d, target.name, target.labels)
        let t = r.targetCount
        let held = r.heldOut(rule)
        let rows = (0..<held.rowCount).filter { i in !held.row(i).contains(where: \.isNaN) }
        let pearson = held.rows(at: rows).pairedColumnCorrelations(with: y.rows(at: rows))
        let nonzero = (0..<t).map { j in Int32(r.coefficients(rule).column(j).filter { $0 != 0 }.count) }
        try d.setVariable("r2", LassoStageSupport.variable([target.name], shape: [t], r.varianceExplained(rule, y: y)))
        try d.setVariable("r", LassoStageSupport.variable([target.name], shape: [t], pearson))
        try d.setVariable("nonzero", Variable(dimensions: [target.name], data: NDArray(nonzero)))
        d.attributes["rule"] = .string(parameters.rule)
        return d
    }
}

import IsomorphArrays
import IsomorphCore
import IsomorphNumerics

/// `align.variance-explained`: how well a model's units explain each neuron, as Higgins et al.
/// 2020 measure it (``LassoAlignment``): per neuron, LASSO from the model's standardised units
/// (uninformative units zeroed), 10-fold CV over a path of 100 α, the one-standard-error α,
/// variance explained `1 − SSE/SST` on held-out images. Its `weights` output feeds
/// `align.completeness` and `align.disentanglement`.
public struct AlignVarianceExplainedStage: Stage {
    /// The `with:` parameters.
    public struct Parameters: Codable, Hashable, Sendable {
        public var cv: CrossValidationParameters
        public var n_alphas: Int
        public var eps: Double
        public var rule: String
        public var se_ddof: Int
        public var tol: Double
        public var max_iter: Int
        public var precompute: String
        public var screening: Bool
        public var informative_threshold: Double
        public var variance_reference: String
        public var standardize_neurons: Bool
        public var join: String
        public var observations: String
        public var model_variable: String?
        public var neurons_variable: String?

        /// Parameters with the documented defaults (Higgins et al. 2020's settings).
        public init(
            cv: CrossValidationParameters = CrossValidationParameters(folds: 10), n_alphas: Int = 100,
            eps: Double = 1e-3,
            rule: String = "one-se", se_ddof: Int = 1, tol: Double = 1e-4, max_iter: Int = 1000,
            precompute: String = "auto", screening: Bool = true, informative_threshold: Double = 0.01,
            variance_reference: String = "max", standardize_neurons: Bool = true, join: String = "exact",
            observations: String = "stimulus", model_variable: String? = nil, neurons_variable: String? = nil
        ) {
            self.cv = cv
            self.n_alphas = n_alphas
            self.eps = eps
            self.rule = rule
            self.se_ddof = se_ddof
            self.tol = tol
            self.max_iter = max_iter
            self.precompute = precompute
            self.screening = screening
            self.informative_threshold = informative_threshold
            self.variance_reference = variance_reference
            self.standardize_neurons = standardize_neurons
            self.join = join
            self.observations = observations
            self.model_variable = model_variable
            self.neurons_variable = neurons_variable
        }
    }

    public static let kind = "align.variance-explained"
    public static let version = 1
    public static let summary =
        "Per-neuron held-out variance explained by LASSO from a model's standardised units (Higgins et al. 2020), with the weights for alignment scores."
    /// Shuffled CV schemes draw their folds from the seed.
    public static let isStochastic = true
    public static let parameterDocs: [ParameterDoc] =
        [LassoStageSupport.cvDoc(folds: 10)] + LassoStageSupport.lassoDocs(defaultRule: .oneStandardError)
        + AlignmentStageSupport.informativeDocs + [
            ParameterDoc(
                "standardize_neurons", .bool, default: .bool(true),
                "Z-score neurons (ddof 0) before fitting, so weights are in neuron SDs per unit SD and comparable across neurons."
            )
        ] + AlignmentStageSupport.pairDocs
    public static let inputPorts: [InputPort] = [
        InputPort("model", "Model units: images × units (e.g. a VAE's latent means)."),
        InputPort("neurons", "Neural responses: images × neurons."),
    ]
    public static let documentedOutputs: [OutputPort] = outputs

    static let outputs: [OutputPort] = [
        OutputPort(
            "scores",
            "variance_explained (neuron), mean_variance_explained, alpha/alpha_min/alpha_1se (neuron), "
                + "standardized_variance and informative (unit), the folds."),
        OutputPort(
            "weights",
            "weights (unit × neuron) of the refit at the chosen α on standardised units; intercept; informative."),
        OutputPort(
            "cv", "The CV curves per neuron: alphas, mse (neuron × alpha × fold), mse_mean, mse_se, indices, folds."),
        OutputPort(
            "predictions", "Held-out predictions at the chosen α (image × neuron; standardised neurons if so fitted)."),
    ]

    public let parameters: Parameters

    public init(parameters: Parameters) throws {
        let p = parameters
        try LassoStageSupport.validate(rule: p.rule, precompute: p.precompute, alphas: nil)
        try AlignmentStageSupport.validate(variableReference: p.variance_reference, join: p.join)
        _ = try p.cv.splitter()
        self.parameters = parameters
    }

    public var outputPorts: [OutputPort] { Self.outputs }

    var settings: LassoAlignment.Settings {
        let p = parameters
        return AlignmentStageSupport.settings(
            nAlphas: p.n_alphas, eps: p.eps, rule: p.rule, seDDOF: p.se_ddof, tol: p.tol, maxIter: p.max_iter,
            precompute: p.precompute, screening: p.screening, informativeThreshold: p.informative_threshold,
            varianceReference: p.variance_reference, standardizeNeurons: p.standardize_neurons)
    }

    public func run(_ inputs: StageInputs, in context: StageContext) async throws -> StageOutputs {
        let p = parameters
        let pair = try LassoStageSupport.loadPair(
            inputs, ports: ("model", "neurons"), variables: (p.model_variable, p.neurons_variable),
            observations: p.observations, join: p.join)
        let splits = try p.cv.splits(count: pair.x.observationCount, coordinates: pair.coordinates, seed: context.seed)
        let neurons = pair.y.featureCount
        let progress = context.progress
        let settings = self.settings
        let alignment = try await LassoStageSupport.run {
            try await LassoAlignment(
                units: pair.x.matrix, neurons: pair.y.matrix, splits: splits, settings: settings,
                concurrency: max(1, context.threads)
            ) { done in progress.report(fraction: Double(done) / Double(neurons), note: "neuron \(done)/\(neurons)") }
        }
        let obs = p.observations
        let unit = LassoStageSupport.featureAxis(pair.x, fallback: "unit", avoiding: [obs])
        let neuron = LassoStageSupport.featureAxis(pair.y, fallback: "neuron", avoiding: [obs, unit.name])
        let cv = alignment.crossValidation
        let rule = settings.rule

        var scores = Dataset()
        try LassoStageSupport.label(&scores, unit.name, unit.labels)
        try LassoStageSupport.label(&scores, neuron.name, neuron.labels)
        try LassoStageSupport.label(&scores, obs, pair.x.observationLabels)
        let k = neurons
        try scores.setVariable(
            "variance_explained", LassoStageSupport.variable([neuron.name], shape: [k], alignment.varianceExplained))
        let finite = alignment.varianceExplained.filter { !$0.isNaN }
        try scores.setVariable(
            "mean_variance_explained",
            LassoStageSupport.scalar(finite.isEmpty ? .nan : finite.reduce(0, +) / Double(finite.count)))
        try scores.setVariable("alpha", LassoStageSupport.variable([neuron.name], shape: [k], cv.alpha(rule)))
        try scores.setVariable("alpha_min", LassoStageSupport.variable([neuron.name], shape: [k], cv.alpha(.minimum)))
        try scores.setVariable(
            "alpha_1se", LassoStageSupport.variable([neuron.name], shape: [k], cv.alpha(.oneStandardError)))
        try scores.setVariable(
            "standardized_variance",
            LassoStageSupport.variable([unit.name], shape: [pair.x.featureCount], alignment.standardizedVariances))
        try scores.setVariable("informative", AlignmentStageSupport.mask(unit.name, alignment.informative))
        try FoldRecord.add(splits, count: pair.x.observationCount, observationDimension: obs, to: &scores)
        scores.attributes["rule"] = .string(p.rule)
        scores.attributes["variance_explained"] = .string("1 − SSE/SST over held-out images (pooled over folds)")

        var weights = Dataset()
        try LassoStageSupport.label(&weights, unit.name, unit.labels)
        try LassoStageSupport.label(&weights, neuron.name, neuron.labels)
        try weights.setVariable(
            "weights",
            LassoStageSupport.variable(
                [unit.name, neuron.name], shape: [pair.x.featureCount, k], alignment.weights.elements))
        try weights.setVariable("intercept", LassoStageSupport.variable([neuron.name], shape: [k], cv.intercepts(rule)))
        try weights.setVariable("informative", AlignmentStageSupport.mask(unit.name, alignment.informative))
        weights.attributes["scale"] = .string(
            p.standardize_neurons ? "standardised units → standardised neurons" : "standardised units → neurons")
        weights.attributes["rule"] = .string(p.rule)

        return StageOutputs(datasets: [
            "scores": scores, "weights": weights,
            "cv": try LassoStageSupport.cvDataset(
                cv, target: neuron, splits: splits, observations: pair.x, ddof: p.se_ddof),
            "predictions": try LassoStageSupport.predictionsDataset(
                cv, rule: rule, target: neuron, splits: splits, observations: pair.x),
        ])
    }
}

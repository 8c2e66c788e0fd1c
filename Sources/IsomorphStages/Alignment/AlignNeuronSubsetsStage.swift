import IsomorphArrays
import IsomorphCore
import IsomorphNumerics

/// `align.neuron-subsets`: the ceiling control of Higgins et al. 2020 (Fig. 3b): random subsets of
/// recorded neurons, sizes drawn from 10–50 with several subsets per size
/// (``AlignmentControls/neuronSubsets(neuronCount:sizes:sizeCount:perSize:using:)``), each treated
/// as a "model" whose units are those neurons and aligned like a model (``LassoAlignment``) with
/// the population — the neurons themselves by default, or another target population (artificial
/// neurons for Fig. 3c). The scores are the alignment a model made of real neurons reaches.
public struct AlignNeuronSubsetsStage: Stage {
    /// The `with:` parameters.
    public struct Parameters: Codable, Hashable, Sendable {
        public var min_size: Int
        public var max_size: Int
        public var sizes: Int
        public var per_size: Int
        public var exclude_self: Bool
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
        public var neurons_variable: String?
        public var targets_variable: String?

        /// Parameters with the documented defaults.
        public init(
            min_size: Int = 10, max_size: Int = 50, sizes: Int = 10, per_size: Int = 5, exclude_self: Bool = false,
            cv: CrossValidationParameters = CrossValidationParameters(folds: 10), n_alphas: Int = 100,
            eps: Double = 1e-3,
            rule: String = "one-se", se_ddof: Int = 1, tol: Double = 1e-4, max_iter: Int = 1000,
            precompute: String = "auto",
            screening: Bool = true, informative_threshold: Double = 0.01, variance_reference: String = "max",
            standardize_neurons: Bool = true, join: String = "exact", observations: String = "stimulus",
            neurons_variable: String? = nil, targets_variable: String? = nil
        ) {
            self.min_size = min_size
            self.max_size = max_size
            self.sizes = sizes
            self.per_size = per_size
            self.exclude_self = exclude_self
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
            self.neurons_variable = neurons_variable
            self.targets_variable = targets_variable
        }
    }

    public static let kind = "align.neuron-subsets"
    public static let version = 1
    public static let summary =
        "Ceiling control: random neuron subsets (sizes 10–50) aligned as if they were models; completeness and VE per subset."
    public static let isStochastic = true
    public static let parameterDocs: [ParameterDoc] =
        [
            ParameterDoc(
                "min_size", .int(min: 1), default: .int(10), "Smallest subset size (Higgins et al. 2020: 10)."),
            ParameterDoc("max_size", .int(min: 1), default: .int(50), "Largest subset size (50)."),
            ParameterDoc(
                "sizes", .int(min: 1), default: .int(10), "How many distinct sizes are drawn from [min_size, max_size]."
            ),
            ParameterDoc("per_size", .int(min: 1), default: .int(5), "Random subsets per size."),
            ParameterDoc(
                "exclude_self", .bool, default: .bool(false),
                "Drop a subset's own neurons from the targets (only when the targets are the same neurons); default: align with the whole population, the subset included."
            ),
            LassoStageSupport.cvDoc(folds: 10),
        ] + LassoStageSupport.lassoDocs(defaultRule: .oneStandardError) + AlignmentStageSupport.informativeDocs + [
            ParameterDoc(
                "standardize_neurons", .bool, default: .bool(true),
                "Z-score the target neurons (ddof 0) before fitting."),
            ParameterDoc(
                "join", .choice(JoinMode.allCases.map(\.rawValue)), default: .string("exact"),
                "How the rows of neurons and targets are matched."),
            ParameterDoc("observations", .string, default: .string("stimulus"), "The observation (image) dimension."),
            ParameterDoc("neurons_variable", .string, optional: true, "The variable of 'neurons' to read."),
            ParameterDoc("targets_variable", .string, optional: true, "The variable of 'targets' to read."),
        ]
    public static let inputPorts: [InputPort] = [
        InputPort("neurons", "Recorded responses the subsets are drawn from: images × neurons."),
        InputPort("targets", "The population aligned with (default: 'neurons' itself).", optional: true),
    ]
    public static let documentedOutputs: [OutputPort] = [
        OutputPort(
            "scores",
            "score (subset: completeness), mean_variance_explained (subset), size (subset), members (subset × neuron, 0/1), folds."
        )
    ]

    public let parameters: Parameters

    public init(parameters: Parameters) throws {
        let p = parameters
        guard p.min_size <= p.max_size else {
            throw StageFailure("parameter 'min_size' (\(p.min_size)) must not exceed 'max_size' (\(p.max_size))")
        }
        try LassoStageSupport.validate(rule: p.rule, precompute: p.precompute, alphas: nil)
        try AlignmentStageSupport.validate(variableReference: p.variance_reference, join: p.join)
        _ = try p.cv.splitter()
        self.parameters = parameters
    }

    public var outputPorts: [OutputPort] { Self.documentedOutputs }

    public func run(_ inputs: StageInputs, in context: StageContext) async throws -> StageOutputs {
        let p = parameters
        let hasTargets = inputs.bindings["targets"] != nil
        let pair = try LassoStageSupport.loadPair(
            inputs, ports: ("neurons", hasTargets ? "targets" : "neurons"),
            variables: (p.neurons_variable, hasTargets ? p.targets_variable : p.neurons_variable),
            observations: p.observations, join: p.join)
        let (source, targets) = (pair.x.matrix, pair.y.matrix)
        var generator = SeededGenerator(seed: context.seed)
        let subsets = AlignmentControls.neuronSubsets(
            neuronCount: source.columnCount, sizes: p.min_size...p.max_size, sizeCount: p.sizes, perSize: p.per_size,
            using: &generator)
        let splits = try p.cv.splits(count: source.rowCount, coordinates: pair.coordinates, seed: context.seed)
        let settings = AlignmentStageSupport.settings(
            nAlphas: p.n_alphas, eps: p.eps, rule: p.rule, seDDOF: p.se_ddof, tol: p.tol, maxIter: p.max_iter,
            precompute: p.precompute, screening: p.screening, informativeThreshold: p.informative_threshold,
            varianceReference: p.variance_reference, standardizeNeurons: p.standardize_neurons)
        var scores = [Double]()
        var meanVE = [Double]()
        for (s, subset) in subsets.enumerated() {
            try context.checkCancellation()
            let members = Set(subset)
            let kept = p.exclude_self && !hasTargets ? (0..<targets.columnCount).filter { !members.contains($0) } : nil
            let alignment = try await LassoStageSupport.run {
                try await LassoAlignment(
                    units: source.columns(at: subset), neurons: kept.map { targets.columns(at: $0) } ?? targets,
                    splits: splits, settings: settings, concurrency: max(1, context.threads))
            }
            scores.append(alignment.completeness.score)
            let finite = alignment.varianceExplained.filter { !$0.isNaN }
            meanVE.append(finite.isEmpty ? .nan : finite.reduce(0, +) / Double(finite.count))
            context.progress.report(
                fraction: Double(s + 1) / Double(subsets.count), note: "subset \(s + 1)/\(subsets.count)")
        }
        let n = subsets.count
        let neuronAxis = LassoStageSupport.featureAxis(
            pair.x, fallback: "neuron", avoiding: [p.observations, "subset"])
        var out = Dataset()
        try LassoStageSupport.label(&out, neuronAxis.name, neuronAxis.labels)
        try out.setVariable("score", LassoStageSupport.variable(["subset"], shape: [n], scores))
        try out.setVariable("mean_variance_explained", LassoStageSupport.variable(["subset"], shape: [n], meanVE))
        try out.setVariable("size", AlignmentStageSupport.integers("subset", subsets.map(\.count)))
        var mask = [UInt8](repeating: 0, count: n * source.columnCount)
        for (s, subset) in subsets.enumerated() { for j in subset { mask[s * source.columnCount + j] = 1 } }
        try out.setVariable(
            "members",
            Variable(
                dimensions: ["subset", neuronAxis.name], data: NDArray(shape: [n, source.columnCount], values: mask)))
        try LassoStageSupport.label(&out, p.observations, pair.x.observationLabels)
        try FoldRecord.add(splits, count: source.rowCount, observationDimension: p.observations, to: &out)
        out.attributes["control"] = .string(
            hasTargets
                ? "neuron subsets aligned with the given targets"
                : (p.exclude_self
                    ? "neuron subsets aligned with the other neurons" : "neuron subsets aligned with all neurons"))
        return StageOutputs(datasets: ["scores": out])
    }
}

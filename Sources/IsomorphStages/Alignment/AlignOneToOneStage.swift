import IsomorphArrays
import IsomorphCore
import IsomorphNumerics

/// `align.one-to-one`: one-to-one decoding of a model's informative latents from single neurons
/// (Higgins et al. 2020; ``OneToOneDecoding``): each unit gets a distinct neuron by the Hungarian
/// assignment minimising `Σ(1 − |r|)` on training images, is regressed on that neuron alone, and
/// held-out latents are scored by the cosine distance between predicted and true standardised
/// latent vectors. Also reports a Hopcroft–Karp maximum matching of the thresholded
/// unit–neuron graph and the bottleneck similarity of a complete matching.
public struct AlignOneToOneStage: Stage {
    /// The `with:` parameters.
    public struct Parameters: Codable, Hashable, Sendable {
        public var cv: CrossValidationParameters
        public var similarity: String
        public var match_threshold: Double
        public var informative_threshold: Double
        public var variance_reference: String
        public var join: String
        public var observations: String
        public var model_variable: String?
        public var neurons_variable: String?

        /// Parameters with the documented defaults.
        public init(
            cv: CrossValidationParameters = CrossValidationParameters(folds: 10), similarity: String = "absolute",
            match_threshold: Double = 0.3, informative_threshold: Double = 0.01, variance_reference: String = "max",
            join: String = "exact", observations: String = "stimulus", model_variable: String? = nil,
            neurons_variable: String? = nil
        ) {
            self.cv = cv
            self.similarity = similarity
            self.match_threshold = match_threshold
            self.informative_threshold = informative_threshold
            self.variance_reference = variance_reference
            self.join = join
            self.observations = observations
            self.model_variable = model_variable
            self.neurons_variable = neurons_variable
        }
    }

    public static let kind = "align.one-to-one"
    public static let version = 1
    public static let summary =
        "One-to-one decoding: Hungarian unit→neuron assignment, per-unit regression from one neuron, held-out cosine distance of latent vectors."
    /// Shuffled CV schemes draw their folds from the seed.
    public static let isStochastic = true
    public static let parameterDocs: [ParameterDoc] =
        [
            ParameterDoc(
                "cv", .object(CrossValidationParameters.docs(folds: 10)),
                default: LassoStageSupport.defaultCV(folds: 10),
                "Train/test splits of the images (the shared cv object); default 10-fold without shuffling."),
            ParameterDoc(
                "similarity", .choice(OneToOneDecoding.Similarity.allCases.map(\.rawValue)),
                default: .string("absolute"),
                "Unit–neuron similarity s: |r| (absolute, the default: a neuron may code a latent with either sign) or r (signed); the assignment minimises Σ(1 − s)."
            ),
            ParameterDoc(
                "match_threshold", .number(min: -1, max: 1), default: .double(0.3),
                "Edges of the thresholded graph for the Hopcroft–Karp maximum matching: s ≥ this."),
        ] + AlignmentStageSupport.informativeDocs + AlignmentStageSupport.pairDocs
    public static let inputPorts: [InputPort] = [
        InputPort("model", "Model units (latents): images × units; only informative units are decoded."),
        InputPort("neurons", "Neural responses: images × neurons."),
    ]
    public static let documentedOutputs: [OutputPort] = [
        OutputPort(
            "scores",
            "cosine_distance (mean over held-out images), split_cosine_distance (split), image_cosine_distance (image), "
                + "assigned_neuron and assigned_similarity (informative unit), neurons_used, matched_at_threshold, bottleneck, folds."
        )
    ]

    public let parameters: Parameters

    public init(parameters: Parameters) throws {
        guard OneToOneDecoding.Similarity(rawValue: parameters.similarity) != nil else {
            throw StageFailure("parameter 'similarity' must be one of absolute, signed, got '\(parameters.similarity)'")
        }
        try AlignmentStageSupport.validate(variableReference: parameters.variance_reference, join: parameters.join)
        _ = try parameters.cv.splitter()
        self.parameters = parameters
    }

    public var outputPorts: [OutputPort] { Self.documentedOutputs }

    public func run(_ inputs: StageInputs, in context: StageContext) async throws -> StageOutputs {
        let p = parameters
        let pair = try LassoStageSupport.loadPair(
            inputs, ports: ("model", "neurons"), variables: (p.model_variable, p.neurons_variable),
            observations: p.observations, join: p.join)
        let informative = InformativeUnits.byVariance(
            pair.x.matrix, threshold: p.informative_threshold,
            reference: InformativeUnits.VarianceReference(rawValue: p.variance_reference)!)
        let kept = informative.indices.filter { informative[$0] }
        guard !kept.isEmpty else { throw StageFailure("input 'model' has no informative unit to decode") }
        let splits = try p.cv.splits(count: pair.x.observationCount, coordinates: pair.coordinates, seed: context.seed)
        let decoded: OneToOneDecoding
        do {
            decoded = try OneToOneDecoding(
                units: pair.x.matrix.columns(at: kept), neurons: pair.y.matrix, splits: splits,
                similarity: OneToOneDecoding.Similarity(rawValue: p.similarity)!, threshold: p.match_threshold)
        } catch let failure as LinearAssignment.Failure {
            throw StageFailure("one-to-one assignment: \(failure.description)")
        }
        let obs = p.observations
        let unit = LassoStageSupport.featureAxis(pair.x, fallback: "unit", avoiding: [obs])
        let neuron = LassoStageSupport.featureAxis(pair.y, fallback: "neuron", avoiding: [obs, unit.name])
        var out = Dataset()
        try LassoStageSupport.label(&out, unit.name, try unit.labels?.selecting(rows: kept))
        try LassoStageSupport.label(&out, obs, pair.x.observationLabels)
        try out.setVariable("cosine_distance", LassoStageSupport.scalar(decoded.cosineDistance))
        try out.setVariable(
            "split_cosine_distance",
            LassoStageSupport.variable(["split"], shape: [splits.count], decoded.splitDistances))
        try out.setVariable(
            "image_cosine_distance",
            LassoStageSupport.variable([obs], shape: [decoded.imageDistances.count], decoded.imageDistances))
        try out.setVariable(
            "assigned_neuron", AlignmentStageSupport.integers(unit.name, decoded.assignment.map { $0 ?? -1 }))
        if let labels = neuron.labels?.storage.textValues {
            let names = decoded.assignment.map { $0.map { labels[$0] } ?? "" }
            try out.setVariable("assigned_neuron_label", Variable(dimensions: [unit.name], data: NDArray(names)))
        }
        try out.setVariable(
            "assigned_similarity",
            LassoStageSupport.variable([unit.name], shape: [kept.count], decoded.assignedSimilarity))
        try out.setVariable("neurons_used", Variable(dimensions: [], data: NDArray(scalar: Int32(decoded.neuronsUsed))))
        try out.setVariable(
            "matched_at_threshold", Variable(dimensions: [], data: NDArray(scalar: Int32(decoded.matchedAtThreshold))))
        try out.setVariable("bottleneck", LassoStageSupport.scalar(decoded.bottleneck))
        try FoldRecord.add(splits, count: pair.x.observationCount, observationDimension: obs, to: &out)
        out.attributes["similarity"] = .string(p.similarity)
        return StageOutputs(datasets: ["scores": out])
    }
}

import IsomorphArrays
import IsomorphCore
import IsomorphNumerics

/// `cka`: linear centered kernel alignment between model representations (a collection, one per
/// layer) and a brain representation, on raw features (Kornblith et al. 2019), with the biased
/// HSIC estimator or the unbiased one of Song et al. (2012) used by Nguyen et al. (2021).
public struct CKAStage: Stage {
    /// The `with:` parameters.
    public struct Parameters: Codable, Hashable, Sendable {
        public var estimator: String
        public var model_variable: String?
        public var brain_variable: String?
        public var observations: String
        public var join: String

        /// Parameters with the documented defaults.
        public init(
            estimator: String = "biased", model_variable: String? = nil, brain_variable: String? = nil,
            observations: String = "stimulus", join: String = "exact"
        ) {
            self.estimator = estimator
            self.model_variable = model_variable
            self.brain_variable = brain_variable
            self.observations = observations
            self.join = join
        }
    }

    public static let kind = "cka"
    public static let version = 1
    public static let summary = "Linear CKA between model representations and a brain representation."
    public static let parameterDocs: [ParameterDoc] = [
        ParameterDoc(
            "estimator", .choice(CKA.Estimator.allCases.map(\.rawValue)), default: .string("biased"),
            "HSIC estimator: biased (Kornblith et al. 2019, equal to rsatoolbox's whitened cosine of squared-Euclidean "
                + "RDMs) or unbiased (Song et al. 2012 eq. 5, as Nguyen et al. 2021; needs ≥ 4 stimuli)."),
        ParameterDoc(
            "model_variable", .string, optional: true, "The variable of the model artifacts (default: the only one)."),
        ParameterDoc(
            "brain_variable", .string, optional: true, "The variable of the brain artifact (default: the only one)."),
        ParameterDoc("observations", .string, default: .string("stimulus"), "The dimension indexing stimuli."),
        ParameterDoc(
            "join", .choice(JoinMode.allCases.map(\.rawValue)), default: .string("exact"),
            "How stimuli are matched: exact, intersection, or positional."),
    ]
    public static let inputPorts: [InputPort] = [
        InputPort("models", .collection, "Model representations (stimuli × units), e.g. one per layer."),
        InputPort("brain", "The brain representation (stimuli × voxels or neurons)."),
    ]
    static let outputs = [OutputPort("cka", "cka over model, and the number of stimuli used per model.")]
    public static let documentedOutputs = outputs

    public let parameters: Parameters
    let estimator: CKA.Estimator

    public init(parameters: Parameters) throws {
        guard let estimator = CKA.Estimator(rawValue: parameters.estimator) else {
            throw StageFailure("unknown estimator '\(parameters.estimator)'")
        }
        self.estimator = estimator
        self.parameters = parameters
    }

    public var outputPorts: [OutputPort] { Self.outputs }

    public func run(_ inputs: StageInputs, in context: StageContext) async throws -> StageOutputs {
        let p = parameters
        let brain = try Representation.load(
            inputs, port: "brain", variable: p.brain_variable, observations: p.observations)
        var labels = [String]()
        var values = [Double]()
        var counts = [Int32]()
        let items = try inputs.collection("models")
        for (k, item) in items.enumerated() {
            try context.checkCancellation()
            let model = try Representation.load(
                from: item.artifact.load(), variable: p.model_variable, observations: p.observations, port: item.source)
            let joined = try ObservationJoin.align(
                [(item.source, model), ("brain", brain)], mode: JoinMode(rawValue: p.join)!)
            let (x, y) = (joined.representations[0].matrix, joined.representations[1].matrix)
            do {
                values.append(try CKA.linear(x, y, estimator: estimator))
            } catch {
                throw StageFailure("\(item.source): \(error)")
            }
            counts.append(Int32(x.rowCount))
            labels.append(
                item.labels.isEmpty
                    ? item.source
                    : item.labels.keys.sorted().map { item.labels[$0]!.compactText }.joined(separator: ","))
            context.progress.report(fraction: Double(k + 1) / Double(items.count), note: nil)
        }
        var out = Dataset()
        try out.setCoordinate("model", Variable("model", labels))
        try out.setVariable("cka", Variable("model", values))
        try out.setVariable("stimuli", Variable("model", counts))
        out.attributes["estimator"] = .string(estimator.rawValue)
        return StageOutputs(datasets: ["cka": out])
    }
}

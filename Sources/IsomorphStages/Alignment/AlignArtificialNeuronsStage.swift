import IsomorphArrays
import IsomorphCore
import IsomorphNumerics

/// `align.artificial-neurons`: the control of Higgins et al. 2020 (Fig. 3c) — artificial neurons
/// that linearly recombine the recorded ones (``AlignmentControls/artificialNeurons(_:count:using:)``):
/// standardised responses × a seeded random matrix of `|N(0, 1)|` entries whose columns sum to 1.
/// Population information is kept, single-neuron alignment destroyed; feed the output to
/// `align.variance-explained` in place of the recorded neurons.
public struct AlignArtificialNeuronsStage: Stage {
    /// The `with:` parameters.
    public struct Parameters: Codable, Hashable, Sendable {
        public var count: Int?
        public var observations: String
        public var variable: String?

        /// Parameters with the documented defaults.
        public init(count: Int? = nil, observations: String = "stimulus", variable: String? = nil) {
            self.count = count
            self.observations = observations
            self.variable = variable
        }
    }

    public static let kind = "align.artificial-neurons"
    public static let version = 1
    public static let summary =
        "Control: artificial neurons = standardised responses × seeded |N(0,1)| matrix with columns summing to 1."
    public static let isStochastic = true
    public static let parameterDocs: [ParameterDoc] = [
        ParameterDoc(
            "count", .int(min: 1), optional: true, "Number of artificial neurons (default: as many as recorded)."),
        ParameterDoc("observations", .string, default: .string("stimulus"), "The observation (image) dimension."),
        ParameterDoc("variable", .string, optional: true, "The variable of 'neurons' to read (default: its only one)."),
    ]
    public static let inputPorts: [InputPort] = [InputPort("neurons", "Recorded responses: images × neurons.")]
    public static let documentedOutputs: [OutputPort] = [
        OutputPort(
            "neurons", "responses: image × neuron (artificial ids a000…), ready to use in place of recorded neurons."),
        OutputPort("mixing", "mixing: source_neuron × neuron, the matrix applied to the z-scored (ddof 0) responses."),
    ]

    public let parameters: Parameters

    public init(parameters: Parameters) throws { self.parameters = parameters }

    public var outputPorts: [OutputPort] { Self.documentedOutputs }

    public func run(_ inputs: StageInputs, in context: StageContext) async throws -> StageOutputs {
        let p = parameters
        let recorded = try Representation.load(
            inputs, port: "neurons", variable: p.variable, observations: p.observations)
        let count = p.count ?? recorded.featureCount
        var generator = SeededGenerator(seed: context.seed)
        let (responses, mixing) = AlignmentControls.artificialNeurons(recorded.matrix, count: count, using: &generator)
        let width = String(max(0, count - 1)).count
        let ids = NDArray(
            (0..<count).map { "a" + String(repeating: "0", count: width - String($0).count) + String($0) })
        var out = try recorded.dataset(variable: "responses", responses, featureDimension: "neuron", featureLabels: ids)
        out.attributes["control"] = .string(
            "artificial neurons: z-scored responses × |N(0,1)| columns normalised to sum 1")
        var matrix = Dataset()
        try matrix.setCoordinate("neuron", Variable(dimensions: ["neuron"], data: ids))
        if recorded.featureDimensions.count == 1, let labels = recorded.featureLabels {
            try matrix.setCoordinate("source_neuron", Variable(dimensions: ["source_neuron"], data: labels))
        }
        try matrix.setVariable(
            "mixing",
            LassoStageSupport.variable(
                ["source_neuron", "neuron"], shape: [recorded.featureCount, count], mixing.elements))
        return StageOutputs(datasets: ["neurons": out, "mixing": matrix])
    }
}

import IsomorphArrays
import IsomorphCore
import IsomorphNumerics

/// `simulate`: a small synthetic study with known ground truth (see ``SyntheticStudy``), so a
/// pipeline runs on a fresh machine with no data and every method can be checked against truth.
public struct SimulateStage: Stage {
    /// The `with:` parameters.
    public struct Parameters: Codable, Hashable, Sendable {
        public var stimuli: Int
        public var latents: Int
        public var units: Int
        public var neurons: Int
        public var subjects: Int
        public var feature_noise: Double
        public var neuron_noise: Double
        public var disentanglement: Double
        public var alignment: Double

        /// Parameters with the documented defaults.
        public init(
            stimuli: Int = 120, latents: Int = 6, units: Int = 40, neurons: Int = 30, subjects: Int = 4,
            feature_noise: Double = 0.1, neuron_noise: Double = 0.5, disentanglement: Double = 0.5,
            alignment: Double = 0.5
        ) {
            self.stimuli = stimuli
            self.latents = latents
            self.units = units
            self.neurons = neurons
            self.subjects = subjects
            self.feature_noise = feature_noise
            self.neuron_noise = neuron_noise
            self.disentanglement = disentanglement
            self.alignment = alignment
        }
    }

    public static let kind = "simulate"
    public static let version = 1
    public static let summary =
        "Generates a synthetic study: latents, model features and noisy neural responses per subject."
    public static let isStochastic = true
    public static let parameterDocs: [ParameterDoc] = [
        ParameterDoc("stimuli", .int(min: 4), default: .int(120), "Number of stimuli (observations)."),
        ParameterDoc("latents", .int(min: 1), default: .int(6), "Number of ground-truth latent factors."),
        ParameterDoc("units", .int(min: 1), default: .int(40), "Number of model units (features)."),
        ParameterDoc("neurons", .int(min: 1), default: .int(30), "Number of neurons (or voxels)."),
        ParameterDoc("subjects", .int(min: 1), default: .int(4), "Subjects (independent noisy recordings)."),
        ParameterDoc("feature_noise", .number(min: 0), default: .double(0.1), "Noise SD added to model units."),
        ParameterDoc("neuron_noise", .number(min: 0), default: .double(0.5), "Noise SD per subject and neuron."),
        ParameterDoc(
            "disentanglement", .number(min: 0, max: 1), default: .double(0.5),
            "Fraction of model units that each read exactly one latent."),
        ParameterDoc(
            "alignment", .number(min: 0, max: 1), default: .double(0.5),
            "Fraction of neurons that each read exactly one latent."),
    ]
    public static let inputPorts: [InputPort] = []
    public static let documentedOutputs: [OutputPort] = outputs

    static let outputs: [OutputPort] = [
        OutputPort("features", "Model features: stimulus × unit."),
        OutputPort("responses", "Neural responses averaged over subjects: stimulus × neuron."),
        OutputPort("subject_responses", "Neural responses per subject: subject × stimulus × neuron."),
        OutputPort(
            "truth",
            "Ground truth: latents (stimulus × latent), feature_mixing (latent × unit), "
                + "neuron_mixing (latent × neuron), label (stimulus)."),
    ]

    public let parameters: Parameters

    public init(parameters: Parameters) throws { self.parameters = parameters }

    public var outputPorts: [OutputPort] { Self.outputs }

    var settings: SyntheticStudy.Settings {
        let p = parameters
        return SyntheticStudy.Settings(
            stimuli: p.stimuli, latents: p.latents, units: p.units, neurons: p.neurons, subjects: p.subjects,
            featureNoise: p.feature_noise, neuronNoise: p.neuron_noise, disentanglement: p.disentanglement,
            alignment: p.alignment)
    }

    public func run(_ inputs: StageInputs, in context: StageContext) async throws -> StageOutputs {
        let study = SyntheticStudy(settings, seed: context.seed)
        let p = parameters
        func ids(_ prefix: String, _ n: Int) -> NDArray {
            let width = String(max(0, n - 1)).count
            return NDArray(
                (0..<n).map { i in prefix + String(repeating: "0", count: width - String(i).count) + String(i) })
        }
        let stimulus = ids("s", p.stimuli)
        let unit = ids("u", p.units)
        let neuron = ids("n", p.neurons)
        let latent = ids("z", p.latents)
        let subject = ids("sub-", p.subjects)

        let features = try Dataset(
            variable: "features", dimensions: ["stimulus", "unit"], data: NDArray(study.features),
            labels: ["stimulus": stimulus, "unit": unit])
        let responses = try Dataset(
            variable: "responses", dimensions: ["stimulus", "neuron"], data: NDArray(study.responses),
            labels: ["stimulus": stimulus, "neuron": neuron])
        let stacked = study.subjectResponses.flatMap(\.elements)
        let subjects = try Dataset(
            variable: "responses", dimensions: ["subject", "stimulus", "neuron"],
            data: NDArray(shape: [p.subjects, p.stimuli, p.neurons], values: stacked),
            labels: ["subject": subject, "stimulus": stimulus, "neuron": neuron])
        var truth = try Dataset(
            variable: "latents", dimensions: ["stimulus", "latent"], data: NDArray(study.latents),
            labels: ["stimulus": stimulus, "latent": latent])
        try truth.setCoordinate("unit", Variable(dimensions: ["unit"], data: unit))
        try truth.setCoordinate("neuron", Variable(dimensions: ["neuron"], data: neuron))
        try truth.setVariable(
            "feature_mixing", Variable(dimensions: ["latent", "unit"], data: NDArray(study.featureMixing)))
        try truth.setVariable(
            "neuron_mixing", Variable(dimensions: ["latent", "neuron"], data: NDArray(study.neuronMixing)))
        try truth.setVariable("label", Variable(dimensions: ["stimulus"], data: NDArray(study.labels)))
        return StageOutputs(datasets: [
            "features": features, "responses": responses, "subject_responses": subjects, "truth": truth,
        ])
    }
}

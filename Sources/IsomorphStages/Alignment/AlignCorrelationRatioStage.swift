import IsomorphArrays
import IsomorphCore
import IsomorphNumerics

/// `align.correlation-ratio`: the average correlation ratio and unit proportion of Higgins et al.
/// 2020 (``CorrelationRatio``): per neuron, `|Pearson|` with each informative unit, ratio =
/// highest / sum; averaged over the unique winning units; unit proportion = unique winners /
/// informative units.
public struct AlignCorrelationRatioStage: Stage {
    /// The `with:` parameters.
    public struct Parameters: Codable, Hashable, Sendable {
        public var per_unit: String
        public var informative_threshold: Double
        public var variance_reference: String
        public var join: String
        public var observations: String
        public var model_variable: String?
        public var neurons_variable: String?

        /// Parameters with the documented defaults.
        public init(
            per_unit: String = "max", informative_threshold: Double = 0.01, variance_reference: String = "max",
            join: String = "exact", observations: String = "stimulus", model_variable: String? = nil,
            neurons_variable: String? = nil
        ) {
            self.per_unit = per_unit
            self.informative_threshold = informative_threshold
            self.variance_reference = variance_reference
            self.join = join
            self.observations = observations
            self.model_variable = model_variable
            self.neurons_variable = neurons_variable
        }
    }

    public static let kind = "align.correlation-ratio"
    public static let version = 1
    public static let summary =
        "Average correlation ratio (best |r| / sum of |r| per neuron, over unique winning units) and unit proportion (Higgins et al. 2020)."
    public static let parameterDocs: [ParameterDoc] =
        [
            ParameterDoc(
                "per_unit", .choice(CorrelationRatio.PerUnit.allCases.map(\.rawValue)), default: .string("max"),
                "A winning unit's value when it wins several neurons: the largest of their ratios (max: its best-matched neuron, the default) or their mean."
            )
        ] + AlignmentStageSupport.informativeDocs + AlignmentStageSupport.pairDocs
    public static let inputPorts: [InputPort] = [
        InputPort("model", "Model units: images × units."),
        InputPort("neurons", "Neural responses: images × neurons."),
    ]
    public static let documentedOutputs: [OutputPort] = [
        OutputPort(
            "scores",
            "average_ratio, unit_proportion, per neuron ratio and winner (unit index, −1 if undefined), informative (unit)."
        )
    ]

    public let parameters: Parameters

    public init(parameters: Parameters) throws {
        guard CorrelationRatio.PerUnit(rawValue: parameters.per_unit) != nil else {
            throw StageFailure("parameter 'per_unit' must be one of max, mean, got '\(parameters.per_unit)'")
        }
        try AlignmentStageSupport.validate(variableReference: parameters.variance_reference, join: parameters.join)
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
        let cr = CorrelationRatio(
            units: pair.x.matrix, neurons: pair.y.matrix, informative: informative,
            perUnit: CorrelationRatio.PerUnit(rawValue: p.per_unit)!)
        let unit = LassoStageSupport.featureAxis(pair.x, fallback: "unit", avoiding: [p.observations])
        let neuron = LassoStageSupport.featureAxis(pair.y, fallback: "neuron", avoiding: [p.observations, unit.name])
        var out = Dataset()
        try LassoStageSupport.label(&out, unit.name, unit.labels)
        try LassoStageSupport.label(&out, neuron.name, neuron.labels)
        try out.setVariable("average_ratio", LassoStageSupport.scalar(cr.averageRatio))
        try out.setVariable("unit_proportion", LassoStageSupport.scalar(cr.unitProportion))
        try out.setVariable("ratio", LassoStageSupport.variable([neuron.name], shape: [cr.ratios.count], cr.ratios))
        try out.setVariable("winner", AlignmentStageSupport.integers(neuron.name, cr.winners.map { $0 ?? -1 }))
        try out.setVariable("informative", AlignmentStageSupport.mask(unit.name, informative))
        out.attributes["per_unit"] = .string(p.per_unit)
        return StageOutputs(datasets: ["scores": out])
    }
}

import IsomorphArrays
import IsomorphCore
import IsomorphNumerics

/// `align.completeness`: the alignment score of Higgins et al. 2020, DCI completeness of
/// `R = |weights|` (units × neurons): how much each neuron's weight concentrates on one unit,
/// `C = Σ_j ρ_j (1 − H_j)` (see ``DCIScore``).
public struct AlignCompletenessStage: Stage {
    public typealias Parameters = DCIParameters
    public static let kind = "align.completeness"
    public static let version = 1
    public static let summary =
        "DCI completeness (the alignment score) of unit-to-neuron regression weights: 1 when each neuron reads one unit."
    public static let parameterDocs: [ParameterDoc] = DCIParameters.docs(base: "the number of units D")
    public static let inputPorts: [InputPort] = [
        InputPort("weights", "Regression weights, units × neurons (align.variance-explained's 'weights').")
    ]
    public static let documentedOutputs: [OutputPort] = [
        OutputPort(
            "scores", "score (C), and per neuron: contribution ρ_j(1 − H_j), entropy H_j, relative_importance ρ_j.")
    ]

    public let parameters: Parameters
    public init(parameters: Parameters) throws {
        try parameters.validate()
        self.parameters = parameters
    }
    public var outputPorts: [OutputPort] { Self.documentedOutputs }
    public func run(_ inputs: StageInputs, in context: StageContext) async throws -> StageOutputs {
        try DCIStage.run(parameters, inputs, completeness: true)
    }
}

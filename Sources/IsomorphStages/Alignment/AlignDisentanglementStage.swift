import IsomorphArrays
import IsomorphCore
import IsomorphNumerics

/// `align.disentanglement`: DCI disentanglement (Eastwood & Williams 2018) of `R = |weights|`
/// (units × neurons): how much each unit's weight concentrates on one neuron,
/// `D = Σ_d ρ_d (1 − H_d)` with entropies over neurons (see ``DCIScore``).
public struct AlignDisentanglementStage: Stage {
    public typealias Parameters = DCIParameters
    public static let kind = "align.disentanglement"
    public static let version = 1
    public static let summary =
        "DCI disentanglement of unit-to-neuron (or factor) regression weights: 1 when each unit drives one neuron."
    public static let parameterDocs: [ParameterDoc] = DCIParameters.docs(base: "the number of neurons K")
    public static let inputPorts: [InputPort] = [
        InputPort("weights", "Regression weights, units × neurons (or factors).")
    ]
    public static let documentedOutputs: [OutputPort] = [
        OutputPort(
            "scores", "score (D), and per unit: contribution ρ_d(1 − H_d), entropy H_d, relative_importance ρ_d.")
    ]

    public let parameters: Parameters
    public init(parameters: Parameters) throws {
        try parameters.validate()
        self.parameters = parameters
    }
    public var outputPorts: [OutputPort] { Self.documentedOutputs }
    public func run(_ inputs: StageInputs, in context: StageContext) async throws -> StageOutputs {
        try DCIStage.run(parameters, inputs, completeness: false)
    }
}

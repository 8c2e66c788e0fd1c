import IsomorphArrays
import IsomorphCore

/// `bench.echo`: outputs its `value` as a one-element array, the Isomorph counterpart of
/// Snakemake's `echo {wildcards.i} > {output}`: the cheapest possible stage.
struct EchoStage: Stage {
    struct Parameters: Codable, Hashable, Sendable {
        var value: Int
    }
    static let kind = "bench.echo"
    static let version = 1
    static let summary = "Outputs its value (benchmark stage)."
    static let parameterDocs: [ParameterDoc] = [ParameterDoc("value", .int, "The value to output.")]
    static let inputPorts: [InputPort] = []
    let parameters: Parameters
    init(parameters: Parameters) throws { self.parameters = parameters }
    var outputPorts: [OutputPort] { [OutputPort("out", "The value.")] }
    func run(_ inputs: StageInputs, in context: StageContext) async throws -> StageOutputs {
        StageOutputs(datasets: [
            "out": try Dataset(variable: "value", dimensions: ["i"], data: NDArray([Int64(parameters.value)]))
        ])
    }
}

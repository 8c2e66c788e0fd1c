import IsomorphArrays

/// A configured stage with its type erased: what the graph holds and the engine runs.
public struct AnyStage: Sendable {
    public let kind: String
    public let version: Int
    public let isStochastic: Bool
    /// Parameters that affect results, defaults filled in: the cache-key ingredient.
    public let keyParameters: CanonicalValue
    /// All parameters, including those that do not affect results: for provenance.
    public let allParameters: CanonicalValue
    public let inputPorts: [InputPort]
    public let outputPorts: [OutputPort]
    private let runner: @Sendable (StageInputs, StageContext) async throws -> StageOutputs

    /// Wraps a configured stage.
    public init<S: Stage>(_ stage: S) throws {
        kind = S.kind
        version = S.version
        isStochastic = S.isStochastic
        let all = try CanonicalEncoder().encode(stage.parameters)
        allParameters = all
        if case .object(var fields) = all {
            for doc in S.parameterDocs where !doc.affectsResult { fields.removeValue(forKey: doc.name) }
            keyParameters = .object(fields)
        } else {
            keyParameters = all
        }
        inputPorts = S.inputPorts
        outputPorts = stage.outputPorts
        runner = { inputs, context in try await stage.run(inputs, in: context) }
    }

    /// Runs the stage.
    public func run(_ inputs: StageInputs, in context: StageContext) async throws -> StageOutputs {
        try await runner(inputs, context)
    }
}

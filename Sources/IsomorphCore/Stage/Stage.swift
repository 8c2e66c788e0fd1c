import IsomorphArrays

/// A computation the engine can schedule, cache and rerun.
///
/// A stage is a pure function of its ``Parameters``, its ``version`` and its input artifacts
/// (plus the seed, for stochastic stages): everything that can change its result must be in one
/// of those. Validate parameters in ``init(parameters:)`` so that mistakes surface at
/// `isomorph validate`, before anything runs.
///
/// Parameters are documented in ``parameterDocs``; the loader fills in the documented defaults
/// before decoding, so `Parameters` can use plain stored properties. Every built-in stage passes
/// the conformance kit in `IsomorphTestSupport` (determinism, parameter round-trip, docs that
/// match the Codable keys, errors on bad parameters).
public protocol Stage: Sendable {
    /// The settings a spec gives in `with:`, hashed canonically into the cache key.
    associatedtype Parameters: Codable & Hashable & Sendable

    /// The name used in specs, lower-case and dotted by family: `pca`, `rsa.rdm`.
    static var kind: String { get }
    /// Increase when results change for identical inputs; invalidates this stage's artifacts.
    static var version: Int { get }
    /// One sentence for `isomorph stages`.
    static var summary: String { get }
    /// The documented parameters (see ``ParameterDoc``).
    static var parameterDocs: [ParameterDoc] { get }
    /// The inputs the stage reads.
    static var inputPorts: [InputPort] { get }
    /// Whether the stage draws random numbers (its seed then enters the cache key).
    static var isStochastic: Bool { get }
    /// The outputs every configuration produces, for `isomorph stages` (default: none listed;
    /// then the outputs of the default configuration are shown, if it has one).
    static var documentedOutputs: [OutputPort] { get }

    /// Creates a stage, throwing a ``StageFailure`` naming the bad parameter.
    init(parameters: Parameters) throws

    /// The validated parameters.
    var parameters: Parameters { get }

    /// The outputs this configuration produces (may depend on parameters: one per layer).
    var outputPorts: [OutputPort] { get }

    /// Runs the stage.
    func run(_ inputs: StageInputs, in context: StageContext) async throws -> StageOutputs
}

extension Stage {
    /// Deterministic by default.
    public static var isStochastic: Bool { false }
    /// None listed by default.
    public static var documentedOutputs: [OutputPort] { [] }
}

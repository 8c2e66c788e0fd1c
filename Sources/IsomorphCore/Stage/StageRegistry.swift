/// The stage kinds a pipeline may use, by name.
///
/// The CLI registers the built-in stages (`IsomorphStages`) into one registry and hands it to
/// the loader and the engine; Core and Engine never import the stage library.
public struct StageRegistry: Sendable {
    /// Everything known about one kind, and how to configure it from a spec.
    public struct Entry: Sendable {
        /// The kind's name (``Stage/kind``).
        public let kind: String
        /// The implementation version (``Stage/version``).
        public let version: Int
        /// One sentence (``Stage/summary``).
        public let summary: String
        /// The documented parameters (``Stage/parameterDocs``).
        public let parameterDocs: [ParameterDoc]
        /// The inputs (``Stage/inputPorts``).
        public let inputPorts: [InputPort]
        /// Whether the seed enters the cache key (``Stage/isStochastic``).
        public let isStochastic: Bool
        /// The outputs the kind documents (``Stage/documentedOutputs``); empty if they depend on parameters.
        public let documentedOutputs: [OutputPort]
        let make: @Sendable (SpecNode?, SourceLocation, String) throws -> AnyStage

        /// Validates `with:`, fills defaults, decodes the parameters and creates the stage.
        /// - Parameters:
        ///   - parameters: The `with:` node (nil if absent).
        ///   - owner: The stage's location, for missing-parameter errors.
        ///   - subject: How to name the stage in errors.
        public func configure(_ parameters: SpecNode?, owner: SourceLocation, subject: String) throws -> AnyStage {
            try make(parameters, owner, subject)
        }
    }

    private var entries: [String: Entry] = [:]

    /// An empty registry.
    public init() {}

    /// Adds a stage type.
    public mutating func register<S: Stage>(_ type: S.Type) {
        precondition(entries[S.kind] == nil, "stage kind '\(S.kind)' registered twice")
        entries[S.kind] = Entry(
            kind: S.kind, version: S.version, summary: S.summary, parameterDocs: S.parameterDocs,
            inputPorts: S.inputPorts, isStochastic: S.isStochastic, documentedOutputs: S.documentedOutputs,
            make: { node, owner, subject in
                let filled = try ParameterValidator(subject: subject).validate(
                    node, against: S.parameterDocs, owner: owner)
                let parameters = try SpecNodeDecoder(subject: subject).decode(S.Parameters.self, from: filled)
                do {
                    return try AnyStage(S(parameters: parameters))
                } catch let failure as StageFailure {
                    throw SpecError(Diagnostic(at: node?.location ?? owner, subject: subject, failure.message))
                }
            })
    }

    /// The entry for `kind`.
    public func entry(_ kind: String) -> Entry? { entries[kind] }

    /// Every registered kind, sorted.
    public var kinds: [String] { entries.keys.sorted() }

    /// Every entry, sorted by kind.
    public var allEntries: [Entry] { kinds.map { entries[$0]! } }
}

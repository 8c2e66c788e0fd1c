/// An input a stage reads: a named port taking one artifact or a collection of them.
public struct InputPort: Sendable, Hashable {
    /// How many artifacts the port takes.
    public enum Arity: String, Sendable, Hashable {
        /// Exactly one artifact.
        case single
        /// An ordered collection (the instances of a fanned-out stage, or a list of references).
        case collection
    }

    public var name: String
    public var arity: Arity
    public var isOptional: Bool
    public var summary: String

    /// A port taking one artifact.
    public init(_ name: String, _ summary: String, optional: Bool = false) {
        self.init(name, .single, optional: optional, summary)
    }

    /// A port of the given arity.
    public init(_ name: String, _ arity: Arity, optional: Bool = false, _ summary: String) {
        self.name = name
        self.arity = arity
        self.isOptional = optional
        self.summary = summary
    }
}

/// An output a stage writes: one artifact per run.
public struct OutputPort: Sendable, Hashable {
    public var name: String
    public var summary: String

    public init(_ name: String, _ summary: String) {
        self.name = name
        self.summary = summary
    }
}

import IsomorphArrays

/// The artifacts a stage run receives, by input port.
public struct StageInputs: Sendable {
    /// One element of a collection input: the artifact and the matrix values that produced it
    /// (for example `["layer": "features.6"]`).
    public struct Item: Sendable {
        public var labels: [String: CanonicalValue]
        /// The producing node's display name, e.g. `rdm[features.6]`.
        public var source: String
        public var artifact: any ArtifactHandle

        public init(labels: [String: CanonicalValue], source: String, artifact: any ArtifactHandle) {
            self.labels = labels
            self.source = source
            self.artifact = artifact
        }
    }

    /// The value bound to a port.
    public enum Binding: Sendable {
        case single(source: String, artifact: any ArtifactHandle)
        case collection([Item])
    }

    public var bindings: [String: Binding]

    public init(_ bindings: [String: Binding] = [:]) { self.bindings = bindings }

    /// The port names bound.
    public var ports: [String] { bindings.keys.sorted() }

    /// The artifact bound to a single-valued port.
    /// - Throws: ``StageFailure`` if the port is unbound or holds a collection.
    public func artifact(_ port: String) throws -> any ArtifactHandle {
        switch bindings[port] {
        case .single(_, let a)?: return a
        case .collection(let items)? where items.count == 1: return items[0].artifact
        case .collection?: throw StageFailure("input '\(port)' is a collection; this stage needs one artifact")
        case nil: throw StageFailure("input '\(port)' is not connected")
        }
    }

    /// The artifact bound to an optional port, if any.
    public func optionalArtifact(_ port: String) throws -> (any ArtifactHandle)? {
        bindings[port] == nil ? nil : try artifact(port)
    }

    /// The whole dataset of a single-valued port.
    public func dataset(_ port: String) throws -> Dataset { try artifact(port).load() }

    /// The items of a collection port (a single artifact counts as a collection of one).
    public func collection(_ port: String) throws -> [Item] {
        switch bindings[port] {
        case .single(let source, let a)?: return [Item(labels: [:], source: source, artifact: a)]
        case .collection(let items)?: return items
        case nil: throw StageFailure("input '\(port)' is not connected")
        }
    }
}

/// The artifacts a stage run produced, by output port.
public struct StageOutputs: Sendable {
    /// One output.
    public enum Value: Sendable {
        /// A dataset built in memory; the store writes it.
        case dataset(Dataset)
        /// An artifact the stage streamed through ``StageContext/makeWriter(for:)``.
        case staged(any StagedArtifact)
    }

    public var values: [String: Value]

    public init(_ values: [String: Value] = [:]) { self.values = values }

    /// Outputs that are all in-memory datasets.
    public init(datasets: [String: Dataset]) { self.values = datasets.mapValues { .dataset($0) } }

    public subscript(port: String) -> Value? {
        get { values[port] }
        set { values[port] = newValue }
    }
}

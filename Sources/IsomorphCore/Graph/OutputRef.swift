/// One output port of one node: the unit the store caches and stages consume.
public struct OutputRef: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The producing node.
    public var node: NodeID
    /// The output port of that node (`out` for single-output stages, a layer name, `latents`...).
    public var port: String

    public init(node: NodeID, port: String) {
        self.node = node
        self.port = port
    }

    /// `node.port`, the form `export` accepts (`rdm[features.6].rdm`).
    public var description: String { "\(node).\(port)" }

    public static func < (a: OutputRef, b: OutputRef) -> Bool { (a.node, a.port) < (b.node, b.port) }
}

/// What a node's input port is bound to.
public enum InputBinding: Sendable, Hashable {
    /// One artifact.
    case single(OutputRef)
    /// An ordered collection: the instances of a fanned-out stage (with the matrix values that
    /// label each), or an explicit list of references in the spec.
    case collection([CollectionItem])

    /// One element of a collection binding.
    public struct CollectionItem: Sendable, Hashable {
        public var ref: OutputRef
        /// The producing instance's matrix values (empty for an explicit list).
        public var labels: MatrixAssignment
        public init(ref: OutputRef, labels: MatrixAssignment) {
            self.ref = ref
            self.labels = labels
        }
    }

    /// Every output this binding reads, in order.
    public var refs: [OutputRef] {
        switch self {
        case .single(let r): return [r]
        case .collection(let items): return items.map(\.ref)
        }
    }
}

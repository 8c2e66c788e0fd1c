/// The name of one node of the expanded graph: a stage, or one instance of a fanned-out stage.
///
/// A stage without `matrix:` is named by its stage name (`pca`). An instance of a fanned-out
/// stage carries its matrix values in brackets, in the order the `matrix:` keys are declared:
/// `rdm[features.6]` for one key, `fit[alpha=1,layer=conv1]` for several. A data source is
/// `data.NAME`. These names appear in `plan`, logs, `export STAGE[value].PORT` and reports.
public struct NodeID: Sendable, Hashable, Comparable, Codable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The rendered name.
    public let rawValue: String

    /// Wraps a rendered name.
    public init(_ rawValue: String) { self.rawValue = rawValue }

    public init(stringLiteral value: String) { self.rawValue = value }

    /// The name of stage `stage` with the given matrix assignment (empty for a plain stage).
    public init(stage: String, matrix: MatrixAssignment) {
        switch matrix.values.count {
        case 0: rawValue = stage
        case 1: rawValue = "\(stage)[\(matrix.values[0].value.compactText)]"
        default:
            rawValue =
                "\(stage)[" + matrix.values.map { "\($0.key)=\($0.value.compactText)" }.joined(separator: ",") + "]"
        }
    }

    /// The id of data source `name`.
    public static func data(_ name: String) -> NodeID { NodeID("data.\(name)") }

    public var description: String { rawValue }

    public static func < (a: NodeID, b: NodeID) -> Bool { a.rawValue.utf8.lexicographicallyPrecedes(b.rawValue.utf8) }

    public init(from decoder: any Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }
}

/// The matrix values of one instance of a fanned-out stage, in declaration order of the keys.
public struct MatrixAssignment: Sendable, Hashable, Codable {
    /// One matrix key and its value for this instance.
    public struct Entry: Sendable, Hashable, Codable {
        public var key: String
        public var value: CanonicalValue
        public init(key: String, value: CanonicalValue) {
            self.key = key
            self.value = value
        }
    }

    /// The key/value pairs, in the order the `matrix:` mapping declares the keys.
    public var values: [Entry]

    public init(_ values: [Entry] = []) { self.values = values }

    /// The value of `key`, if the instance has it.
    public subscript(key: String) -> CanonicalValue? { values.first { $0.key == key }?.value }

    /// The keys, in declaration order.
    public var keys: [String] { values.map(\.key) }

    /// Whether the stage is not fanned out.
    public var isEmpty: Bool { values.isEmpty }

    /// The values as a dictionary (what ``StageInputs/Item/labels`` carries).
    public var labels: [String: CanonicalValue] {
        Dictionary(values.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
    }
}

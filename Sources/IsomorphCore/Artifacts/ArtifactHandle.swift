import IsomorphArrays

/// What is known about one variable of an artifact without reading its values.
public struct VariableSummary: Sendable, Hashable {
    public var name: String
    public var dtype: DType
    public var dimensions: [String]
    public var shape: [Int]
    public var attributes: Attributes

    public init(name: String, dtype: DType, dimensions: [String], shape: [Int], attributes: Attributes = [:]) {
        self.name = name
        self.dtype = dtype
        self.dimensions = dimensions
        self.shape = shape
        self.attributes = attributes
    }
}

/// The structure of an artifact: its variables and coordinates, without values.
public struct ArtifactSummary: Sendable, Hashable {
    public var variables: [VariableSummary]
    public var coordinates: [VariableSummary]
    public var attributes: Attributes

    public init(variables: [VariableSummary], coordinates: [VariableSummary], attributes: Attributes) {
        self.variables = variables
        self.coordinates = coordinates
        self.attributes = attributes
    }

    /// The summary of a dataset already in memory.
    public init(_ dataset: Dataset) {
        func summarize(_ pairs: [(key: String, value: Variable)]) -> [VariableSummary] {
            pairs.map {
                VariableSummary(
                    name: $0.key, dtype: $0.value.dtype, dimensions: $0.value.dimensions, shape: $0.value.shape,
                    attributes: $0.value.attributes)
            }
        }
        self.variables = summarize(Array(dataset.variables.elements))
        self.coordinates = summarize(Array(dataset.coordinates.elements))
        self.attributes = dataset.attributes
    }

    /// The data variable `name`.
    public func variable(_ name: String) -> VariableSummary? { variables.first { $0.name == name } }
}

/// An artifact a stage reads: its identity, and access to its content whole or in row blocks.
///
/// Implementations: ``InMemoryArtifact`` (tests, small data), and the engine's HDF5-backed
/// artifacts, which read row blocks from disk so that no stage needs a whole activation matrix
/// in memory.
public protocol ArtifactHandle: Sendable {
    /// The content digest of the artifact.
    var digest: ContentDigest { get }
    /// The artifact's file, when it has one (command stages receive this path).
    var path: String? { get }
    /// Reads the whole artifact.
    func load() throws -> Dataset
    /// The artifact's structure, without values.
    func summary() throws -> ArtifactSummary
    /// Rows `range` (along the first axis) of a data variable.
    func readRows(of variable: String, _ range: Range<Int>) throws -> NDArray
    /// A coordinate variable (labels), read without the data variables.
    func coordinate(_ name: String) throws -> Variable?
}

/// An artifact held in memory.
public struct InMemoryArtifact: ArtifactHandle {
    public let dataset: Dataset
    public let digest: ContentDigest
    public var path: String? { nil }

    public init(_ dataset: Dataset) {
        self.dataset = dataset
        self.digest = dataset.digest
    }

    public func load() throws -> Dataset { dataset }
    public func summary() throws -> ArtifactSummary { ArtifactSummary(dataset) }
    public func readRows(of variable: String, _ range: Range<Int>) throws -> NDArray {
        let v = try dataset.variable(variable)
        return try v.data.selecting(rows: Array(range))
    }
    public func coordinate(_ name: String) throws -> Variable? { dataset.coordinates[name] }
}

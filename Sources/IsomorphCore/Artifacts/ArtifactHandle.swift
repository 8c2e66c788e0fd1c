import IsomorphArrays

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
    func summary() throws -> DatasetSummary
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
    public func summary() throws -> DatasetSummary { DatasetSummary(dataset) }
    public func readRows(of variable: String, _ range: Range<Int>) throws -> NDArray {
        let v = try dataset.variable(variable)
        return try v.data.selecting(rows: Array(range))
    }
    public func coordinate(_ name: String) throws -> Variable? { dataset.coordinates[name] }
}

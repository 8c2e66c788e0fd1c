import IsomorphArrays

/// Writes one output artifact incrementally: coordinates first, then each variable in row
/// blocks along its first axis, so outputs larger than memory (activations of 50,000 images)
/// stream to disk. The content digest is computed while writing.
public protocol ArtifactStreamWriter: AnyObject {
    /// Adds a coordinate (labels) variable.
    func setCoordinate(_ name: String, _ coordinate: Variable) throws
    /// Sets a dataset-level attribute.
    func setAttribute(_ name: String, _ value: AttributeValue) throws
    /// Declares a data variable whose rows will be appended in order.
    func beginVariable(
        _ name: String, dtype: DType, dimensions: [String], shape: [Int], attributes: Attributes) throws
    /// Appends the next rows of `variable` (an array whose first axis is the number of rows).
    func append(_ variable: String, rows: NDArray) throws
    /// Completes the artifact; every declared variable must be complete.
    func finish() throws -> any StagedArtifact
}

/// An output a stage finished writing to a temporary location, ready for the store to adopt.
public protocol StagedArtifact: Sendable {
    /// The content digest of what was written.
    var digest: ContentDigest { get }
}

import IsomorphArrays

/// Reads artifact files for tools (`show`, `export`): any file the engine stored, or wrote
/// in the artifact format.
public enum StoredArtifactReader {
    /// The whole dataset of the artifact at `path`.
    /// - Throws: The codec's error if the file is not a readable artifact.
    public static func read(_ path: String) throws -> Dataset { try ArtifactCodec.read(path) }

    /// The structure of the artifact at `path`, without its values.
    public static func summary(_ path: String) throws -> DatasetSummary { try ArtifactCodec.summary(path) }
}

/// How an artifact is written: zstd level and chunk size.
public struct ArtifactWriteOptions: Sendable, Hashable {
    /// The zstd compression level (1–22; 3 is zstd's default, a good speed/size balance for
    /// activations).
    public var compressionLevel: Int
    /// The target size of one chunk in bytes (about 1 MiB by default): each variable is chunked
    /// in whole rows along its first axis, as many as fit this size.
    public var chunkTargetBytes: Int
    /// Replace an existing file at the artifact's path instead of failing (default `false`).
    public var overwrite: Bool = false
    /// Threads that compress chunks (and digest rows) in parallel; `nil` uses every core. An
    /// engine running several stages at once gives each its share.
    public var threads: Int? = nil

    /// Creates options.
    /// - Parameters:
    ///   - compressionLevel: zstd level, 1–22.
    ///   - chunkTargetBytes: target bytes per chunk.
    public init(compressionLevel: Int = 3, chunkTargetBytes: Int = 1 << 20) {
        self.compressionLevel = compressionLevel
        self.chunkTargetBytes = chunkTargetBytes
    }
}

import CH5Zstd

/// zstd compression of whole chunks outside HDF5's filter pipeline, so chunks can be compressed
/// and decompressed on several cores and moved with direct chunk I/O. The frames are exactly
/// what filter 32015 reads and writes (one frame per chunk, content size in its header). Each
/// thread reuses its own zstd context. Safe to call from any thread without the HDF5 lock.
enum HDF5ZstdCodec {
    /// The largest compressed size of `size` bytes.
    static func bound(_ size: Int) -> Int { ch5zstd_compress_bound(size) }

    /// Compresses `source` into `destination` (at least ``bound(_:)`` bytes); returns the frame's
    /// size, or `nil` on failure.
    static func compress(
        _ source: UnsafeRawBufferPointer, into destination: UnsafeMutableRawBufferPointer, level: Int
    )
        -> Int?
    {
        let written = ch5zstd_compress(
            destination.baseAddress, destination.count, source.baseAddress, source.count, Int32(level))
        return written > 0 ? written : nil
    }

    /// Decompresses one frame whose content is exactly `destination.count` bytes; `false` on a
    /// damaged frame or a size mismatch.
    static func decompress(_ source: UnsafeRawBufferPointer, into destination: UnsafeMutableRawBufferPointer) -> Bool {
        ch5zstd_decompress(destination.baseAddress, destination.count, source.baseAddress, source.count) == 0
    }
}

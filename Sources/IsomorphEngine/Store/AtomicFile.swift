import Foundation
import Glibc

/// Writes files so that readers see either the old content or the complete new content, never
/// a prefix: write to a temporary file, `fsync` it, `rename` it into place, `fsync` the directory.
enum AtomicFile {
    /// Writes `bytes` to `path` atomically and durably.
    /// - Parameters:
    ///   - temporaryDirectory: Where to stage the file; must be on the same filesystem as `path`.
    ///   - durable: Whether to `fsync` the file and its directory (off only for rebuildable caches).
    static func write(_ bytes: [UInt8], to path: String, temporaryDirectory: String, durable: Bool = true) throws {
        let temporary = "\(temporaryDirectory)/\(UUID().uuidString).part"
        let fd = try Syscalls.open(temporary, O_WRONLY | O_CREAT | O_EXCL, mode: 0o644)
        do {
            try bytes.withUnsafeBytes { try Syscalls.writeAll(fd, $0, path: temporary) }
            if durable { try Syscalls.fsync(fd, path: temporary) }
            Syscalls.close(fd)
        } catch {
            Syscalls.close(fd)
            try? Syscalls.unlink(temporary)
            throw error
        }
        try install(temporary, at: path, durable: durable)
    }

    /// Moves a complete temporary file to `path` (creating its directory), then makes the
    /// rename durable. The temporary file is removed if the move fails.
    static func install(_ temporary: String, at path: String, durable: Bool = true) throws {
        let directory = (path as NSString).deletingLastPathComponent
        do {
            try Syscalls.makeDirectories(directory)
            try Syscalls.rename(temporary, path)
        } catch {
            try? Syscalls.unlink(temporary)
            throw error
        }
        if durable { try Syscalls.fsyncDirectory(directory) }
    }
}

import Foundation
import IsomorphArrays
import Synchronization

/// Remembers the SHA-256 of data and code files by `(path, size, mtime ns, inode, device)`, so
/// that planning a pipeline whose inputs did not change never rereads a large file.
///
/// Persisted in the cache directory (`stat-cache.tsv`). A file modified less than a second
/// before it was hashed is hashed again next time (it may have changed within the filesystem's
/// timestamp resolution: git's "racily clean" rule).
final class StatCache: Sendable {
    private struct Entry: Sendable {
        var size: Int64
        var mtime: Int64
        var inode: UInt64
        var device: UInt64
        var hashedAt: Int64
        var digest: ContentDigest
    }

    private static let header = "isomorph-stat-cache-1"
    private let path: String
    private let temporaryDirectory: String
    private let state: Mutex<(entries: [String: Entry], dirty: Bool)>

    /// Loads the cache at `path` (an unreadable or missing file gives an empty cache).
    init(path: String, temporaryDirectory: String) {
        self.path = path
        self.temporaryDirectory = temporaryDirectory
        var entries = [String: Entry]()
        if let bytes = try? Syscalls.readAll(path) {
            var first = true
            var valid = false
            TSV.forEachRow(bytes) { f in
                if first {
                    first = false
                    valid = f.first.map { Array($0) == Array(StatCache.header.utf8) } ?? false
                    return
                }
                guard valid, f.count == 7, let size = TSV.integer(f[1]), let mtime = TSV.integer(f[2]),
                    let inode = TSV.integer(f[3]), let device = TSV.integer(f[4]), let hashedAt = TSV.integer(f[5]),
                    let digest = TSV.digest(f[6])
                else { return }
                entries[TSV.text(f[0])] = Entry(
                    size: size, mtime: mtime, inode: UInt64(bitPattern: inode), device: UInt64(bitPattern: device),
                    hashedAt: hashedAt, digest: digest)
            }
        }
        state = Mutex((entries, false))
    }

    /// The SHA-256 of the bytes of the file at `path` (absolute), from the cache when its
    /// `stat` is unchanged.
    /// - Throws: ``SystemCallError`` if the file cannot be read.
    func digest(of path: String) throws -> ContentDigest {
        guard let s = Syscalls.status(path) else { throw SystemCallError("read", path: path, code: ENOENT) }
        if let e = state.withLock({ $0.entries[path] }), e.size == s.size, e.mtime == s.modificationNanoseconds,
            e.inode == s.inode, e.device == s.device, e.hashedAt - e.mtime > 1_000_000_000
        {
            return e.digest
        }
        let hashedAt = Int64(Date().timeIntervalSince1970 * 1e9)
        let hasher = SHA256Hasher()
        try Syscalls.forEachBlock(of: path) { hasher.update($0) }
        let digest = hasher.finalize()
        // Record the stat taken before hashing: if the file changed meanwhile, the next stat differs.
        let entry = Entry(
            size: s.size, mtime: s.modificationNanoseconds, inode: s.inode, device: s.device, hashedAt: hashedAt,
            digest: digest)
        state.withLock {
            $0.entries[path] = entry
            $0.dirty = true
        }
        return digest
    }

    /// Writes the cache back if anything was added (not `fsync`ed: it can always be rebuilt).
    func save() {
        let snapshot = state.withLock { s -> [String: Entry]? in
            defer { s.dirty = false }
            return s.dirty ? s.entries : nil
        }
        guard let entries = snapshot else { return }
        var text = StatCache.header + "\n"
        for (p, e) in entries.sorted(by: { $0.key < $1.key }) {
            text +=
                "\(TSV.escape(p))\t\(e.size)\t\(e.mtime)\t\(Int64(bitPattern: e.inode))\t\(Int64(bitPattern: e.device))\t\(e.hashedAt)\t\(e.digest.hex)\n"
        }
        try? AtomicFile.write(Array(text.utf8), to: path, temporaryDirectory: temporaryDirectory, durable: false)
    }
}

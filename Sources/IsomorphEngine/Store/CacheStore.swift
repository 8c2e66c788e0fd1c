import Foundation
import Glibc
import IsomorphArrays
import IsomorphCore
import Synchronization

/// The on-disk, content-addressed cache: objects named by content digest, key records named by
/// cache key, per-key locks. Safe to share between concurrent runs and processes.
///
/// Every write goes to `tmp/` and is renamed into place after an `fsync`; a key record is
/// written only after every object it names, so a crash leaves either nothing or a complete
/// entry. Objects are immutable (mode 0444) once stored.
public struct CacheStore: Sendable {
    /// Where everything lives.
    public let layout: CacheLayout
    private let directories: Directories

    /// Open descriptors of `keys/` and `objects/`, for `stat`s relative to them.
    private final class Directories: Sendable {
        let keys: Int32
        let objects: Int32
        init(_ layout: CacheLayout) throws {
            keys = try Syscalls.open(layout.keysPath, O_RDONLY | O_DIRECTORY)
            do {
                objects = try Syscalls.open(layout.objectsPath, O_RDONLY | O_DIRECTORY)
            } catch {
                Syscalls.close(keys)
                throw error
            }
        }
        deinit {
            Syscalls.close(keys)
            Syscalls.close(objects)
        }
    }

    /// Opens (creating if needed) the cache at `root`.
    /// - Throws: ``SystemCallError`` if the directories cannot be created.
    public init(root: URL) throws {
        layout = CacheLayout(root: root)
        try layout.create()
        directories = try Directories(layout)
    }

    // MARK: Key records

    /// Whether a record file exists for `key` (one `stat`).
    func hasRecord(_ key: ContentDigest) -> Bool {
        Syscalls.status(CacheLayout.shardedName(key, ".json"), relativeTo: directories.keys) != nil
    }

    /// The record of `key`, or `nil` if there is none.
    /// - Throws: ``RecordError`` if a record exists but cannot be parsed (callers treat it as a miss).
    func record(_ key: ContentDigest) throws -> KeyRecord? {
        let path = layout.recordPath(key)
        let bytes: [UInt8]
        do {
            bytes = try Syscalls.readAll(path)
        } catch let error as SystemCallError where error.code == ENOENT {
            return nil
        }
        return try KeyRecord(jsonBytes: bytes, path: path)
    }

    /// Stores a record (atomically and durably). Call only after every output object is stored.
    func write(_ record: KeyRecord) throws {
        try AtomicFile.write(
            Array(record.jsonText.utf8), to: layout.recordPath(record.key), temporaryDirectory: layout.temporaryPath)
    }

    // MARK: Objects

    /// Why a stored output cannot be used.
    enum OutputProblem: Sendable, Hashable, CustomStringConvertible {
        case missing(port: String, digest: ContentDigest)
        case wrongSize(port: String, digest: ContentDigest, expected: Int64, actual: Int64)

        var description: String {
            switch self {
            case .missing(let port, let digest): return "output '\(port)' (object \(digest.short)) is missing"
            case .wrongSize(let port, let digest, let expected, let actual):
                return "output '\(port)' (object \(digest.short)) has \(actual) bytes, expected \(expected)"
            }
        }
    }

    /// Checks with `stat` that every output's object exists with its recorded size.
    /// - Returns: The first problem, or `nil` if all outputs are present.
    func checkOutputs(_ outputs: [String: OutputRecord]) -> OutputProblem? {
        for (port, output) in outputs {
            guard
                let s = Syscalls.status(CacheLayout.shardedName(output.digest, ".h5"), relativeTo: directories.objects)
            else {
                return .missing(port: port, digest: output.digest)
            }
            if s.size != output.bytes {
                return .wrongSize(port: port, digest: output.digest, expected: output.bytes, actual: s.size)
            }
        }
        return nil
    }

    /// Whether an object file exists.
    public func hasObject(_ digest: ContentDigest) -> Bool { Syscalls.status(layout.objectPath(digest)) != nil }

    /// Moves a complete artifact file from `tmp/` into the store under its content digest.
    ///
    /// If an object with that digest is already stored and intact, it is kept (its provenance
    /// is the first producer's) and the new file is discarded, so records that name it stay valid.
    /// - Returns: The object's digest and size.
    func adopt(_ temporary: String, digest: ContentDigest) throws -> OutputRecord {
        let destination = layout.objectPath(digest)
        if let existing = Syscalls.status(destination),
            (try? ArtifactCodec.computeDigest(destination)) == digest
        {
            try? Syscalls.unlink(temporary)
            return OutputRecord(digest: digest, bytes: existing.size)
        }
        try Syscalls.fsyncFile(temporary)
        Syscalls.makeReadOnly(temporary)
        guard let s = Syscalls.status(temporary) else { throw SystemCallError("stat", path: temporary, code: ENOENT) }
        try AtomicFile.install(temporary, at: destination)
        return OutputRecord(digest: digest, bytes: s.size)
    }

    /// Recomputes an object's content digest and compares it with its name.
    /// - Returns: `true` if the object exists and is intact.
    func verifyObject(_ digest: ContentDigest) -> Bool {
        (try? ArtifactCodec.computeDigest(layout.objectPath(digest))) == digest
    }

    /// Moves a corrupt object to `quarantine/` so that the next lookup misses and recomputes it.
    /// - Returns: Where it was moved, or `nil` if it was already gone.
    @discardableResult
    func quarantine(_ digest: ContentDigest) -> String? {
        let source = layout.objectPath(digest)
        guard Syscalls.status(source) != nil else { return nil }
        let stamp = Int(Date().timeIntervalSince1970)
        let destination = "\(layout.quarantinePath)/\(digest.hex).\(stamp).h5"
        try? Syscalls.makeDirectories(layout.quarantinePath)
        if (try? Syscalls.rename(source, destination)) != nil { return destination }
        try? Syscalls.unlink(source)
        return nil
    }

    // MARK: Locks

    /// Runs `body` holding the exclusive lock of `key`, waiting (cancellably) while another
    /// run or process holds it.
    /// - Parameter onWait: Called once if the lock is busy, before waiting.
    func withKeyLock<R>(
        _ key: ContentDigest, onWait: () -> Void = {}, _ body: () async throws -> R
    ) async throws -> R {
        let lock = try await FileLock.acquire(layout.lockPath(key), exclusive: true, onWait: onWait)
        defer { lock.release() }
        return try await body()
    }

    /// Takes the cache-wide lock: shared for runs, exclusive for `gc` and `verify`.
    func lockCache(exclusive: Bool, onWait: () -> Void = {}) async throws -> FileLock {
        try await FileLock.acquire(layout.cacheLockPath, exclusive: exclusive, onWait: onWait)
    }
}

/// A held `flock(2)` lock on a file; release it with ``release()``.
final class FileLock: Sendable {
    private let fd: Mutex<Int32?>

    private init(fd: Int32) { self.fd = Mutex(fd) }

    /// Opens (creating) `path` and takes the lock, polling with back-off while it is busy.
    /// - Throws: `CancellationError` if the task is cancelled while waiting.
    static func acquire(_ path: String, exclusive: Bool, onWait: () -> Void = {}) async throws -> FileLock {
        try Syscalls.makeDirectories((path as NSString).deletingLastPathComponent)
        let fd = try Syscalls.open(path, O_RDWR | O_CREAT, mode: 0o666)
        var delay: UInt64 = 5_000_000
        var warned = false
        do {
            while try !Syscalls.tryLock(fd, exclusive: exclusive, path: path) {
                if !warned {
                    onWait()
                    warned = true
                }
                try await Task.sleep(nanoseconds: delay)
                delay = min(delay * 2, 200_000_000)
            }
        } catch {
            Syscalls.close(fd)
            throw error
        }
        return FileLock(fd: fd)
    }

    /// Takes the lock only if it is free right now.
    static func tryAcquire(_ path: String, exclusive: Bool) throws -> FileLock? {
        let fd = try Syscalls.open(path, O_RDWR | O_CREAT, mode: 0o666)
        if try Syscalls.tryLock(fd, exclusive: exclusive, path: path) { return FileLock(fd: fd) }
        Syscalls.close(fd)
        return nil
    }

    /// Releases the lock and closes the file.
    func release() {
        guard
            let descriptor = fd.withLock({ d -> Int32? in
                defer { d = nil }
                return d
            })
        else { return }
        Syscalls.unlock(descriptor)
        Syscalls.close(descriptor)
    }
}

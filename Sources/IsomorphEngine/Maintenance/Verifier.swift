import Foundation
import IsomorphArrays
import IsomorphCore

/// What `isomorph verify` found.
public struct VerifyReport: Sendable, Hashable {
    /// One object whose content does not match its name.
    public struct Corrupt: Sendable, Hashable {
        public var digest: ContentDigest
        /// Why (a digest mismatch, or the file cannot be read).
        public var problem: String
        /// Where it was moved.
        public var quarantinedAt: String?
    }

    /// Objects checked and their total size.
    public var checked: Int
    public var bytes: Int64
    /// The corrupt objects, now in `quarantine/`.
    public var corrupt: [Corrupt]
    /// Key records that cannot be parsed (removed; their results recompute).
    public var unreadableRecords: [String]
}

extension Engine {
    /// Recomputes the content digest of every object and quarantines those that do not match,
    /// so the next run recomputes them. Unparseable key records are removed.
    ///
    /// Objects are checked `parallelism` at a time. Takes the cache's exclusive lock.
    /// - Parameter progress: Called after each object with (done, total).
    public func verify(
        parallelism: Int = ProcessInfo.processInfo.activeProcessorCount, onWait: () -> Void = {},
        progress: @Sendable @escaping (Int, Int) -> Void = { _, _ in }
    ) async throws -> VerifyReport {
        let lock = try await store.lockCache(exclusive: true, onWait: onWait)
        defer { lock.release() }
        let layout = store.layout
        let objects = Engine.files(in: layout.objectsPath, suffix: ".h5")
        var report = VerifyReport(checked: 0, bytes: 0, corrupt: [], unreadableRecords: [])
        let store = self.store
        await withTaskGroup(of: (ContentDigest, String?).self) { group in
            var next = 0
            func add() {
                guard next < objects.count else { return }
                let (path, digest) = objects[next]
                next += 1
                group.addTask {
                    do {
                        let actual = try ArtifactCodec.computeDigest(path)
                        return (digest, actual == digest ? nil : "content digest is \(actual.hex)")
                    } catch {
                        return (digest, "unreadable: \(error)")
                    }
                }
            }
            for _ in 0..<max(1, parallelism) { add() }
            while let (digest, problem) = await group.next() {
                report.checked += 1
                report.bytes += Syscalls.status(layout.objectPath(digest))?.size ?? 0
                if let problem {
                    let moved = store.quarantine(digest)
                    report.corrupt.append(.init(digest: digest, problem: problem, quarantinedAt: moved))
                }
                progress(report.checked, objects.count)
                add()
            }
        }
        for (path, key) in Engine.files(in: layout.keysPath, suffix: ".json") {
            do {
                _ = try store.record(key)
            } catch {
                report.unreadableRecords.append(path)
                try? Syscalls.unlink(path)
            }
        }
        report.corrupt.sort { $0.digest < $1.digest }
        return report
    }
}

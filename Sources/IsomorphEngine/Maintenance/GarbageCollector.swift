import Foundation
import IsomorphArrays
import IsomorphCore

/// What `isomorph gc` removed (or would remove, with `--dry-run`).
public struct GarbageReport: Sendable, Hashable {
    /// Key records and objects kept.
    public var keptRecords: Int
    public var keptObjects: Int
    /// Key records, objects, log directories and temporary or quarantined files removed.
    public var removedRecords: Int
    public var removedObjects: Int
    public var removedLogRuns: Int
    public var removedOtherFiles: Int
    /// Bytes freed (object, record, log, temporary and quarantine files).
    public var bytesFreed: Int64
    /// Whether nothing was actually deleted.
    public var dryRun: Bool
}

extension Engine {
    /// Deletes everything in the cache that the given pipelines do not reach.
    ///
    /// Kept: for each pipeline, the results its current spec would reuse (the cached nodes of
    /// its plan) and the results of its last run (its state), with their objects and the logs
    /// of those runs. Removed: every other key record and object, other runs' logs, temporary
    /// files and quarantined objects. Takes the cache's exclusive lock, so it waits for running
    /// `isomorph run`s to finish and they wait for it.
    /// - Parameters:
    ///   - pipelines: The pipelines whose results to keep.
    ///   - dryRun: Report what would be removed without removing anything.
    ///   - onWait: Called if the cache is busy.
    public func collectGarbage(
        keeping pipelines: [LoadedPipeline], dryRun: Bool, onWait: () -> Void = {}
    ) async throws -> GarbageReport {
        let lock = try await store.lockCache(exclusive: true, onWait: onWait)
        defer { lock.release() }
        let layout = store.layout
        var keepKeys = Set<ContentDigest>()
        var keepObjects = Set<ContentDigest>()
        var keepRuns = Set<String>()
        for pipeline in pipelines {
            let environment = makeEnvironment(for: pipeline)
            let plan = try Planner.plan(pipeline.graph, environment: environment)
            for entry in plan.entries {
                if case .cached(let key, let outputs) = entry.decision {
                    keepKeys.insert(key)
                    keepObjects.formUnion(outputs.values.map(\.digest))
                }
            }
            for (_, node) in environment.state.nodes {
                if let key = node.key {
                    keepKeys.insert(key)
                    keepObjects.formUnion(node.outputs.values.map(\.digest))
                }
                keepRuns.insert(node.run)
            }
        }
        var report = GarbageReport(
            keptRecords: 0, keptObjects: 0, removedRecords: 0, removedObjects: 0, removedLogRuns: 0,
            removedOtherFiles: 0, bytesFreed: 0, dryRun: dryRun)
        func remove(_ path: String) {
            report.bytesFreed += Syscalls.status(path)?.size ?? 0
            if !dryRun { try? FileManager.default.removeItem(atPath: path) }
        }
        // Key records: kept ones also keep their objects (a record names every output).
        for (path, key) in Engine.files(in: layout.keysPath, suffix: ".json") {
            if keepKeys.contains(key) {
                report.keptRecords += 1
                if let record = try? store.record(key) { keepObjects.formUnion(record.outputs.values.map(\.digest)) }
            } else {
                remove(path)
                report.removedRecords += 1
            }
        }
        for (path, digest) in Engine.files(in: layout.objectsPath, suffix: ".h5") {
            if keepObjects.contains(digest) {
                report.keptObjects += 1
            } else {
                if !dryRun { _ = chmod(path, 0o644) }
                remove(path)
                report.removedObjects += 1
            }
        }
        for run in Syscalls.listDirectory(layout.logsPath) where !keepRuns.contains(run) {
            let dir = layout.logsPath + "/" + run
            for file in Syscalls.listDirectory(dir) {
                report.bytesFreed += Syscalls.status(dir + "/" + file)?.size ?? 0
            }
            if !dryRun { try? FileManager.default.removeItem(atPath: dir) }
            report.removedLogRuns += 1
        }
        // No run holds the cache now: temporary files and lock files are leftovers.
        for dir in [layout.temporaryPath, layout.quarantinePath] {
            for name in Syscalls.listDirectory(dir) {
                remove(dir + "/" + name)
                report.removedOtherFiles += 1
            }
        }
        if !dryRun {
            for shard in Syscalls.listDirectory(layout.locksPath) {
                try? FileManager.default.removeItem(atPath: layout.locksPath + "/" + shard)
            }
        }
        return report
    }

    /// The `<digest><suffix>` files of a sharded directory (`ab/<digest>.json`), with their digests.
    static func files(in root: String, suffix: String) -> [(path: String, digest: ContentDigest)] {
        var result = [(String, ContentDigest)]()
        for shard in Syscalls.listDirectory(root).sorted() {
            let dir = root + "/" + shard
            for name in Syscalls.listDirectory(dir).sorted() where name.hasSuffix(suffix) {
                if let d = ContentDigest(hex: String(name.dropLast(suffix.count))) {
                    result.append((dir + "/" + name, d))
                }
            }
        }
        return result
    }
}

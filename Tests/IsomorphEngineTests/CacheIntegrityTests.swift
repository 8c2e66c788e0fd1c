import Foundation
import IsomorphArrays
import IsomorphCore
import IsomorphTestSupport
import Testing

@testable import IsomorphEngine

@Suite("Cache integrity: missing and corrupt objects recompute, never crash")
struct CacheIntegrityTests {
    /// A two-node pipeline, run once.
    private func prepared(
        _ dir: TemporaryDirectory, factor: Double = 2
    ) async throws -> (Engine, LoadedPipeline, RunReport) {
        let engine = try Engine(cache: dir.url.appendingPathComponent("cache"))
        let pipeline = Fixtures.pipeline(
            [try Fixtures.constant("a", [1, 2, 3]), try Fixtures.scale("b", "a", factor: factor)], in: dir.url)
        return (engine, pipeline, try await engine.run(pipeline))
    }

    private func objectPath(_ engine: Engine, _ report: RunReport, _ node: NodeID) throws -> String {
        let digest = try #require(report.outcome(of: node)?.outputs?["out"]?.digest)
        return engine.store.layout.objectPath(digest)
    }

    /// Flips bytes in the middle of a file, keeping its size.
    private func flipBytes(_ path: String) throws {
        _ = chmod(path, 0o644)
        var bytes = try Syscalls.readAll(path)
        for i in stride(from: bytes.count / 3, to: bytes.count * 2 / 3, by: 7) { bytes[i] ^= 0xA5 }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    @Test func missingObjectIsAMissThatRecomputes() async throws {
        let dir = try TemporaryDirectory()
        let (engine, pipeline, first) = try await prepared(dir)
        try FileManager.default.removeItem(atPath: try objectPath(engine, first, "b"))
        #expect(try engine.plan(pipeline).plan.summary == ["a": "cached", "b": "output 'out' missing"])
        let second = try await engine.run(pipeline)
        #expect(second.summary == ["a": "cached", "b": "ran"])
        #expect(try Fixtures.values(engine, second.outcome(of: "b")?.outputs?["out"]) == [2, 4, 6])
    }

    @Test func truncatedObjectIsCorrupt() async throws {
        let dir = try TemporaryDirectory()
        let (engine, pipeline, first) = try await prepared(dir)
        let path = try objectPath(engine, first, "b")
        _ = chmod(path, 0o644)
        #expect(truncate(path, 10) == 0)
        #expect(try engine.plan(pipeline).plan.summary == ["a": "cached", "b": "output 'out' corrupt"])
        #expect(try await engine.run(pipeline).summary == ["a": "cached", "b": "ran"])
    }

    @Test func flippedBytesInAnInputAreFoundBeforeUseAndRecomputed() async throws {
        let dir = try TemporaryDirectory()
        let (engine, _, first) = try await prepared(dir)
        let aObject = try objectPath(engine, first, "a")
        try flipBytes(aObject)
        // 'b' must run (new factor) and reads 'a', whose object now has the right size but wrong content.
        let changed = Fixtures.pipeline(
            [try Fixtures.constant("a", [1, 2, 3]), try Fixtures.scale("b", "a", factor: 5)], in: dir.url)
        #expect(try engine.plan(changed).plan.summary == ["a": "cached", "b": "parameter 'factor' changed 2.0 → 5.0"])
        let observer = RecordingObserver()
        let report = try await engine.run(changed, observer: observer)
        #expect(report.summary == ["a": "ran", "b": "ran"])
        #expect(try Fixtures.values(engine, report.outcome(of: "b")?.outputs?["out"]) == [5, 10, 15])
        let digest = try #require(first.outcome(of: "a")?.outputs?["out"]?.digest)
        #expect(observer.warnings.count == 1)
        #expect(observer.warnings.first?.hasPrefix("object \(digest.short) (a.out) is corrupt; moved to ") == true)
        #expect(observer.warnings.first?.hasSuffix("; recomputing 'a'") == true)
        // The corrupt file went to quarantine; the recomputed object is intact.
        #expect(Syscalls.listDirectory(engine.store.layout.quarantinePath).count == 1)
        #expect(engine.store.verifyObject(digest))
    }

    @Test func verifyQuarantinesCorruptObjectsSoTheNextRunRecomputes() async throws {
        let dir = try TemporaryDirectory()
        let (engine, pipeline, first) = try await prepared(dir)
        let bDigest = try #require(first.outcome(of: "b")?.outputs?["out"]?.digest)
        try flipBytes(engine.store.layout.objectPath(bDigest))
        let report = try await engine.verify()
        #expect(report.checked == 2)
        #expect(report.corrupt.map(\.digest) == [bDigest])
        #expect(report.corrupt.first?.quarantinedAt?.hasPrefix(engine.store.layout.quarantinePath) == true)
        #expect(try engine.plan(pipeline).plan.summary == ["a": "cached", "b": "output 'out' missing"])
        #expect(try await engine.run(pipeline).summary == ["a": "cached", "b": "ran"])
        #expect(try await engine.verify().corrupt.isEmpty)
    }

    @Test func unreadableKeyRecordIsAMissWithAWarning() async throws {
        let dir = try TemporaryDirectory()
        let (engine, pipeline, _) = try await prepared(dir)
        let key = try #require(try engine.plan(pipeline).plan.entries[1].decision.key)
        // Without the state's fast path, the planner must read the record itself.
        try FileManager.default.removeItem(
            atPath: engine.store.layout.stateFile(forSpecAt: Engine.specPath(of: pipeline)))
        try "{not json".write(toFile: engine.store.layout.recordPath(key), atomically: true, encoding: .utf8)
        let result = try engine.plan(pipeline)
        #expect(result.plan.summary == ["a": "cached", "b": "new stage"])
        #expect(
            result.warnings == [
                "unreadable key record '\(engine.store.layout.recordPath(key))': invalid JSON at byte 1: expected a string; recomputing 'b'"
            ])
        #expect(try await engine.run(pipeline).summary == ["a": "cached", "b": "ran"])
    }

    @Test func gcKeepsWhatThePipelineReachesAndFreesTheRest() async throws {
        let dir = try TemporaryDirectory()
        let (engine, pipeline, _) = try await prepared(dir)
        let other = Fixtures.pipeline([try Fixtures.constant("z", [9, 9])], in: dir.url, file: "other.yaml")
        _ = try await engine.run(other)
        let dry = try await engine.collectGarbage(keeping: [pipeline], dryRun: true)
        #expect(dry.removedRecords == 1 && dry.removedObjects == 1 && dry.keptRecords == 2 && dry.keptObjects == 2)
        #expect(dry.bytesFreed > 0)
        #expect(try engine.plan(other).plan.summary == ["z": "cached"])
        let real = try await engine.collectGarbage(keeping: [pipeline], dryRun: false)
        #expect(real.bytesFreed == dry.bytesFreed)
        #expect(try engine.plan(other).plan.summary == ["z": "output 'out' missing"])
        #expect(try engine.plan(pipeline).plan.summary == ["a": "cached", "b": "cached"])
    }
}

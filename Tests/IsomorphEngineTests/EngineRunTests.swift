import Foundation
import IsomorphArrays
import IsomorphCore
import IsomorphTestSupport
import Testing

@testable import IsomorphEngine

@Suite("Engine runs")
struct EngineRunTests {
    @Test func runsThenRerunIsANoOp() async throws {
        let dir = try TemporaryDirectory()
        let pipeline = Fixtures.pipeline(
            [try Fixtures.constant("a", [1, 2, 3]), try Fixtures.scale("b", "a", factor: 2)], in: dir.url)
        let engine = try Engine(cache: dir.url.appendingPathComponent("cache"))
        let first = try await engine.run(pipeline, options: RunOptions(jobs: 2))
        #expect(first.summary == ["a": "ran", "b": "ran"])
        #expect(first.succeeded)
        #expect(try Fixtures.values(engine, first.outcome(of: "b")?.outputs?["out"]) == [2, 4, 6])
        let second = try await engine.run(pipeline)
        #expect(second.summary == ["a": "cached", "b": "cached"])
        #expect(try engine.plan(pipeline).plan.summary == ["a": "cached", "b": "cached"])
        // Nothing half-written is left behind.
        #expect(Syscalls.listDirectory(engine.store.layout.temporaryPath).isEmpty)
    }

    @Test func forcedRerunWithUnchangedOutputLeavesDependentsCached() async throws {
        let dir = try TemporaryDirectory()
        let pipeline = Fixtures.pipeline(
            [try Fixtures.constant("a", [1, 2]), try Fixtures.scale("b", "a", factor: 3)], in: dir.url)
        let engine = try Engine(cache: dir.url.appendingPathComponent("cache"))
        _ = try await engine.run(pipeline)
        let plan = try engine.plan(pipeline, force: ["a"]).plan
        #expect(plan.summary == ["a": "forced", "b": "upstream 'a' will run"])
        let observer = RecordingObserver()
        let report = try await engine.run(pipeline, options: RunOptions(force: ["a"]), observer: observer)
        #expect(report.summary == ["a": "ran", "b": "cached"])
        #expect(observer.started == ["a"])
    }

    @Test func changedKeyWithIdenticalOutputStopsAtTheCutoff() async throws {
        let dir = try TemporaryDirectory()
        let engine = try Engine(cache: dir.url.appendingPathComponent("cache"))
        func pipeline(_ extra: Bool) throws -> LoadedPipeline {
            var nodes = [try Fixtures.constant("c", [1, 2]), try Fixtures.constant("zero", [0, 0])]
            let xs: [InputBinding.CollectionItem] =
                [.init(ref: Fixtures.ref("c"), labels: .init())]
                + (extra ? [.init(ref: Fixtures.ref("zero"), labels: .init())] : [])
            nodes.append(try Fixtures.node("sum", "test.sum", inputs: ["xs": .collection(xs)]))
            nodes.append(try Fixtures.scale("after", "sum", factor: 10))
            return Fixtures.pipeline(nodes, in: dir.url)
        }
        _ = try await engine.run(try pipeline(false))
        let observer = RecordingObserver()
        let report = try await engine.run(try pipeline(true), observer: observer)
        #expect(report.summary == ["c": "cached", "zero": "cached", "sum": "ran", "after": "cached"])
        let reasons = observer.all.compactMap { event -> [String]? in
            if case .started("sum", _, let r) = event { return r.map(\.description) }
            return nil
        }
        #expect(reasons == [["input 'xs' changed (1 → 2 items)"]])
    }

    @Test func inputAndParameterChangesAreReportedAgainstTheLastRun() async throws {
        let dir = try TemporaryDirectory()
        let engine = try Engine(cache: dir.url.appendingPathComponent("cache"))
        func pipeline(_ values: [Double], factor: Double) throws -> LoadedPipeline {
            Fixtures.pipeline(
                [try Fixtures.constant("a", values), try Fixtures.scale("b", "a", factor: factor)], in: dir.url)
        }
        _ = try await engine.run(try pipeline([1], factor: 2))
        _ = try await engine.run(try pipeline([2], factor: 7))
        // 'a' = [1] is cached from the first run; 'b' (factor 7) last ran on [2].
        #expect(
            try engine.plan(try pipeline([1], factor: 7)).plan.summary == ["a": "cached", "b": "input 'x' changed"])
        #expect(
            try engine.plan(try pipeline([2], factor: 10)).plan.summary == [
                "a": "cached", "b": "parameter 'factor' changed 7.0 → 10.0",
            ])
        // Content addressing: going back to the first configuration is all cached.
        #expect(try engine.plan(try pipeline([1], factor: 2)).plan.summary == ["a": "cached", "b": "cached"])
    }

    @Test func failureNamesTheStageAndShowsTheLogTail() async throws {
        let dir = try TemporaryDirectory()
        let pipeline = Fixtures.pipeline(
            [
                try Fixtures.node("f", "test.fail", ["message": .string("matrix is singular")]),
                try Fixtures.node("g", "test.scale", ["factor": .double(2)], inputs: ["x": .single(Fixtures.ref("f"))]),
            ], in: dir.url)
        let engine = try Engine(cache: dir.url.appendingPathComponent("cache"))
        let report = try await engine.run(pipeline)
        #expect(report.summary == ["f": "failed", "g": "skipped"])
        let failure = try #require(report.failures.first)
        let lines = failure.description.split(separator: "\n").map(String.init)
        #expect(lines[0] == "stage 'f' (test.fail v1) failed: matrix is singular")
        #expect(lines[1] == "  log: \(engine.store.layout.logPath(run: report.run, node: "f"))")
        #expect(lines[2] == "  last lines of the log:")
        #expect(lines.contains { $0.contains("[error] about to fail: matrix is singular") })
        #expect(lines.last?.hasSuffix("[error] matrix is singular") == true)
        // The next plan says it failed.
        #expect(
            try engine.plan(pipeline).plan.summary == ["f": "failed in the last run", "g": "upstream 'f' will run"])
        let status = try engine.status(of: pipeline)
        #expect(status[0].state == .failed("matrix is singular"))
    }

    @Test(arguments: [true, false])
    func keepGoingRunsWhatDoesNotDependOnTheFailure(_ keepGoing: Bool) async throws {
        let dir = try TemporaryDirectory()
        let pipeline = Fixtures.pipeline(
            [
                try Fixtures.node("f", "test.fail"),
                try Fixtures.node("g", "test.scale", ["factor": .double(2)], inputs: ["x": .single(Fixtures.ref("f"))]),
                try Fixtures.constant("h", [1]),
            ], in: dir.url)
        let engine = try Engine(cache: dir.url.appendingPathComponent("cache"))
        let report = try await engine.run(pipeline, options: RunOptions(jobs: 1, keepGoing: keepGoing))
        #expect(report.summary == ["f": "failed", "g": "skipped", "h": keepGoing ? "ran" : "notRun"])
        #expect(!report.succeeded)
    }

    @Test func artifactsCarryProvenance() async throws {
        let dir = try TemporaryDirectory()
        let pipeline = Fixtures.pipeline(
            [try Fixtures.node("n", "test.noise", ["count": .int(3)], seed: 42)], in: dir.url)
        let engine = try Engine(cache: dir.url.appendingPathComponent("cache"))
        let report = try await engine.run(pipeline)
        let output = try #require(report.outcome(of: "n")?.outputs?["out"])
        let dataset = try ArtifactCodec.read(engine.store.layout.objectPath(output.digest))
        let a = dataset.attributes
        #expect(a["isomorph_stage"] == "n")
        #expect(a["isomorph_kind"] == "test.noise")
        #expect(a["isomorph_version"] == .int(1))
        #expect(a["isomorph_parameters"] == "{\"count\":3}")
        #expect(a["isomorph_inputs"] == "{}")
        #expect(a["isomorph_seed"] == "42")
        #expect(a["isomorph_engine"] == .string(EngineVersion.current))
        #expect(a["isomorph_host"] == .string(Syscalls.hostName))
        #expect(a["isomorph_run"] == .string(report.run))
        #expect(a["isomorph_started"]?.stringValue.flatMap(Timestamp.parse) != nil)
        #expect((a["isomorph_duration"]?.doubleValue ?? -1) >= 0)
        // Provenance does not change identity.
        #expect(dataset.digest == output.digest)
        let key = try #require(report.plan.entries[0].decision.key)
        let record = try #require(try engine.store.record(key))
        #expect(record.outputs == ["out": output])
        #expect(record.components.seed == 42)
        #expect(record.run == report.run)
    }
}

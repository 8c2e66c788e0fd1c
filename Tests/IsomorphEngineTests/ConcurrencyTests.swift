import Foundation
import IsomorphArrays
import IsomorphCore
import IsomorphTestSupport
import Testing

@testable import IsomorphEngine

@Suite("Concurrent runs and cancellation")
struct ConcurrencyTests {
    @Test func twoRunsOnOneCacheComputeEachKeyOnce() async throws {
        let dir = try TemporaryDirectory()
        let cache = dir.url.appendingPathComponent("cache")
        let pipeline = Fixtures.pipeline(
            [
                try Fixtures.node("slow", "test.sleep", ["seconds": .double(0.5)]),
                try Fixtures.scale("after", "slow", factor: 2),
            ], in: dir.url)
        let observers = [RecordingObserver(), RecordingObserver()]
        let reports = try await withThrowingTaskGroup(of: RunReport.self) { group in
            for observer in observers {
                group.addTask { try await Engine(cache: cache).run(pipeline, observer: observer) }
            }
            return try await group.reduce(into: [RunReport]()) { $0.append($1) }
        }
        let slow = reports.map { $0.summary["slow"] ?? "" }.sorted()
        #expect(slow == ["ran", "tookOver"])
        let after = reports.map { $0.summary["after"] ?? "" }
        #expect(after.filter { $0 == "ran" }.count == 1)
        #expect(after.allSatisfy { ["ran", "tookOver", "cached"].contains($0) })
        let waited = observers.flatMap(\.all).contains {
            if case .waiting("slow") = $0 { return true }
            return false
        }
        #expect(waited)
        // Both see the same result.
        #expect(Set(reports.map { $0.outcome(of: "after")?.outputs?["out"]?.digest }).count == 1)
    }

    @Test func cancellingARunStopsStagesAndLeavesNothingHalfWritten() async throws {
        let dir = try TemporaryDirectory()
        let engine = try Engine(cache: dir.url.appendingPathComponent("cache"))
        let pipeline = Fixtures.pipeline(
            [
                try Fixtures.constant("quick", [1]),
                try Fixtures.node("slow", "test.sleep", ["seconds": .double(30)]),
                try Fixtures.scale("after", "slow", factor: 2),
            ], in: dir.url)
        let observer = RecordingObserver()
        let task = Task { try await engine.run(pipeline, options: RunOptions(jobs: 2), observer: observer) }
        func finishedQuick() -> Bool {
            observer.all.contains {
                if case .finished("quick", _, _) = $0 { return true }
                return false
            }
        }
        while !observer.started.contains("slow") || !finishedQuick() { try await Task.sleep(nanoseconds: 10_000_000) }
        task.cancel()
        let report = try await task.value
        #expect(report.interrupted)
        #expect(report.summary["slow"] == "notRun")
        #expect(report.summary["after"] == "notRun")
        #expect(!report.succeeded)
        let slowKey = try #require(try engine.plan(pipeline).plan.entries[1].decision.key)
        #expect(try engine.store.record(slowKey) == nil)
        #expect(Syscalls.listDirectory(engine.store.layout.temporaryPath).isEmpty)
        // The completed node was recorded; the interrupted one reruns next time.
        #expect(
            try engine.plan(pipeline).plan.summary == [
                "quick": "cached", "slow": "new stage", "after": "upstream 'slow' will run",
            ])
    }
}

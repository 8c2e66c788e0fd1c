import Foundation
import IsomorphArrays
import IsomorphCore
import IsomorphTestSupport
import Testing

@testable import IsomorphEngine

/// A planning environment made of values: no disk.
struct FakeEnvironment: PlanEnvironment {
    var files: [String: ContentDigest] = [:]
    var cache: [ContentDigest: [String: OutputRecord]] = [:]
    var last: [NodeID: PipelineState.NodeState] = [:]

    func fileDigest(_ path: String) throws -> ContentDigest {
        guard let d = files[path] else { throw SystemCallError("read", path: path, code: ENOENT) }
        return d
    }
    func lookup(_ key: ContentDigest, node: NodeID) -> CacheLookup { cache[key].map { .hit($0) } ?? .miss }
    func lastRun(_ node: NodeID) -> PipelineState.NodeState? { last[node] }
}

@Suite("Planner")
struct PlannerTests {
    @Test func freshPipelineRunsEverythingWithReasons() throws {
        let graph = Graph(topologicallySorted: [
            try Fixtures.constant("a", [1, 2]), try Fixtures.scale("b", "a", factor: 2),
            try Fixtures.constant("c", [5]),
        ])
        let plan = try Planner.plan(graph, environment: FakeEnvironment())
        #expect(plan.summary == ["a": "new stage", "b": "upstream 'a' will run", "c": "new stage"])
        #expect(plan.runCount == 3)
        #expect(plan.entries[1].decision.key == nil)
    }

    @Test func cachedUpstreamGivesDownstreamAKey() throws {
        let a = try Fixtures.constant("a", [1, 2])
        let graph = Graph(topologicallySorted: [a, try Fixtures.scale("b", "a", factor: 2)])
        let aKey = try KeyBuilder(fileDigest: { _ in throw CancellationError() }).components(for: a, inputs: [:]).key
        let output = OutputRecord(digest: SHA256Hasher.hash("a-out"), bytes: 1)
        let plan = try Planner.plan(graph, environment: FakeEnvironment(cache: [aKey: ["out": output]]))
        #expect(plan.summary == ["a": "cached", "b": "new stage"])
        #expect(plan.entries[1].components?.inputs == ["x": [output.digest]])
    }

    @Test func parameterNotAffectingResultsIsNotInTheKey() throws {
        let k1 = try KeyBuilder(fileDigest: { _ in throw CancellationError() }).components(
            for: try Fixtures.constant("a", [1], chunk: 1), inputs: [:]
        ).key
        let k2 = try KeyBuilder(fileDigest: { _ in throw CancellationError() }).components(
            for: try Fixtures.constant("a", [1], chunk: 999), inputs: [:]
        ).key
        #expect(k1 == k2)
    }

    @Test func seedEntersTheKeyOfStochasticStagesOnly() throws {
        let builder = KeyBuilder(fileDigest: { _ in throw CancellationError() })
        let n1 = try Fixtures.node("n", "test.noise", ["count": .int(3)], seed: 1)
        let n2 = try Fixtures.node("n", "test.noise", ["count": .int(3)], seed: 2)
        #expect(try builder.components(for: n1, inputs: [:]).seed == 1)
        #expect(try builder.components(for: n1, inputs: [:]).key != builder.components(for: n2, inputs: [:]).key)
        var c1 = try Fixtures.constant("c", [1])
        c1.seed = 1
        var c2 = c1
        c2.seed = 2
        #expect(try builder.components(for: c1, inputs: [:]).seed == nil)
        #expect(try builder.components(for: c1, inputs: [:]).key == builder.components(for: c2, inputs: [:]).key)
    }

    @Test func reasonsCompareWithTheLastAttempt() throws {
        let builder = KeyBuilder(fileDigest: { _ in SHA256Hasher.hash("v2") })
        let old = try Fixtures.node("n", "test.noise", ["count": .int(1)], seed: 7)
        let new = try Fixtures.node("n", "test.noise", ["count": .int(10)], seed: 8)
        let oldComponents = try builder.components(for: old, inputs: [:])
        let env = FakeEnvironment(last: [
            "n": .init(key: oldComponents.key, outputs: [:], run: "r", components: oldComponents)
        ])
        let plan = try Planner.plan(Graph(topologicallySorted: [new]), environment: env)
        #expect(plan.summary == ["n": "parameter 'count' changed 1 → 10; seed changed 7 → 8"])
    }

    @Test func commandReasonsNameCodeFilesAndEnvironment() throws {
        let dir = "/study"
        func node(_ env: [String: String]) -> GraphNode {
            Fixtures.command(
                "train", [.literal("python3"), .literal("train.py"), .output("w")], outputs: ["w"],
                code: ["/study/scripts/train.py"], environment: env, directory: dir)
        }
        let before = try KeyBuilder(fileDigest: { _ in SHA256Hasher.hash("v1") }).components(
            for: node(["MODE": "a"]), inputs: [:])
        #expect(before.command?.argv == ["python3", "train.py", "${out.w}"])
        #expect(before.command?.code.keys.sorted() == ["scripts/train.py"])
        let env = FakeEnvironment(
            files: ["/study/scripts/train.py": SHA256Hasher.hash("v2")],
            last: ["train": .init(key: before.key, outputs: [:], run: "r", components: before)])
        let plan = try Planner.plan(Graph(topologicallySorted: [node(["MODE": "b"])]), environment: env)
        #expect(
            plan.summary == [
                "train": "code 'scripts/train.py' changed; environment variable 'MODE' changed a → b"
            ])
    }

    @Test func unreadableDataFileIsAPlanErrorAndBlocksDependents() throws {
        let graph = Graph(topologicallySorted: [
            Fixtures.data("x", path: "/nowhere/x.npy"),
            try Fixtures.node(
                "s", "test.scale", ["factor": .double(2)], inputs: ["x": .single(Fixtures.ref("data.x", "data"))]),
        ])
        let plan = try Planner.plan(graph, environment: FakeEnvironment())
        #expect(
            plan.summary == [
                "data.x": "error: cannot read data file 'x.npy' of 'data.x': No such file or directory",
                "s": "upstream 'data.x' will run",
            ])
        #expect(plan.errorCount == 1)
    }

    @Test func targetsSelectTheClosureAndForceAddsNodes() throws {
        let graph = Graph(topologicallySorted: [
            try Fixtures.constant("a", [1]), try Fixtures.scale("b", "a", factor: 2), try Fixtures.constant("c", [3]),
            try Fixtures.scale("d", "c", factor: 2),
        ])
        let plan = try Planner.plan(graph, targets: ["b"], force: ["c"], environment: FakeEnvironment())
        #expect(plan.entries.map(\.node) == ["a", "b", "c"])
        #expect(plan.summary["c"] == "forced")
    }

    @Test(arguments: [
        (["scal"], [String](), "--target 'scal' is not a stage or node of this pipeline. Did you mean 'scale'?"),
        ([], ["zzz"], "--force 'zzz' is not a stage or node of this pipeline"),
    ])
    func unknownNamesAreUsageErrors(_ targets: [String], _ force: [String], _ message: String) throws {
        let graph = Graph(topologicallySorted: [try Fixtures.constant("scale", [1])])
        #expect {
            _ = try Planner.plan(graph, targets: targets, force: force, environment: FakeEnvironment())
        } throws: { "\($0)" == message }
    }

    @Test func fannedOutStageNamesEveryInstance() throws {
        let graph = Graph(topologicallySorted: [
            try Fixtures.constant("a[1]", [1]), try Fixtures.constant("a[2]", [2]), try Fixtures.constant("b", [3]),
        ])
        let plan = try Planner.plan(graph, targets: ["a"], environment: FakeEnvironment())
        #expect(plan.entries.map(\.node) == ["a[1]", "a[2]"])
    }
}

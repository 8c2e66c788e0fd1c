import Foundation
import IsomorphArrays
import IsomorphCore
import IsomorphTestSupport
import Synchronization
import Testing

@testable import IsomorphEngine

@Suite("Scheduling: job bound, thread budget, real data")
struct SchedulingTests {
    @Test(arguments: [(2, 4, 2), (3, 2, 1), (1, 8, 8), (4, 4, 1)])
    func threadBudgetNeverExceedsTheCores(_ jobs: Int, _ cores: Int, _ perJob: Int) {
        let budget = ThreadBudget(cores: cores, jobs: jobs)
        #expect(budget.threadsPerJob == perJob)
        #expect(budget.threadsPerJob * min(jobs, cores) <= cores)
        #expect(budget.threads(requested: nil) == perJob)
        #expect(budget.threads(requested: 64) == cores)
        #expect(budget.threads(requested: 0) == 1)
    }

    /// Tracks how many nodes run at once.
    final class Concurrency: RunObserver {
        private let state = Mutex((running: Set<NodeID>(), peak: 0, sharedWithBig: false))
        func handle(_ event: RunEvent) {
            state.withLock {
                switch event {
                case .started(let node, _, _):
                    $0.running.insert(node)
                    $0.peak = max($0.peak, $0.running.count)
                    if $0.running.contains("big") && $0.running.count > 1 { $0.sharedWithBig = true }
                case .finished(let node, .ran, _): $0.running.remove(node)
                default: break
                }
            }
        }
        var peak: Int { state.withLock { $0.peak } }
        var sharedWithBig: Bool { state.withLock { $0.sharedWithBig } }
    }

    @Test(arguments: [1, 2, 3])
    func atMostJobsNodesRunAtOnce(_ jobs: Int) async throws {
        let dir = try TemporaryDirectory()
        let nodes = try (0..<6).map {
            try Fixtures.node("s\($0)", "test.sleep", ["seconds": .double(0.2 + Double($0) * 0.001)])
        }
        let observer = Concurrency()
        let engine = try Engine(cache: dir.url.appendingPathComponent("cache"))
        let report = try await engine.run(
            Fixtures.pipeline(nodes, in: dir.url), options: RunOptions(jobs: jobs, cores: 8), observer: observer)
        #expect(report.counts.ran == 6)
        #expect(observer.peak == jobs)
    }

    @Test func aNodeAskingForAllCoresRunsAlone() async throws {
        let dir = try TemporaryDirectory()
        var nodes = try (0..<3).map {
            try Fixtures.node("s\($0)", "test.sleep", ["seconds": .double(0.2 + Double($0) * 0.001)])
        }
        nodes.append(
            try Fixtures.node("big", "test.sleep", ["seconds": .double(0.201)], resources: Resources(cpus: 2)))
        let observer = Concurrency()
        let engine = try Engine(cache: dir.url.appendingPathComponent("cache"))
        _ = try await engine.run(
            Fixtures.pipeline(nodes, in: dir.url), options: RunOptions(jobs: 2, cores: 2), observer: observer)
        // With 2 cores, 'big' (2 threads) never shares them; the others run two at a time.
        #expect(observer.peak == 2)
        #expect(!observer.sharedWithBig)
    }

    @Test func commandsGetTheirThreadBudget() async throws {
        let dir = try TemporaryDirectory()
        let python = try Oracle.python()
        let code = "import os, sys, numpy as np; np.save(sys.argv[1], np.array([int(os.environ['OMP_NUM_THREADS'])]))"
        let node = Fixtures.command(
            "cmd", [.literal(python), .literal("-c"), .literal(code), .output("y")], outputs: ["y"],
            directory: dir.url.path, resources: Resources(cpus: 3))
        let engine = try Engine(cache: dir.url.appendingPathComponent("cache"))
        let report = try await engine.run(Fixtures.pipeline([node], in: dir.url), options: RunOptions(cores: 4))
        let output = try #require(report.outcome(of: "cmd")?.outputs?["y"], "\(report.failures)")
        let dataset = try ArtifactCodec.read(engine.store.layout.objectPath(output.digest))
        #expect(try dataset.variable("y").data == NDArray([Int64(3)]))
    }

    @Test func importsARealRDMStackAsNumPyReadsIt() async throws {
        let path = try TestData.path("kriegeskorte2008_92images/npy/hIT_rdms_4subj_2sess.npy")
        let dir = try TemporaryDirectory()
        let engine = try Engine(cache: dir.url.appendingPathComponent("cache"))
        let node = Fixtures.data("hit", path: path, axes: ["subject", "stimulus", "stimulus2"])
        let report = try await engine.run(Fixtures.pipeline([node], in: dir.url))
        let output = try #require(report.outcome(of: "data.hit")?.outputs?["data"], "\(report.failures)")
        let variable = try ArtifactCodec.read(engine.store.layout.objectPath(output.digest)).variable("hit")
        let reference = try Oracle.runPython([
            "-c",
            "import sys, numpy as np; a = np.load(sys.argv[1]); print(a.shape, a.dtype, repr(float(a.astype(np.float64).sum())))",
            path,
        ])
        let sum = try #require(variable.data.doubles).reduce(0, +)
        let shape = "(" + variable.shape.map(String.init).joined(separator: ", ") + ")"
        // Same shape and dtype; the sum in float64 agrees to rounding (summation order differs): rtol 1e-12.
        #expect(reference.hasPrefix("\(shape) \(variable.dtype) "))
        let expected = Double(reference.split(separator: " ").last!.trimmingCharacters(in: .whitespacesAndNewlines))!
        #expect(abs(sum - expected) <= 1e-12 * abs(expected))
    }
}

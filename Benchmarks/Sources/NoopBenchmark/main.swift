import Foundation
import IsomorphCore
import IsomorphEngine

// Engine-level probe (temporary): builds the graph in memory and times plan / no-op run.
let sizes = CommandLine.arguments.dropFirst().compactMap { Int($0) }
var registry = StageRegistry()
registry.register(EchoStage.self)
let location = SourceLocation(file: "bench.yaml", line: 1, column: 1)
for n in sizes.isEmpty ? [1000, 10000] : sizes {
    let entry = registry.entry("bench.echo")!
    var nodes = [GraphNode]()
    for i in 0..<n {
        let stage = try entry.configure(
            SpecNode(plain: .object(["value": .int(i)]), at: location), owner: location, subject: "s")
        nodes.append(
            GraphNode(
                id: NodeID("echo[\(i)]"), stage: "echo", location: location, action: .builtin(stage), outputs: ["out"]))
    }
    let dir = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("noop-probe-\(n)")
    let reuse = ProcessInfo.processInfo.environment["NOOP_ONLY"] == "1"
    if !reuse { try? FileManager.default.removeItem(at: dir) }
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let pipeline = LoadedPipeline(
        file: dir.appendingPathComponent("p.yaml").path, directory: dir, name: "p", parameters: [], includes: [],
        graph: Graph(topologicallySorted: nodes))
    let cache = dir.appendingPathComponent("cache")
    var t = Date()
    if !reuse {
        let full = try await Engine.withEngine(cache: cache) { try await $0.run(pipeline) }
        print("n=\(n) full run: \(Date().timeIntervalSince(t)) s, ran \(full.counts.ran)")
    }
    for _ in 0..<3 {
        t = Date()
        let plan = try await Engine.withEngine(cache: cache) { try $0.plan(pipeline) }
        let tp = Date().timeIntervalSince(t)
        t = Date()
        let noop = try await Engine.withEngine(cache: cache) { try await $0.run(pipeline) }
        print(
            "n=\(n) plan: \(tp) s (cached \(plan.plan.cachedCount)); no-op run: \(Date().timeIntervalSince(t)) s (cached \(noop.counts.cached))"
        )
    }
}

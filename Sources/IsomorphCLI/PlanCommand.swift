import ArgumentParser
import Foundation
import IsomorphArrays
import IsomorphCore
import IsomorphEngine

/// `isomorph plan FILE`: for each node, whether it is cached or will run, and why.
struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show which stages would run and why, without running anything.",
        discussion: """
            One line per node: 'run' with the reasons (new stage, parameter 'alpha' changed 1 → 10, \
            input 'x' changed, code 'train.py' changed, upstream 'act' will run, forced, output \
            missing/corrupt), or 'cached'. A node downstream of one that runs has no key yet: it \
            runs unless the upstream rerun reproduces its outputs (early cutoff).
            """)

    @OptionGroup var pipeline: PipelineOptions

    @OptionGroup var cacheOptions: CacheOptions

    @Option(name: .long, help: "Plan only what this node or stage needs (repeatable).")
    var target: [String] = []

    @Option(name: .long, help: "Plan this node or stage to run even if cached (repeatable).")
    var force: [String] = []

    @Flag(help: "Print the plan as JSON.")
    var json = false

    func run() async throws {
        let loaded = try pipeline.load()
        let result = try await withEngineOrExit(cache: cacheOptions.cacheURL) { engine in
            try engine.plan(loaded, targets: target, force: force)
        }
        for w in result.warnings { Console.err("warning: \(w)\n") }
        Console.out(json ? PlanCommand.json(result.plan, graph: loaded.graph) : PlanCommand.text(result.plan))
    }

    /// The plan as aligned text lines and a summary.
    static func text(_ plan: Plan) -> String {
        let width = min(48, plan.entries.map { $0.node.rawValue.count }.max() ?? 0)
        var out = ""
        out.reserveCapacity(plan.entries.count * 48)
        for entry in plan.entries {
            let name = entry.node.rawValue.padding(
                toLength: max(width, entry.node.rawValue.count), withPad: " ", startingAt: 0)
            switch entry.decision {
            case .cached: out += "cached  \(name)\n"
            case .run(_, let reasons): out += "run     \(name)  \(reasons.map(\.description).joined(separator: "; "))\n"
            case .error(let e): out += "error   \(name)  \(e)\n"
            }
        }
        out += summary(plan) + "\n"
        return out
    }

    /// `3 to run, 12 cached` (with errors if any).
    static func summary(_ plan: Plan) -> String {
        var parts = ["\(plan.runCount) to run", "\(plan.cachedCount) cached"]
        if plan.errorCount > 0 { parts.append("\(plan.errorCount) with errors") }
        return parts.joined(separator: ", ")
    }

    /// The plan as JSON: `{"nodes": [{"node", "stage", "kind", "decision", "reasons", "key", "outputs"}], "summary": {...}}`.
    static func json(_ plan: Plan, graph: Graph) -> String {
        var nodes = [CanonicalValue]()
        nodes.reserveCapacity(plan.entries.count)
        for entry in plan.entries {
            let node = graph.nodes[entry.position]
            var o: [String: CanonicalValue] = [
                "node": .string(entry.node.rawValue), "stage": .string(node.stage), "kind": .string(node.kindName),
            ]
            switch entry.decision {
            case .cached(let key, let outputs):
                o["decision"] = .string("cached")
                o["key"] = .string(key.hex)
                o["outputs"] = .object(
                    outputs.mapValues { .object(["digest": .string($0.digest.hex), "bytes": .int(Int($0.bytes))]) })
            case .run(let key, let reasons):
                o["decision"] = .string("run")
                o["reasons"] = .array(reasons.map { .string($0.description) })
                o["key"] = key.map { .string($0.hex) } ?? .null
            case .error(let e):
                o["decision"] = .string("error")
                o["error"] = .string(e.description)
            }
            nodes.append(.object(o))
        }
        let summary: CanonicalValue = .object([
            "run": .int(plan.runCount), "cached": .int(plan.cachedCount), "errors": .int(plan.errorCount),
        ])
        return CanonicalValue.object(["nodes": .array(nodes), "summary": summary]).canonicalText + "\n"
    }
}

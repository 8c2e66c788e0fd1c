import ArgumentParser
import Foundation
import IsomorphArrays
import IsomorphCore
import IsomorphEngine

/// `isomorph status FILE`: per node, cached, missing or failed in the last run, with key and outputs.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show each node's state in the cache: cached, missing (and why), or failed in the last run.")

    @OptionGroup var pipeline: PipelineOptions

    @OptionGroup var cacheOptions: CacheOptions

    @Flag(help: "Print the status as JSON.")
    var json = false

    func run() async throws {
        let loaded = try pipeline.load()
        let statuses = try await withEngineOrExit(cache: cacheOptions.cacheURL) { try $0.status(of: loaded) }
        Console.out(json ? StatusCommand.json(statuses) : StatusCommand.text(statuses))
    }

    static func text(_ statuses: [NodeStatus]) -> String {
        let width = min(48, statuses.map { $0.node.rawValue.count }.max() ?? 0)
        var out = ""
        var counts = (cached: 0, missing: 0, failed: 0, error: 0)
        for s in statuses {
            let name = s.node.rawValue.padding(toLength: max(width, s.node.rawValue.count), withPad: " ", startingAt: 0)
            let key = s.key.map { String($0.hex.prefix(12)) } ?? "-".padding(toLength: 12, withPad: " ", startingAt: 0)
            switch s.state {
            case .cached:
                counts.cached += 1
                let outputs = s.outputs.sorted { $0.key < $1.key }.map {
                    "\($0.key)=\($0.value.digest.short) (\(Format.bytes($0.value.bytes)))"
                }
                out += "cached   \(name)  \(key)  \(outputs.joined(separator: ", "))\n"
            case .missing(let reasons):
                counts.missing += 1
                out += "missing  \(name)  \(key)  \(reasons.map(\.description).joined(separator: "; "))\n"
            case .failed(let message):
                counts.failed += 1
                out += "failed   \(name)  \(key)  \(message)" + (s.lastRun.map { " (run \($0))" } ?? "") + "\n"
            case .error(let message):
                counts.error += 1
                out += "error    \(name)  \(key)  \(message)\n"
            }
        }
        var summary = "\(counts.cached) cached, \(counts.missing) missing, \(counts.failed) failed"
        if counts.error > 0 { summary += ", \(counts.error) with errors" }
        return out + summary + "\n"
    }

    static func json(_ statuses: [NodeStatus]) -> String {
        let nodes: [CanonicalValue] = statuses.map { s in
            var o: [String: CanonicalValue] = [
                "node": .string(s.node.rawValue), "stage": .string(s.stage), "kind": .string(s.kind),
                "key": s.key.map { .string($0.hex) } ?? .null,
                "outputs": .object(
                    s.outputs.mapValues { .object(["digest": .string($0.digest.hex), "bytes": .int(Int($0.bytes))]) }),
                "last_run": s.lastRun.map(CanonicalValue.string) ?? .null,
            ]
            switch s.state {
            case .cached: o["state"] = .string("cached")
            case .missing(let reasons):
                o["state"] = .string("missing")
                o["reasons"] = .array(reasons.map { .string($0.description) })
            case .failed(let message):
                o["state"] = .string("failed")
                o["error"] = .string(message)
            case .error(let message):
                o["state"] = .string("error")
                o["error"] = .string(message)
            }
            return .object(o)
        }
        return CanonicalValue.object(["nodes": .array(nodes)]).canonicalText + "\n"
    }
}

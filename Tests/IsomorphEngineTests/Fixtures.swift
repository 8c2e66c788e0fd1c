import Foundation
import IsomorphArrays
import IsomorphCore
import IsomorphTestSupport
import Synchronization
import Testing

@testable import IsomorphEngine

/// Builds graphs of `test.*` stages directly (no spec loader), the way the loader would.
enum Fixtures {
    static let location = SourceLocation(file: "test.yaml", line: 1, column: 1)

    /// A configured test stage, through the registry as the loader does it.
    static func stage(_ kind: String, _ parameters: [String: CanonicalValue] = [:]) throws -> AnyStage {
        let entry = try #require(TestStages.registry.entry(kind))
        return try entry.configure(
            SpecNode(plain: .object(parameters), at: location), owner: location, subject: "stage '\(kind)'")
    }

    /// A built-in node with output `out`.
    static func node(
        _ id: String, _ kind: String, _ parameters: [String: CanonicalValue] = [:],
        inputs: [String: InputBinding] = [:], seed: UInt64 = 0, resources: Resources = Resources()
    ) throws -> GraphNode {
        GraphNode(
            id: NodeID(id), stage: id.split(separator: "[").first.map(String.init) ?? id, location: location,
            action: .builtin(try stage(kind, parameters)), inputs: inputs, outputs: ["out"], resources: resources,
            seed: seed)
    }

    /// `test.constant` with the given values.
    static func constant(_ id: String, _ values: [Double], chunk: Int = 64) throws -> GraphNode {
        try node(id, "test.constant", ["values": .array(values.map(CanonicalValue.double)), "chunk": .int(chunk)])
    }

    /// `test.scale` of `input`'s `out`.
    static func scale(_ id: String, _ input: String, factor: Double) throws -> GraphNode {
        try node(id, "test.scale", ["factor": .double(factor)], inputs: ["x": .single(ref(input))])
    }

    /// The `out` port of `node`.
    static func ref(_ node: String, _ port: String = "out") -> OutputRef { OutputRef(node: NodeID(node), port: port) }

    /// A data node reading `path`.
    static func data(
        _ name: String, path: String, format: DataSource.Format = .npy, axes: [String]? = nil,
        coordinates: [String: DataSource.CoordinateSource] = [:]
    ) -> GraphNode {
        GraphNode(
            id: .data(name), stage: "data.\(name)", location: location,
            action: .data(
                DataSource(
                    name: name, path: path, declaredPath: (path as NSString).lastPathComponent, format: format,
                    axes: axes, coordinates: coordinates, location: location)), outputs: ["data"])
    }

    /// A command node.
    static func command(
        _ id: String, _ argv: [CommandAction.Argument], inputs: [String: InputBinding] = [:], outputs: [String],
        code: [String] = [], environment: [String: String] = [:], directory: String, trusted: Bool = true,
        resources: Resources = Resources()
    ) -> GraphNode {
        GraphNode(
            id: NodeID(id), stage: id, location: location,
            action: .command(
                CommandAction(
                    argv: argv, codeFiles: code,
                    codePaths: code.map {
                        $0.hasPrefix(directory + "/") ? String($0.dropFirst(directory.count + 1)) : $0
                    },
                    environment: environment, workingDirectory: directory, isTrusted: trusted)), inputs: inputs,
            outputs: outputs, resources: resources)
    }

    /// A pipeline around `nodes` (already in topological order), with its spec in `directory`.
    static func pipeline(_ nodes: [GraphNode], in directory: URL, file: String = "pipeline.yaml") -> LoadedPipeline {
        LoadedPipeline(
            file: directory.appendingPathComponent(file).path, directory: directory, name: "test", parameters: [],
            includes: [], graph: Graph(topologicallySorted: nodes))
    }

    /// The values of a stored `test.*` output.
    static func values(_ engine: Engine, _ output: OutputRecord?) throws -> [Double] {
        let o = try #require(output)
        return try TestStages.values(
            of: StoredArtifact(digest: o.digest, objectPath: engine.store.layout.objectPath(o.digest)))
    }
}

/// Records every run event.
final class RecordingObserver: RunObserver {
    private let events = Mutex<[RunEvent]>([])
    func handle(_ event: RunEvent) { events.withLock { $0.append(event) } }
    var all: [RunEvent] { events.withLock { $0 } }
    var warnings: [String] {
        all.compactMap {
            if case .warning(let w) = $0 { return w }
            return nil
        }
    }
    var started: [NodeID] {
        all.compactMap {
            if case .started(let n, _, _) = $0 { return n }
            return nil
        }
    }
}

extension RunReport {
    /// Outcome names by node, for compact assertions: `ran`, `cached`, `tookOver`, `failed`, `skipped`, `notRun`.
    var summary: [String: String] {
        Dictionary(
            uniqueKeysWithValues: outcomes.map { (node, outcome) in
                let name: String
                switch outcome {
                case .ran: name = "ran"
                case .cached: name = "cached"
                case .tookOver: name = "tookOver"
                case .failed: name = "failed"
                case .skipped: name = "skipped"
                case .notRun: name = "notRun"
                }
                return (node.rawValue, name)
            })
    }
}

extension Plan {
    /// `run: reason; reason` or `cached`, by node.
    var summary: [String: String] {
        Dictionary(
            uniqueKeysWithValues: entries.map { entry in
                switch entry.decision {
                case .cached: return (entry.node.rawValue, "cached")
                case .run(_, let reasons):
                    return (entry.node.rawValue, reasons.map(\.description).joined(separator: "; "))
                case .error(let e): return (entry.node.rawValue, "error: \(e)")
                }
            })
    }
}

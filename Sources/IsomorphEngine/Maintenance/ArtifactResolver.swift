import IsomorphArrays
import IsomorphCore

/// An artifact file found from what a user typed (`show`, `export`).
public struct ResolvedArtifact: Sendable, Hashable {
    /// The file.
    public var path: String
    /// Its content digest, when it is a stored object.
    public var digest: ContentDigest?
    /// How to name it in output: `rdm[features.6].out`, `object 3fa9c1…`, or the path.
    public var label: String
}

/// Why an artifact reference does not resolve.
public enum ArtifactLookupError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No last-run state for the pipeline: it has not been run with this cache.
    case notRun(spec: String, cache: String)
    /// Several pipelines have state in this cache; the reference needs one.
    case pipelineNeeded([String])
    /// No node or output of that name.
    case unknownOutput(String, suggestion: String?)
    /// A fanned-out stage named without its instance.
    case ambiguousStage(String, instances: [String])
    /// A node with several outputs named without the port.
    case ambiguousPort(NodeID, ports: [String])
    /// The node has no result (never succeeded, or its result was removed).
    case notComputed(NodeID)
    /// The node has no output of that name.
    case unknownPort(NodeID, port: String, ports: [String])
    /// An object-digest prefix that matches several objects.
    case ambiguousDigest(String, matches: Int)

    public var description: String {
        switch self {
        case .notRun(let spec, let cache): return "'\(spec)' has not been run with the cache '\(cache)'"
        case .pipelineNeeded(let specs):
            return "several pipelines use this cache; name one with --pipeline (\(specs.joined(separator: ", ")))"
        case .unknownOutput(let name, let suggestion):
            return "'\(name)' is not a file, an object digest or a STAGE.PORT of the pipeline"
                + (suggestion.map { ". Did you mean '\($0)'?" } ?? "")
        case .ambiguousStage(let stage, let instances):
            let shown = instances.prefix(5).joined(separator: ", ") + (instances.count > 5 ? ", ..." : "")
            return "stage '\(stage)' is fanned out; name one instance, e.g. \(shown)"
        case .ambiguousPort(let node, let ports):
            return "'\(node)' has several outputs; name one: " + ports.map { "\(node).\($0)" }.joined(separator: ", ")
        case .notComputed(let node): return "'\(node)' has no result in the cache; run the pipeline first"
        case .unknownPort(let node, let port, let ports):
            return "'\(node)' has no output '\(port)' (outputs: \(ports.joined(separator: ", ")))"
        case .ambiguousDigest(let prefix, let matches): return "object prefix '\(prefix)' matches \(matches) objects"
        }
    }
}

extension Engine {
    /// The state of every pipeline that has run with this cache.
    public func pipelineStates() -> [PipelineState] {
        Syscalls.listDirectory(store.layout.statePath).filter { $0.hasSuffix(".tsv") }.sorted().compactMap { name in
            let path = store.layout.statePath + "/" + name
            guard let bytes = try? Syscalls.readAll(path), let firstLine = bytes.split(separator: 0x0a).first else {
                return nil
            }
            let fields = String(decoding: firstLine, as: UTF8.self).split(separator: "\t")
            guard fields.count == 2 else { return nil }
            return PipelineState.load(from: path, specPath: TSV.unescape(fields[1]))
        }
    }

    /// Finds the artifact `reference` names: a file path, an object digest (or a unique prefix
    /// of at least 6 hex digits), or `NODE.PORT` / `NODE` (single output) of the pipeline whose
    /// spec is at `specPath` (absolute; optional when only one pipeline uses the cache), as of
    /// its last run.
    public func resolveArtifact(_ reference: String, specPath: String?) throws -> ResolvedArtifact {
        if let s = Syscalls.status(reference), s.isRegularFile {
            return ResolvedArtifact(path: reference, digest: nil, label: reference)
        }
        var state: PipelineState?
        var stateError: ArtifactLookupError?
        if let specPath {
            let s = PipelineState.load(from: store.layout.stateFile(forSpecAt: specPath), specPath: specPath)
            if s.nodes.isEmpty { stateError = .notRun(spec: specPath, cache: store.layout.rootPath) } else { state = s }
        } else {
            let all = pipelineStates()
            if all.count == 1 {
                state = all[0]
            } else if all.count > 1 {
                stateError = .pipelineNeeded(all.map(\.specPath))
            }
        }
        if let state, let found = try output(reference, in: state) { return found }
        let lower = reference.lowercased()
        if lower.count >= 6, lower.count <= 64, lower.allSatisfy(\.isHexDigit) {
            let matches = Engine.files(in: store.layout.objectsPath, suffix: ".h5").filter {
                $0.digest.hex.hasPrefix(lower)
            }
            if matches.count == 1 {
                return ResolvedArtifact(
                    path: matches[0].path, digest: matches[0].digest, label: "object \(matches[0].digest.short)")
            }
            if matches.count > 1 { throw ArtifactLookupError.ambiguousDigest(reference, matches: matches.count) }
        }
        if let stateError { throw stateError }
        let names = state.map { $0.nodes.flatMap { n in n.value.outputs.keys.map { "\(n.key).\($0)" } } } ?? []
        throw ArtifactLookupError.unknownOutput(reference, suggestion: Suggestion.closest(to: reference, in: names))
    }

    private func output(_ reference: String, in state: PipelineState) throws -> ResolvedArtifact? {
        func found(_ node: NodeID, _ port: String) throws -> ResolvedArtifact {
            guard let s = state.nodes[node], s.key != nil, let output = s.outputs[port] else {
                throw ArtifactLookupError.notComputed(node)
            }
            return ResolvedArtifact(
                path: store.layout.objectPath(output.digest), digest: output.digest, label: "\(node).\(port)")
        }
        let whole = NodeID(reference)
        if let s = state.nodes[whole] {
            let ports = s.outputs.keys.sorted()
            if ports.count == 1 { return try found(whole, ports[0]) }
            if ports.isEmpty { throw ArtifactLookupError.notComputed(whole) }
            throw ArtifactLookupError.ambiguousPort(whole, ports: ports)
        }
        var index = reference.startIndex
        var nearest: (NodeID, String, [String])?
        while let dot = reference[index...].firstIndex(of: ".") {
            let node = NodeID(String(reference[..<dot]))
            let port = String(reference[reference.index(after: dot)...])
            if let s = state.nodes[node] {
                if s.outputs[port] != nil || s.key == nil { return try found(node, port) }
                nearest = (node, port, s.outputs.keys.sorted())
            }
            let instances = state.nodes.keys.filter { $0.rawValue.hasPrefix(node.rawValue + "[") }.map(\.rawValue)
            if !instances.isEmpty {
                throw ArtifactLookupError.ambiguousStage(node.rawValue, instances: instances.sorted())
            }
            index = reference.index(after: dot)
        }
        if let (node, port, ports) = nearest { throw ArtifactLookupError.unknownPort(node, port: port, ports: ports) }
        let instances = state.nodes.keys.filter { $0.rawValue.hasPrefix(reference + "[") }.map(\.rawValue)
        if !instances.isEmpty { throw ArtifactLookupError.ambiguousStage(reference, instances: instances.sorted()) }
        return nil
    }
}

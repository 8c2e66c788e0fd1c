import Foundation
import IsomorphArrays
import IsomorphCore

/// Builds a node's ``CacheKeyComponents`` (DESIGN.md "Artifacts and the cache"):
/// - built-in stage: kind, version, ``AnyStage/keyParameters``, the content digests of its
///   inputs, and the seed only if the stage is stochastic;
/// - command: the argv template (paths as `${in.x}`/`${out.y}`), the SHA-256 of each `code:`
///   file's bytes, the declared environment, the declared outputs and the input digests;
/// - data: the SHA-256 of the file's bytes and how it is read (format, variable, axes, coords).
///
/// File digests come through the stat cache, so an unchanged file is never reread.
struct KeyBuilder: Sendable {
    /// Version of the data importer; bump when an import of the same file would give other content.
    static let dataImportVersion = 1
    /// Version of the command-output reader.
    static let commandVersion = 1

    /// SHA-256 of a file's bytes (absolute path).
    let fileDigest: @Sendable (String) throws -> ContentDigest

    /// The input digests of `node`, by port, in binding order; `nil` if an upstream output is not known yet.
    /// - Parameter outputs: The outputs of an upstream node, if known.
    static func inputDigests(
        of node: GraphNode, outputs: (NodeID) -> [String: OutputRecord]?
    ) throws(KeyError) -> [String: [ContentDigest]]? {
        var result = [String: [ContentDigest]]()
        for (port, binding) in node.inputs {
            var digests = [ContentDigest]()
            for ref in binding.refs {
                guard let produced = outputs(ref.node) else { return nil }
                guard let output = produced[ref.port] else {
                    throw KeyError.missingUpstreamOutput(node: node.id, port: port, ref: ref)
                }
                digests.append(output.digest)
            }
            result[port] = digests
        }
        return result
    }

    /// The components of `node`, given its input digests.
    /// - Throws: ``KeyError`` if a data or code file cannot be read.
    func components(for node: GraphNode, inputs: [String: [ContentDigest]]) throws(KeyError) -> CacheKeyComponents {
        switch node.action {
        case .builtin(let stage):
            return CacheKeyComponents(
                kind: stage.kind, version: stage.version, parameters: stage.keyParameters, inputs: inputs,
                seed: stage.isStochastic ? node.seed : nil)
        case .command(let command):
            var code = [String: ContentDigest]()
            for path in command.codeFiles {
                let shown = KeyBuilder.relative(path, to: command.workingDirectory)
                do {
                    code[shown] = try fileDigest(path)
                } catch {
                    throw KeyError.unreadableCode(node: node.id, path: shown, reason: KeyBuilder.reason(error))
                }
            }
            return CacheKeyComponents(
                kind: "command", version: KeyBuilder.commandVersion,
                parameters: .object(["outputs": .array(node.outputs.map(CanonicalValue.string))]), inputs: inputs,
                command: .init(
                    argv: command.argv.map(KeyBuilder.template), code: code, environment: command.environment))
        case .data(let source):
            let digest: ContentDigest
            do {
                digest = try fileDigest(source.path)
            } catch {
                throw KeyError.unreadableData(
                    node: node.id, path: source.declaredPath, reason: KeyBuilder.reason(error))
            }
            var coordinates = [String: CanonicalValue]()
            for (axis, c) in source.coordinates {
                switch c {
                case .inline(let values): coordinates[axis] = .array(values)
                case .file(let path):
                    do {
                        coordinates[axis] = .string("sha256:" + (try fileDigest(path)).hex)
                    } catch {
                        throw KeyError.unreadableData(node: node.id, path: path, reason: KeyBuilder.reason(error))
                    }
                }
            }
            return CacheKeyComponents(
                kind: "data", version: KeyBuilder.dataImportVersion, inputs: inputs,
                dataImport: .init(
                    file: digest, format: source.format.rawValue, variable: source.variable, axes: source.axes,
                    coordinates: coordinates))
        }
    }

    /// The argv template of one argument: literals as they are, paths as placeholders.
    static func template(_ argument: CommandAction.Argument) -> String {
        switch argument {
        case .literal(let s): return s
        case .input(let port): return "${in.\(port)}"
        case .output(let port): return "${out.\(port)}"
        case .scratch: return "${scratch}"
        case .concatenation(let parts): return parts.map(template).joined()
        }
    }

    /// `path` relative to `directory` when inside it (as the spec writes it), else unchanged.
    static func relative(_ path: String, to directory: String) -> String {
        let base = directory.hasSuffix("/") ? directory : directory + "/"
        return path.hasPrefix(base) ? String(path.dropFirst(base.count)) : path
    }

    private static func reason(_ error: any Error) -> String {
        if let e = error as? SystemCallError { return String(cString: strerror(e.code)) }
        return "\(error)"
    }
}

/// A node whose key cannot be computed.
public enum KeyError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A data file (or a coordinate label file) cannot be read.
    case unreadableData(node: NodeID, path: String, reason: String)
    /// A `code:` file cannot be read.
    case unreadableCode(node: NodeID, path: String, reason: String)
    /// An upstream node did not produce the output this node reads.
    case missingUpstreamOutput(node: NodeID, port: String, ref: OutputRef)

    public var description: String {
        switch self {
        case .unreadableData(let node, let path, let reason):
            return "cannot read data file '\(path)' of '\(node)': \(reason)"
        case .unreadableCode(let node, let path, let reason):
            return "cannot read code file '\(path)' of '\(node)': \(reason)"
        case .missingUpstreamOutput(let node, let port, let ref):
            return "input '\(port)' of '\(node)' reads '\(ref)', which '\(ref.node)' did not produce"
        }
    }
}

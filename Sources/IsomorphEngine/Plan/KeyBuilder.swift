import Foundation
import IsomorphArrays
import IsomorphCore

/// Computes a node's ``CacheKeyComponents`` through IsomorphCore's one definition of keys
/// (`CacheKeyComponents(node:inputDigests:fileDigests:)`, pinned by golden tests), supplying the
/// two kinds of digests it needs: the content digests of the upstream outputs the node reads
/// (early cutoff), and the SHA-256 of the files it depends on (a command's `code:` files, a data
/// file and its label files), which come through the stat cache so an unchanged file is never
/// reread.
struct KeyBuilder: Sendable {
    /// SHA-256 of a file's bytes (absolute path).
    let fileDigest: @Sendable (String) throws -> ContentDigest

    /// The digests of the outputs `node` reads; `nil` if an upstream output is not known yet.
    /// - Parameter outputs: The outputs of an upstream node, if known.
    static func inputDigests(
        of node: GraphNode, outputs: (NodeID) -> [String: OutputRecord]?
    ) throws(KeyError) -> [OutputRef: ContentDigest]? {
        var result = [OutputRef: ContentDigest]()
        for (port, binding) in node.inputs {
            for ref in binding.refs where result[ref] == nil {
                guard let produced = outputs(ref.node) else { return nil }
                guard let output = produced[ref.port] else {
                    throw KeyError.missingUpstreamOutput(node: node.id, port: port, ref: ref)
                }
                result[ref] = output.digest
            }
        }
        return result
    }

    /// The components of `node`, given the digests of its inputs.
    /// - Throws: ``KeyError`` if a data or code file cannot be read.
    func components(
        for node: GraphNode, inputs: [OutputRef: ContentDigest]
    ) throws(KeyError) -> CacheKeyComponents {
        var files = [String: ContentDigest]()
        func hash(_ path: String, shown: String, code: Bool) throws(KeyError) {
            do {
                files[path] = try fileDigest(path)
            } catch {
                let reason = KeyBuilder.reason(error)
                throw code
                    ? KeyError.unreadableCode(node: node.id, path: shown, reason: reason)
                    : KeyError.unreadableData(node: node.id, path: shown, reason: reason)
            }
        }
        switch node.action {
        case .builtin: break
        case .command(let command):
            for (path, shown) in zip(command.codeFiles, command.codePaths) { try hash(path, shown: shown, code: true) }
        case .data(let source):
            try hash(source.path, shown: source.declaredPath, code: false)
            for (_, labels) in source.coordinates.sorted(by: { $0.key < $1.key }) {
                if case .file(let path) = labels { try hash(path, shown: path, code: false) }
            }
        }
        do {
            return try CacheKeyComponents(node: node, inputDigests: inputs, fileDigests: files)
        } catch {
            throw KeyError.missingUpstreamOutput(node: node.id, port: "?", ref: OutputRef(node: node.id, port: "?"))
        }
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

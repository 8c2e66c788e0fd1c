import Foundation
import IsomorphArrays
import IsomorphCore

/// The last result of every node of one pipeline (`state/<pipeline>.tsv`): the index that
/// makes a no-op plan cheap, and the baseline that plan reasons are computed against.
///
/// For each node: the key of its last good result with the outputs' digests and sizes, and,
/// if its last attempt failed, that attempt's key and message. The planner trusts an entry only
/// if its key equals the node's current key *and* the key record and objects still exist with
/// the recorded sizes (a few `stat` calls, no parsing).
public struct PipelineState: Sendable {
    /// What is remembered about one node.
    public struct NodeState: Sendable, Hashable {
        /// The key of the last successful (run or cached) result.
        public var key: ContentDigest?
        /// That result's outputs.
        public var outputs: [String: OutputRecord]
        /// The run that last touched the node.
        public var run: String
        /// The key of the last attempt, if it failed.
        public var failedKey: ContentDigest?
        /// The failure message of that attempt.
        public var failure: String?
        /// The key components of the last attempt (canonical JSON bytes), what plan reasons
        /// compare against; kept as bytes and parsed only for nodes that miss.
        var componentsText: ArraySlice<UInt8>?

        public init(
            key: ContentDigest?, outputs: [String: OutputRecord], run: String, failedKey: ContentDigest? = nil,
            failure: String? = nil, components: CacheKeyComponents? = nil
        ) {
            self.key = key
            self.outputs = outputs
            self.run = run
            self.failedKey = failedKey
            self.failure = failure
            self.componentsText = components.map { ArraySlice(Array($0.canonicalText.utf8)) }
        }

        /// The key components of the last attempt (parsed on demand: only misses need them).
        public var components: CacheKeyComponents? {
            guard let text = componentsText, let value = try? CanonicalJSONParser.parse(Array(text)) else {
                return nil
            }
            return CacheKeyComponents(canonicalValue: value)
        }
    }

    private static let header = "isomorph-state-1"

    /// The spec file this state belongs to (absolute).
    public var specPath: String
    /// Node → its last result.
    public var nodes: [NodeID: NodeState]

    public init(specPath: String, nodes: [NodeID: NodeState] = [:]) {
        self.specPath = specPath
        self.nodes = nodes
    }

    /// The file-name stem for the pipeline whose spec is at `specPath`: 16 hex digits of its SHA-256.
    static func identifier(forSpecAt specPath: String) -> String {
        String(SHA256Hasher.hash(specPath).hex.prefix(16))
    }

    /// Reads the state from `path`; a missing or unreadable file is an empty state.
    static func load(from path: String, specPath: String) -> PipelineState {
        var state = PipelineState(specPath: specPath)
        guard let bytes = try? Syscalls.readAll(path) else { return state }
        var first = true
        var valid = false
        TSV.forEachRow(bytes) { f in
            if first {
                first = false
                valid = f.first.map { Array($0) == Array(PipelineState.header.utf8) } ?? false
                return
            }
            guard valid, f.count >= 7 else { return }
            var outputs = [String: OutputRecord]()
            if !f[2].isEmpty {
                for item in f[2].split(separator: UInt8(ascii: ",")) {
                    guard let eq = item.lastIndex(of: UInt8(ascii: "=")),
                        let colon = item.lastIndex(of: UInt8(ascii: ":")), eq < colon,
                        let digest = TSV.digest(item[(eq + 1)..<colon]), let size = TSV.integer(item[(colon + 1)...])
                    else { continue }
                    let portBytes = item[..<eq]
                    let port = String(decoding: portBytes, as: UTF8.self)
                    outputs[portBytes.contains(UInt8(ascii: "%")) ? (port.removingPercentEncoding ?? port) : port] =
                        OutputRecord(digest: digest, bytes: size)
                }
            }
            var entry = NodeState(
                key: TSV.digest(f[1]), outputs: outputs, run: TSV.text(f[3]), failedKey: TSV.digest(f[4]),
                failure: f[5].isEmpty ? nil : TSV.text(f[5]))
            entry.componentsText =
                f[6].isEmpty ? nil : (f[6].contains(0x5c) ? ArraySlice(Array(TSV.text(f[6]).utf8)) : f[6])
            state.nodes[NodeID(TSV.text(f[0]))] = entry
        }
        return state
    }

    /// The state as file text, nodes sorted by name.
    var text: String {
        var out = "\(PipelineState.header)\t\(TSV.escape(specPath))\n"
        for (node, s) in nodes.sorted(by: { $0.key < $1.key }) {
            let outputs = s.outputs.sorted { $0.key < $1.key }.map {
                let port = $0.key.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0.key
                return "\(port)=\($0.value.digest.hex):\($0.value.bytes)"
            }
            out += TSV.escape(node.rawValue) + "\t" + (s.key?.hex ?? "-") + "\t" + outputs.joined(separator: ",")
            out += "\t" + TSV.escape(s.run) + "\t" + (s.failedKey?.hex ?? "-") + "\t" + TSV.escape(s.failure ?? "")
            out += "\t" + TSV.escape(s.componentsText.map { String(decoding: $0, as: UTF8.self) } ?? "") + "\n"
        }
        return out
    }

    /// Applies node updates to the state stored at `path`, under the state's lock so that two
    /// runs of one pipeline do not lose each other's updates.
    static func update(
        at path: String, specPath: String, temporaryDirectory: String, _ changes: [NodeID: NodeState]
    ) async throws {
        guard !changes.isEmpty else { return }
        let lock = try await FileLock.acquire(path + ".lock", exclusive: true)
        defer { lock.release() }
        var state = load(from: path, specPath: specPath)
        state.specPath = specPath
        for (node, s) in changes { state.nodes[node] = s }
        try AtomicFile.write(Array(state.text.utf8), to: path, temporaryDirectory: temporaryDirectory)
    }
}

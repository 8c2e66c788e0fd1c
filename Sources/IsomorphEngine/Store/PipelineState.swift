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
        /// The key components of the last attempt (canonical JSON), what plan reasons compare against.
        var componentsText: String?

        public init(
            key: ContentDigest?, outputs: [String: OutputRecord], run: String, failedKey: ContentDigest? = nil,
            failure: String? = nil, components: CacheKeyComponents? = nil
        ) {
            self.key = key
            self.outputs = outputs
            self.run = run
            self.failedKey = failedKey
            self.failure = failure
            self.componentsText = components?.canonicalText
        }

        /// The key components of the last attempt (parsed on demand: only misses need them).
        public var components: CacheKeyComponents? {
            guard let text = componentsText, let value = try? CanonicalJSONParser.parse(text) else { return nil }
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
        let rows = TSV.rows(bytes)
        guard let head = rows.first, head.first == Substring(header) else { return state }
        state.nodes.reserveCapacity(rows.count)
        for f in rows.dropFirst() where f.count >= 7 {
            let key = ContentDigest(hex: String(f[1]))
            var outputs = [String: OutputRecord]()
            if !f[2].isEmpty {
                for item in f[2].split(separator: ",") {
                    guard let eq = item.lastIndex(of: "="), let colon = item.lastIndex(of: ":"), eq < colon,
                        let digest = ContentDigest(hex: String(item[item.index(after: eq)..<colon])),
                        let size = Int64(item[item.index(after: colon)...])
                    else { continue }
                    outputs[TSV.unescape(item[..<eq]).removingPercentEncoding ?? ""] = OutputRecord(
                        digest: digest, bytes: size)
                }
            }
            var entry = NodeState(
                key: key, outputs: outputs, run: TSV.unescape(f[3]), failedKey: ContentDigest(hex: String(f[4])),
                failure: f[5].isEmpty ? nil : TSV.unescape(f[5]))
            entry.componentsText = f[6].isEmpty ? nil : TSV.unescape(f[6])
            state.nodes[NodeID(TSV.unescape(f[0]))] = entry
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
            out += "\t" + TSV.escape(s.componentsText ?? "") + "\n"
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

import Foundation
import IsomorphCore

/// Why a node failed, with what a user needs to act: which stage (kind and version), the
/// message, the command line for external programs, and where its log is.
public struct NodeFailure: Error, Sendable, CustomStringConvertible {
    /// The failing node.
    public var node: NodeID
    /// `rsa.rdm v1`, `command` or `data`.
    public var kind: String
    /// The implementation version (built-in stages), if any.
    public var version: Int?
    /// What went wrong.
    public var message: String
    /// The command line, for command stages.
    public var argv: [String]?
    /// The node's log file, if it has one.
    public var logPath: String?
    /// The last lines of the log.
    public var logTail: [String]

    public init(
        node: NodeID, kind: String, version: Int?, message: String, argv: [String]? = nil, logPath: String? = nil,
        logTail: [String] = []
    ) {
        self.node = node
        self.kind = kind
        self.version = version
        self.message = message
        self.argv = argv
        self.logPath = logPath
        self.logTail = logTail
    }

    /// `stage 'fit' (ridge v2) failed: ...`, the command line, the log path and its last lines.
    public var description: String {
        let what = version.map { "\(kind) v\($0)" } ?? kind
        var lines = ["stage '\(node)' (\(what)) failed: \(message)"]
        if let argv { lines.append("  command: " + argv.map(NodeFailure.quoted).joined(separator: " ")) }
        if let logPath { lines.append("  log: \(logPath)") }
        if !logTail.isEmpty {
            lines.append("  last lines of the log:")
            lines += logTail.map { "    | " + $0 }
        }
        return lines.joined(separator: "\n")
    }

    /// An argument quoted for display when it contains spaces or shell metacharacters.
    static func quoted(_ argument: String) -> String {
        let safe = argument.allSatisfy { $0.isLetter || $0.isNumber || "-_./=:,+@%".contains($0) }
        return safe && !argument.isEmpty ? argument : "'" + argument.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// The last `count` non-empty lines of a log file.
    static func tail(of path: String, lines count: Int = 15) -> [String] {
        guard let bytes = try? Syscalls.readAll(path) else { return [] }
        let text = String(decoding: bytes.suffix(64 * 1024), as: UTF8.self)
        return Array(text.split(separator: "\n", omittingEmptySubsequences: true).suffix(count).map(String.init))
    }
}

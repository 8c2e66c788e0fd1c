import Foundation
import Glibc
import Logging
import Synchronization

/// A node's log file (`logs/<run>/<node>.log`): stage log messages and, for command stages,
/// the program's stdout and stderr, appended in order.
final class NodeLogFile: Sendable {
    /// The file's path.
    let path: String
    private let fd: Mutex<Int32?>

    /// Creates (or appends to) the log file, creating its directory.
    init(path: String) throws {
        self.path = path
        try Syscalls.makeDirectories((path as NSString).deletingLastPathComponent)
        fd = Mutex(try Syscalls.open(path, O_WRONLY | O_APPEND | O_CREAT, mode: 0o644))
    }

    /// Appends one line.
    func write(line: String) {
        fd.withLock { fd in
            guard let fd else { return }
            var text = line
            if !text.hasSuffix("\n") { text += "\n" }
            text.withUTF8 { try? Syscalls.writeAll(fd, UnsafeRawBufferPointer($0), path: path) }
        }
    }

    /// Closes the file; later writes are dropped.
    func close() {
        fd.withLock {
            if let d = $0 { Syscalls.close(d) }
            $0 = nil
        }
    }

    /// A logger whose messages go to this file, with the node's name, kind and version as metadata.
    func logger(node: String, kind: String, version: Int?) -> Logger {
        var logger = Logger(label: "isomorph.stage") { _ in NodeLogHandler(file: self) }
        logger.logLevel = .debug
        logger[metadataKey: "node"] = "\(node)"
        logger[metadataKey: "kind"] = "\(kind)"
        if let version { logger[metadataKey: "version"] = "\(version)" }
        return logger
    }
}

/// A swift-log handler writing timestamped lines to a ``NodeLogFile``.
struct NodeLogHandler: LogHandler {
    let file: NodeLogFile
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .debug

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var text = "\(Timestamp.iso8601(Date())) [\(event.level)] \(event.message)"
        if let error = event.error { text += " (error: \(error))" }
        // The node's own metadata names the file already; print only what the call adds.
        if let extra = event.metadata, !extra.isEmpty {
            text += " " + extra.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        }
        file.write(line: text)
    }
}

import Foundation
import IsomorphArrays
import IsomorphCore

/// One stored output of a key record: the artifact's content digest and its file size.
public struct OutputRecord: Sendable, Hashable {
    /// The content digest (the object's name).
    public var digest: ContentDigest
    /// The object file's size in bytes; a hit is accepted only if the file still has it.
    public var bytes: Int64

    public init(digest: ContentDigest, bytes: Int64) {
        self.digest = digest
        self.bytes = bytes
    }
}

/// What the store knows about one completed cache key (`keys/ab/<key>.json`): the key's
/// ingredients, the outputs it produced, and how and where they were produced.
///
/// Written last, after every object it names is in place, so its presence means the entry is
/// complete.
public struct KeyRecord: Sendable, Hashable {
    /// The record-format version.
    public static let currentFormat = "isomorph-keyrecord-1"

    /// The cache key (SHA-256 of `components.canonicalText`).
    public var key: ContentDigest
    /// The ingredients of the key.
    public var components: CacheKeyComponents
    /// Output port → stored artifact.
    public var outputs: [String: OutputRecord]
    /// The node that produced the entry (informational: another pipeline may reuse it).
    public var node: String
    /// When the run started and how long it took, in seconds.
    public var started: Date
    public var duration: Double
    /// The host that ran it.
    public var host: String
    /// The engine version that ran it.
    public var engineVersion: String
    /// The run that produced it (names the `logs/<run>` directory).
    public var run: String

    public init(
        key: ContentDigest, components: CacheKeyComponents, outputs: [String: OutputRecord], node: String,
        started: Date, duration: Double, host: String, engineVersion: String, run: String
    ) {
        self.key = key
        self.components = components
        self.outputs = outputs
        self.node = node
        self.started = started
        self.duration = duration
        self.host = host
        self.engineVersion = engineVersion
        self.run = run
    }

    /// The record as canonical JSON text (one line).
    var jsonText: String {
        let value: CanonicalValue = .object([
            "format": .string(KeyRecord.currentFormat),
            "key": .string(key.hex),
            "components": components.canonicalValue,
            "outputs": .object(
                outputs.mapValues { .object(["digest": .string($0.digest.hex), "bytes": .int(Int($0.bytes))]) }),
            "node": .string(node),
            "started": .string(Timestamp.iso8601(started)),
            "duration_s": .double(duration),
            "host": .string(host),
            "engine_version": .string(engineVersion),
            "run": .string(run),
        ])
        return value.canonicalText + "\n"
    }

    /// Parses a record file's text.
    /// - Throws: ``RecordError`` if the text is not a record of the current format.
    init(jsonBytes: [UInt8], path: String) throws {
        let value: CanonicalValue
        do {
            value = try CanonicalJSONParser.parse(jsonBytes)
        } catch {
            throw RecordError(path: path, reason: "\(error)")
        }
        guard let o = value.objectValue else { throw RecordError(path: path, reason: "not a JSON object") }
        guard o["format"]?.stringValue == KeyRecord.currentFormat else {
            throw RecordError(path: path, reason: "unknown record format \(o["format"]?.compactText ?? "none")")
        }
        func digest(_ v: CanonicalValue?, _ what: String) throws -> ContentDigest {
            guard let s = v?.stringValue, let d = ContentDigest(hex: s) else {
                throw RecordError(path: path, reason: "missing or malformed \(what)")
            }
            return d
        }
        key = try digest(o["key"], "key")
        guard let c = o["components"], let components = CacheKeyComponents(canonicalValue: c) else {
            throw RecordError(path: path, reason: "malformed key components")
        }
        self.components = components
        var outputs = [String: OutputRecord]()
        for (port, entry) in o["outputs"]?.objectValue ?? [:] {
            guard let e = entry.objectValue, let bytes = e["bytes"]?.intValue else {
                throw RecordError(path: path, reason: "malformed output '\(port)'")
            }
            outputs[port] = OutputRecord(
                digest: try digest(e["digest"], "digest of output '\(port)'"), bytes: Int64(bytes))
        }
        self.outputs = outputs
        node = o["node"]?.stringValue ?? ""
        started = o["started"]?.stringValue.flatMap(Timestamp.parse) ?? Date(timeIntervalSince1970: 0)
        duration = o["duration_s"]?.doubleValue ?? 0
        host = o["host"]?.stringValue ?? ""
        engineVersion = o["engine_version"]?.stringValue ?? ""
        run = o["run"]?.stringValue ?? ""
    }
}

/// A key record that cannot be read; the store treats it as a miss.
struct RecordError: Error, CustomStringConvertible {
    var path: String
    var reason: String
    var description: String { "unreadable key record '\(path)': \(reason)" }
}

extension CacheKeyComponents {
    /// Rebuilds components from their ``canonicalValue`` (as stored in key records).
    init?(canonicalValue value: CanonicalValue) {
        guard let o = value.objectValue, let format = o["format"]?.stringValue, let kind = o["kind"]?.stringValue,
            let version = o["version"]?.intValue
        else { return nil }
        var inputs = [String: [ContentDigest]]()
        for (port, list) in o["inputs"]?.objectValue ?? [:] {
            guard let items = list.arrayValue else { return nil }
            let digests = items.compactMap { $0.stringValue.flatMap(ContentDigest.init(hex:)) }
            guard digests.count == items.count else { return nil }
            inputs[port] = digests
        }
        var seed: UInt64?
        if let s = o["seed"]?.stringValue {
            guard let v = UInt64(s) else { return nil }
            seed = v
        }
        var command: Command?
        if let c = o["command"]?.objectValue {
            let argv = (c["argv"]?.arrayValue ?? []).compactMap(\.stringValue)
            var code = [String: ContentDigest]()
            for (path, d) in c["code"]?.objectValue ?? [:] {
                guard let digest = d.stringValue.flatMap(ContentDigest.init(hex:)) else { return nil }
                code[path] = digest
            }
            let environment = (c["environment"]?.objectValue ?? [:]).compactMapValues(\.stringValue)
            command = Command(argv: argv, code: code, environment: environment)
        }
        var dataImport: DataImport?
        if let d = o["data"]?.objectValue {
            guard let file = d["file"]?.stringValue.flatMap(ContentDigest.init(hex:)),
                let fileFormat = d["format"]?.stringValue
            else { return nil }
            dataImport = DataImport(
                file: file, format: fileFormat, variable: d["variable"]?.stringValue,
                axes: d["axes"]?.arrayValue?.compactMap(\.stringValue),
                coordinates: d["coordinates"]?.objectValue ?? [:])
        }
        self.init(
            kind: kind, version: version, parameters: o["parameters"] ?? .object([:]), inputs: inputs, seed: seed,
            command: command, dataImport: dataImport, format: format)
    }
}

/// ISO 8601 timestamps with milliseconds, in UTC.
enum Timestamp {
    static func iso8601(_ date: Date) -> String {
        Date.ISO8601FormatStyle(includingFractionalSeconds: true).format(date)
    }

    static func parse(_ text: String) -> Date? {
        try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text)
    }
}

import Foundation
import Yams

/// Parses YAML text into ``SpecNode`` trees, turning every syntax error into a ``Diagnostic``
/// with its location.
public enum YAMLReader {
    /// Parses a whole document; an empty document is a null node.
    /// - Parameters:
    ///   - text: The YAML source.
    ///   - file: The file name used in locations.
    public static func parse(_ text: String, file: String) throws -> SpecNode {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text, .basic)
        } catch let error as YamlError {
            throw SpecError(diagnostic(for: error, text: text, file: file))
        }
        guard let node else { return SpecNode(.null, at: SourceLocation(file: file, line: 1, column: 1)) }
        return try convert(node, file: file)
    }

    static func convert(_ node: Node, file: String) throws -> SpecNode {
        let location = SourceLocation(file: file, line: node.mark?.line ?? 0, column: node.mark?.column ?? 0)
        switch node {
        case .scalar(let scalar):
            if scalar.style != .plain { return SpecNode(.string(scalar.string), at: location) }
            return SpecNode(resolvePlain(scalar.string), at: location)
        case .sequence(let seq):
            return SpecNode(.list(try seq.map { try convert($0, file: file) }), at: location)
        case .mapping(let map):
            var entries = [SpecEntry]()
            for (k, v) in map {
                let keyLocation = SourceLocation(file: file, line: k.mark?.line ?? 0, column: k.mark?.column ?? 0)
                guard case .scalar(let keyScalar) = k else {
                    throw SpecError(Diagnostic(at: keyLocation, "mapping keys must be plain strings"))
                }
                entries.append(
                    SpecEntry(key: keyScalar.string, keyLocation: keyLocation, value: try convert(v, file: file)))
            }
            return SpecNode(.map(entries), at: location)
        case .alias:
            throw SpecError(Diagnostic(at: location, "YAML aliases are not supported in pipeline specs"))
        }
    }

    /// The YAML 1.2 core schema for plain scalars.
    static func resolvePlain(_ s: String) -> SpecNode.Value {
        // Fast path: most plain scalars are names, which cannot be null, booleans or numbers.
        guard let first = s.utf8.first else { return .null }
        switch first {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
            UInt8(ascii: "~"), UInt8(ascii: "n"), UInt8(ascii: "N"), UInt8(ascii: "t"), UInt8(ascii: "T"),
            UInt8(ascii: "f"), UInt8(ascii: "F"):
            break
        default:
            return .string(s)
        }
        switch s {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .double(.infinity)
        case "-.inf", "-.Inf", "-.INF": return .double(-.infinity)
        case ".nan", ".NaN", ".NAN": return .double(.nan)
        default: break
        }
        if isDecimalInteger(s), let i = Int(s) { return .int(i) }
        if s.hasPrefix("0x"), let i = Int(s.dropFirst(2), radix: 16) { return .int(i) }
        if s.hasPrefix("0o"), let i = Int(s.dropFirst(2), radix: 8) { return .int(i) }
        if isDecimalFloat(s), let d = Double(s) { return .double(d) }
        return .string(s)
    }

    private static func isDecimalInteger(_ s: String) -> Bool {
        var bytes = s.utf8[...]
        if bytes.first == UInt8(ascii: "-") || bytes.first == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
        return !bytes.isEmpty && bytes.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }

    private static func isDecimalFloat(_ s: String) -> Bool {
        // [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
        let bytes = Array(s.utf8)
        var i = 0
        func at(_ c: Character) -> Bool { i < bytes.count && bytes[i] == c.asciiValue! }
        func digits() -> Int {
            let start = i
            while i < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[i]) { i += 1 }
            return i - start
        }
        if at("-") || at("+") { i += 1 }
        let whole = digits()
        var fraction = 0
        if at(".") {
            i += 1
            fraction = digits()
        }
        guard whole + fraction > 0 else { return false }
        if at("e") || at("E") {
            i += 1
            if at("-") || at("+") { i += 1 }
            guard digits() > 0 else { return false }
        }
        return i == bytes.count
    }

    static func diagnostic(for error: YamlError, text: String, file: String) -> Diagnostic {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            var message = "invalid YAML: \(problem)"
            if let context { message += " \(context.text)" }
            return Diagnostic(
                at: SourceLocation(file: file, line: mark.line, column: mark.column), message,
                sourceLine: line(mark.line, of: text))
        case .duplicatedKeysInMapping(let duplicates, let context):
            // Yams reports the first occurrence; point at the second, where the mistake usually is.
            let key = duplicates.first ?? "?"
            let first = context.mark
            let second = secondOccurrence(of: key, after: first, in: text) ?? (first.line, first.column)
            return Diagnostic(
                at: SourceLocation(file: file, line: second.0, column: second.1),
                "duplicate key '\(key)' (first defined at line \(first.line))",
                sourceLine: line(second.0, of: text))
        case .reader(let problem, let offset, _, _):
            return Diagnostic(at: SourceLocation(file: file), "cannot read YAML: \(problem) at byte \(offset ?? 0)")
        default:
            return Diagnostic(at: SourceLocation(file: file), "invalid YAML: \(error)")
        }
    }

    private static func line(_ n: Int, of text: String) -> String? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        return n >= 1 && n <= lines.count ? String(lines[n - 1]) : nil
    }

    private static func secondOccurrence(of key: String, after mark: Mark, in text: String) -> (Int, Int)? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard mark.line >= 1 && mark.line <= lines.count else { return nil }
        let indent = mark.column - 1
        for n in mark.line..<lines.count {
            let l = lines[n]
            let leading = l.prefix { $0 == " " }.count
            if leading < indent && !l.trimmingCharacters(in: .whitespaces).isEmpty { break }
            if leading == indent, l.dropFirst(indent).hasPrefix(key + ":") {
                return (n + 1, indent + 1)
            }
        }
        return nil
    }
}

import CYAML
import Foundation

/// Parses YAML text into ``SpecNode`` trees, turning every syntax error into a ``Diagnostic``
/// with its location.
///
/// This file is the wrapper around libyaml (every call into it is here). The reader consumes
/// libyaml's event stream and builds located nodes directly: no intermediate document tree, so
/// a 10,000-stage spec parses in a few tens of milliseconds. Plain scalars are typed by the
/// YAML 1.2 core schema; quoted and block scalars are strings. Duplicate mapping keys are
/// errors at the second occurrence; aliases, non-scalar keys and multi-document streams are
/// errors; all such problems are reported together.
public enum YAMLReader {
    /// Parses a whole document; an empty document is a null node.
    /// - Parameters:
    ///   - text: The YAML source.
    ///   - file: The file name used in locations.
    /// - Throws: ``SpecError`` with every problem found (a syntax error stops the reader).
    public static func parse(_ text: String, file: String) throws -> SpecNode {
        var bytes = Array(text.utf8)
        if bytes.isEmpty { bytes = [UInt8(ascii: "\n")] }
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            throw SpecError(Diagnostic(at: SourceLocation(file: file), "cannot start the YAML parser (out of memory)"))
        }
        defer { yaml_parser_delete(&parser) }
        return try bytes.withUnsafeBufferPointer { buffer in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var builder = TreeBuilder(file: file)
            var event = yaml_event_t()
            while true {
                guard yaml_parser_parse(&parser, &event) == 1 else {
                    builder.diagnostics.append(syntaxError(parser, text: text, file: file))
                    throw SpecError(builder.diagnostics)
                }
                defer { yaml_event_delete(&event) }
                if event.type == YAML_STREAM_END_EVENT { break }
                builder.consume(event)
            }
            if !builder.diagnostics.isEmpty { throw SpecError(builder.diagnostics) }
            return builder.root ?? SpecNode(.null, at: SourceLocation(file: file, line: 1, column: 1))
        }
    }

    /// Turns libyaml events into nodes.
    private struct TreeBuilder {
        /// An open sequence or mapping. Frames are mutated in place through `stack[i]`, so that
        /// appending stays O(1) (binding an enum payload would copy the array on every append).
        struct Frame {
            var isMapping: Bool
            var location: SourceLocation
            var items: [SpecNode] = []
            var entries: [SpecEntry] = []
            /// The key waiting for its value, and whether to keep the value (not for a duplicate key).
            var pending: (key: String, at: SourceLocation, keep: Bool)?
            /// Keys seen so far, with their lines.
            var seen: [String: Int] = [:]
        }

        let file: String
        var stack = [Frame]()
        var root: SpecNode?
        var documents = 0
        var diagnostics = [Diagnostic]()
        /// Nesting depth inside an unusable node (an alias target or a non-scalar key) being skipped.
        var skipping = 0

        init(file: String) { self.file = file }

        func location(_ mark: yaml_mark_t) -> SourceLocation {
            SourceLocation(file: file, line: Int(mark.line) + 1, column: Int(mark.column) + 1)
        }

        mutating func consume(_ event: yaml_event_t) {
            let at = location(event.start_mark)
            switch event.type {
            case YAML_DOCUMENT_START_EVENT:
                documents += 1
                if documents == 2 {
                    diagnostics.append(Diagnostic(at: at, "a spec file holds one YAML document; remove this '---'"))
                }
            case YAML_SCALAR_EVENT:
                if skipping > 0 { return }
                let scalar = event.data.scalar
                let text = String(
                    decoding: UnsafeBufferPointer(start: scalar.value, count: Int(scalar.length)), as: UTF8.self)
                let isPlain = scalar.style == YAML_PLAIN_SCALAR_STYLE && !isStringTag(scalar.tag)
                add(SpecNode(isPlain ? YAMLReader.resolvePlain(text) : .string(text), at: at), keyText: text)
            case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                if skipping > 0 || isKeyPosition {
                    startSkipping(at: at)
                } else {
                    stack.append(Frame(isMapping: event.type == YAML_MAPPING_START_EVENT, location: at))
                }
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                if skipping > 0 {
                    skipping -= 1
                    if skipping == 0 { add(SpecNode(.null, at: at), keyText: nil) }
                    return
                }
                let frame = stack.removeLast()
                add(
                    SpecNode(frame.isMapping ? .map(frame.entries) : .list(frame.items), at: frame.location),
                    keyText: nil)
            case YAML_ALIAS_EVENT:
                if skipping > 0 { return }
                diagnostics.append(Diagnostic(at: at, "YAML aliases are not supported in pipeline specs"))
                add(SpecNode(.null, at: at), keyText: nil)
            default:
                break
            }
        }

        /// Whether the next node is a mapping key.
        private var isKeyPosition: Bool {
            guard let top = stack.last else { return false }
            return top.isMapping && top.pending == nil
        }

        private mutating func startSkipping(at location: SourceLocation) {
            if skipping == 0 { diagnostics.append(Diagnostic(at: location, "mapping keys must be plain strings")) }
            skipping += 1
        }

        /// Adds a finished node to its parent (as a key, a value or an item) or makes it the root.
        private mutating func add(_ node: SpecNode, keyText: String?) {
            let i = stack.count - 1
            guard i >= 0 else {
                if root == nil { root = node }
                return
            }
            guard stack[i].isMapping else {
                stack[i].items.append(node)
                return
            }
            if let pending = stack[i].pending {
                if pending.keep {
                    stack[i].entries.append(SpecEntry(key: pending.key, keyLocation: pending.at, value: node))
                }
                stack[i].pending = nil
                return
            }
            // A key: scalars only (collections were skipped above).
            let key = keyText ?? ""
            var keep = true
            if let first = stack[i].seen[key] {
                diagnostics.append(
                    Diagnostic(at: node.location, "duplicate key '\(key)' (first defined at line \(first))"))
                keep = false
            } else {
                stack[i].seen[key] = node.location.line
            }
            stack[i].pending = (key, node.location, keep)
        }

        private func isStringTag(_ tag: UnsafeMutablePointer<yaml_char_t>?) -> Bool {
            guard let tag else { return false }
            return String(cString: tag) == "tag:yaml.org,2002:str"
        }
    }

    /// The diagnostic for a parser failure (reader, scanner or parser error).
    private static func syntaxError(_ parser: yaml_parser_t, text: String, file: String) -> Diagnostic {
        let problem = parser.problem.map { String(cString: $0) } ?? "unknown error"
        if parser.error == YAML_READER_ERROR {
            return Diagnostic(
                at: SourceLocation(file: file), "cannot read YAML: \(problem) at byte \(parser.problem_offset)")
        }
        var message = "invalid YAML: \(problem)"
        if let context = parser.context.map({ String(cString: $0) }) {
            message += " (\(context) at line \(parser.context_mark.line + 1))"
        }
        let line = Int(parser.problem_mark.line) + 1
        return Diagnostic(
            at: SourceLocation(file: file, line: line, column: Int(parser.problem_mark.column) + 1), message,
            sourceLine: Self.line(line, of: text))
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

    private static func line(_ n: Int, of text: String) -> String? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        return n >= 1 && n <= lines.count ? String(lines[n - 1]) : nil
    }
}

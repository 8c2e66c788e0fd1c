import Foundation

/// A string from a spec split into literal text and `${...}` references.
///
/// `$${` is an escaped `${` (literal text). A reference runs to the next `}`; its name is
/// trimmed of spaces. Parsing is pure; resolving names is ``Interpolator``'s job.
struct Template: Sendable, Hashable {
    enum Part: Sendable, Hashable {
        case text(String)
        case reference(String)
    }

    /// A syntax error: an unterminated or empty reference.
    struct SyntaxError: Error {
        let message: String
    }

    var parts: [Part]

    /// Parses `text`.
    /// - Throws: ``SyntaxError`` for `${` without `}` or an empty `${}`.
    init(parsing text: String) throws {
        // Fast path: most strings have no `$` at all.
        guard text.utf8.contains(UInt8(ascii: "$")) else {
            parts = text.isEmpty ? [] : [.text(text)]
            return
        }
        var parts = [Part]()
        var literal = ""
        var i = text.startIndex
        while i < text.endIndex {
            let rest = text[i...]
            if rest.hasPrefix("$${") {
                literal += "${"
                i = text.index(i, offsetBy: 3)
            } else if rest.hasPrefix("${") {
                let start = text.index(i, offsetBy: 2)
                guard let close = text[start...].firstIndex(of: "}") else {
                    throw SyntaxError(message: "unterminated '${' in '\(text)'")
                }
                let name = text[start..<close].trimmingCharacters(in: .whitespaces)
                guard !name.isEmpty else { throw SyntaxError(message: "empty '${}' in '\(text)'") }
                if !literal.isEmpty {
                    parts.append(.text(literal))
                    literal = ""
                }
                parts.append(.reference(name))
                i = text.index(after: close)
            } else {
                literal.append(text[i])
                i = text.index(after: i)
            }
        }
        if !literal.isEmpty { parts.append(.text(literal)) }
        self.parts = parts
    }

    /// The name, if the whole string is one reference (`"${matrix.factor}"`): its value then
    /// keeps its type.
    var wholeReference: String? {
        if parts.count == 1, case .reference(let name) = parts[0] { return name }
        return nil
    }

    /// Whether the string has no references (escapes already resolved).
    var isLiteral: Bool {
        !parts.contains { if case .reference = $0 { return true } else { return false } }
    }

    /// The text of a literal template.
    var literalText: String {
        parts.map { if case .text(let t) = $0 { return t } else { return "" } }.joined()
    }
}

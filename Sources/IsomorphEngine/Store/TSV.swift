/// Tab-separated lines with `\\`, `\t` and `\n` escaped: the engine's fast index formats
/// (pipeline state, stat cache), read in one pass without a JSON decoder.
enum TSV {
    /// Escapes a field so it contains no tab or newline.
    static func escape(_ field: String) -> String {
        guard field.utf8.contains(where: { $0 == 0x5c || $0 == 0x09 || $0 == 0x0a }) else { return field }
        var out = ""
        for c in field.unicodeScalars {
            switch c {
            case "\\": out += "\\\\"
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// Reverses ``escape(_:)``.
    static func unescape<S: StringProtocol>(_ field: S) -> String {
        guard field.utf8.contains(0x5c) else { return String(field) }
        var out = ""
        var escaping = false
        for c in field.unicodeScalars {
            if escaping {
                switch c {
                case "t": out += "\t"
                case "n": out += "\n"
                default: out.unicodeScalars.append(c)
                }
                escaping = false
            } else if c == "\\" {
                escaping = true
            } else {
                out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// Splits a file's bytes into lines of fields (empty lines skipped).
    static func rows(_ bytes: [UInt8]) -> [[Substring]] {
        let text = String(decoding: bytes, as: UTF8.self)
        return text.split(separator: "\n", omittingEmptySubsequences: true).map {
            $0.split(separator: "\t", omittingEmptySubsequences: false)
        }
    }
}

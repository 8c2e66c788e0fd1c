import IsomorphArrays

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

    /// Calls `body` with the fields of each non-empty line, as byte slices (no `String` work:
    /// a 10,000-line index parses in a few milliseconds).
    static func forEachRow(_ bytes: [UInt8], _ body: ([ArraySlice<UInt8>]) -> Void) {
        var fields = [ArraySlice<UInt8>]()
        fields.reserveCapacity(8)
        var lineStart = 0
        let n = bytes.count
        while lineStart < n {
            var lineEnd = lineStart
            while lineEnd < n && bytes[lineEnd] != 0x0a { lineEnd += 1 }
            if lineEnd > lineStart {
                fields.removeAll(keepingCapacity: true)
                var fieldStart = lineStart
                for i in lineStart..<lineEnd where bytes[i] == 0x09 {
                    fields.append(bytes[fieldStart..<i])
                    fieldStart = i + 1
                }
                fields.append(bytes[fieldStart..<lineEnd])
                body(fields)
            }
            lineStart = lineEnd + 1
        }
    }

    /// A field as text, unescaped.
    static func text(_ field: ArraySlice<UInt8>) -> String {
        let s = String(decoding: field, as: UTF8.self)
        return field.contains(0x5c) ? unescape(s) : s
    }

    /// A field of 64 hex digits as a digest.
    static func digest(_ field: ArraySlice<UInt8>) -> ContentDigest? {
        guard field.count == 64 else { return nil }
        var out = [UInt8](repeating: 0, count: 32)
        var i = field.startIndex
        for k in 0..<32 {
            guard let hi = nibble(field[i]), let lo = nibble(field[i + 1]) else { return nil }
            out[k] = hi << 4 | lo
            i += 2
        }
        return ContentDigest(bytes: out)
    }

    /// A decimal integer field.
    static func integer(_ field: ArraySlice<UInt8>) -> Int64? {
        guard !field.isEmpty else { return nil }
        var value: Int64 = 0
        var negative = false
        for (k, b) in field.enumerated() {
            if k == 0 && b == UInt8(ascii: "-") {
                negative = true
                continue
            }
            guard b >= 0x30 && b <= 0x39 else { return nil }
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(Int64(b - 0x30))
            if o1 || o2 { return nil }
            value = a
        }
        return negative ? -value : value
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: return c - 0x30
        case 0x61...0x66: return c - 0x61 + 10
        default: return nil
        }
    }
}

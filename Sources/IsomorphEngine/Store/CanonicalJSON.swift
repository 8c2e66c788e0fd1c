import IsomorphCore

/// Parses the JSON text the engine writes (key records, provenance) back into a
/// ``CanonicalValue``, keeping the integer/float distinction that canonical text encodes:
/// a number with `.`, `e` or `E` is a double, any other number an integer.
///
/// Foundation's `JSONDecoder` cannot be used here: it would read the parameter `1.0` back as
/// the integer `1`, and a plan would then report a parameter as changed when it is not.
struct CanonicalJSONParser {
    /// A syntax error with its byte offset.
    struct SyntaxError: Error, CustomStringConvertible {
        var offset: Int
        var message: String
        var description: String { "invalid JSON at byte \(offset): \(message)" }
    }

    private let bytes: [UInt8]
    private var i = 0

    private init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Parses one JSON value filling the whole text.
    static func parse(_ bytes: [UInt8]) throws -> CanonicalValue {
        var p = CanonicalJSONParser(bytes)
        let v = try p.value()
        p.skipSpace()
        guard p.i == p.bytes.count else { throw SyntaxError(offset: p.i, message: "trailing characters") }
        return v
    }

    /// Parses one JSON value from text.
    static func parse(_ text: String) throws -> CanonicalValue { try parse(Array(text.utf8)) }

    private mutating func skipSpace() {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0a || bytes[i] == 0x0d || bytes[i] == 0x09 { i += 1 }
    }

    private mutating func expect(_ literal: String) throws {
        for b in literal.utf8 {
            guard i < bytes.count, bytes[i] == b else { throw SyntaxError(offset: i, message: "expected '\(literal)'") }
            i += 1
        }
    }

    private mutating func value() throws -> CanonicalValue {
        skipSpace()
        guard i < bytes.count else { throw SyntaxError(offset: i, message: "unexpected end") }
        switch bytes[i] {
        case UInt8(ascii: "{"):
            i += 1
            var object = [String: CanonicalValue]()
            skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "}") {
                i += 1
                return .object(object)
            }
            while true {
                skipSpace()
                let key = try string()
                skipSpace()
                try expect(":")
                object[key] = try value()
                skipSpace()
                guard i < bytes.count else { throw SyntaxError(offset: i, message: "unterminated object") }
                if bytes[i] == UInt8(ascii: ",") {
                    i += 1
                } else if bytes[i] == UInt8(ascii: "}") {
                    i += 1
                    return .object(object)
                } else {
                    throw SyntaxError(offset: i, message: "expected ',' or '}'")
                }
            }
        case UInt8(ascii: "["):
            i += 1
            var array = [CanonicalValue]()
            skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "]") {
                i += 1
                return .array(array)
            }
            while true {
                array.append(try value())
                skipSpace()
                guard i < bytes.count else { throw SyntaxError(offset: i, message: "unterminated array") }
                if bytes[i] == UInt8(ascii: ",") {
                    i += 1
                } else if bytes[i] == UInt8(ascii: "]") {
                    i += 1
                    return .array(array)
                } else {
                    throw SyntaxError(offset: i, message: "expected ',' or ']'")
                }
            }
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"):
            try expect("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expect("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expect("null")
            return .null
        default: return try number()
        }
    }

    private mutating func number() throws -> CanonicalValue {
        let start = i
        var isFloat = false
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: ".") || b == UInt8(ascii: "e") || b == UInt8(ascii: "E") {
                isFloat = true
            } else if !(b == UInt8(ascii: "-") || b == UInt8(ascii: "+") || (b >= 0x30 && b <= 0x39)) {
                break
            }
            i += 1
        }
        let text = String(decoding: bytes[start..<i], as: UTF8.self)
        if !isFloat, let n = Int(text) { return .int(n) }
        guard let d = Double(text) else { throw SyntaxError(offset: start, message: "bad number '\(text)'") }
        return .double(d)
    }

    private mutating func string() throws -> String {
        guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else {
            throw SyntaxError(offset: i, message: "expected a string")
        }
        i += 1
        var out = [UInt8]()
        while i < bytes.count {
            let b = bytes[i]
            i += 1
            switch b {
            case UInt8(ascii: "\""): return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard i < bytes.count else { break }
                let e = bytes[i]
                i += 1
                switch e {
                case UInt8(ascii: "n"): out.append(0x0a)
                case UInt8(ascii: "r"): out.append(0x0d)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0c)
                case UInt8(ascii: "u"):
                    var code = try hex4()
                    if (0xD800..<0xDC00).contains(code), i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"),
                        bytes[i + 1] == UInt8(ascii: "u")
                    {
                        i += 2
                        let low = try hex4()
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    }
                    out.append(contentsOf: Array(String(Unicode.Scalar(code).map(Character.init) ?? "\u{FFFD}").utf8))
                default: out.append(e)
                }
            default: out.append(b)
            }
        }
        throw SyntaxError(offset: i, message: "unterminated string")
    }

    private mutating func hex4() throws -> UInt32 {
        guard i + 4 <= bytes.count, let v = UInt32(String(decoding: bytes[i..<i + 4], as: UTF8.self), radix: 16)
        else { throw SyntaxError(offset: i, message: "bad \\u escape") }
        i += 4
        return v
    }
}

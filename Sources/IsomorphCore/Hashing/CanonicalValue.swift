/// A JSON-like value with one canonical text form: the ingredient format of cache keys.
///
/// Objects serialise with keys sorted by their UTF-8 bytes, no whitespace; integers in decimal;
/// doubles in Swift's shortest round-tripping form (always with a `.`, `e` or a non-finite name,
/// so `1.0` and `1` never collide); strings JSON-escaped. The same value always gives the same
/// bytes, on every machine, so `SHA-256(canonicalText)` is a stable key.
public indirect enum CanonicalValue: Sendable, Hashable, Codable, CustomStringConvertible {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([CanonicalValue])
    case object([String: CanonicalValue])

    /// The canonical serialisation.
    public var canonicalText: String {
        var out = ""
        write(into: &out)
        return out
    }

    /// A compact rendering for messages: like JSON, but strings unquoted at top level.
    public var compactText: String {
        if case .string(let s) = self { return s }
        return canonicalText
    }

    public var description: String { canonicalText }

    private func write(into out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d): out += CanonicalValue.format(d)
        case .string(let s): CanonicalValue.writeString(s, into: &out)
        case .array(let a):
            out += "["
            for (i, v) in a.enumerated() {
                if i > 0 { out += "," }
                v.write(into: &out)
            }
            out += "]"
        case .object(let o):
            out += "{"
            for (i, key) in o.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }).enumerated() {
                if i > 0 { out += "," }
                CanonicalValue.writeString(key, into: &out)
                out += ":"
                o[key]!.write(into: &out)
            }
            out += "}"
        }
    }

    /// Shortest round-trip text of a double, marked as a float.
    static func format(_ d: Double) -> String {
        if d.isNaN { return "\"NaN\"" }
        if d.isInfinite { return d > 0 ? "\"Infinity\"" : "\"-Infinity\"" }
        let text = "\(d)"
        return text.contains(where: { $0 == "." || $0 == "e" }) ? text : text + ".0"
    }

    static func writeString(_ s: String, into out: inout String) {
        out += "\""
        // Fast path (cache keys of 10,000-node plans): nothing to escape, append the bytes at once.
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
            out += s
            out += "\""
            return
        }
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }

    // MARK: Accessors

    /// The string, if the value is one.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The number (integers converted), if the value is numeric.
    public var doubleValue: Double? {
        switch self {
        case .double(let d): return d
        case .int(let i): return Double(i)
        default: return nil
        }
    }

    /// The integer, if the value is one.
    public var intValue: Int? {
        if case .int(let i) = self { return i }
        return nil
    }

    /// The elements, if the value is an array.
    public var arrayValue: [CanonicalValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// The fields, if the value is an object.
    public var objectValue: [String: CanonicalValue]? {
        if case .object(let o) = self { return o }
        return nil
    }

    // MARK: Codable (as plain JSON)

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
        } else if let b = try? c.decode(Bool.self) {
            self = .bool(b)
        } else if let i = try? c.decode(Int.self) {
            self = .int(i)
        } else if let d = try? c.decode(Double.self) {
            self = .double(d)
        } else if let s = try? c.decode(String.self) {
            self = .string(s)
        } else if let a = try? c.decode([CanonicalValue].self) {
            self = .array(a)
        } else {
            self = .object(try c.decode([String: CanonicalValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .bool(let b): try c.encode(b)
        case .int(let i): try c.encode(i)
        case .double(let d): try c.encode(d)
        case .string(let s): try c.encode(s)
        case .array(let a): try c.encode(a)
        case .object(let o): try c.encode(o)
        }
    }
}

extension CanonicalValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

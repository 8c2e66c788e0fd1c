import OrderedCollections

/// A JSON value whose objects keep their key order, rendered with stable, readable
/// formatting: the JSON Schema and `isomorph stages --json` are generated through it so that
/// regenerating them gives identical bytes.
public indirect enum OrderedJSON: Sendable, Hashable, ExpressibleByStringLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByIntegerLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    case null
    case bool(Bool)
    case int(Int)
    case number(Double)
    case string(String)
    case array([OrderedJSON])
    case object(OrderedDictionary<String, OrderedJSON>)

    public init(stringLiteral value: String) { self = .string(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(arrayLiteral elements: OrderedJSON...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, OrderedJSON)...) {
        self = .object(OrderedDictionary(uniqueKeysWithValues: elements))
    }

    /// A canonical value as JSON (object keys sorted).
    public init(_ value: CanonicalValue) {
        switch value {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .int(let i): self = .int(i)
        case .double(let d): self = d.isFinite ? .number(d) : .string(CanonicalValue.double(d).compactText)
        case .string(let s): self = .string(s)
        case .array(let a): self = .array(a.map(OrderedJSON.init))
        case .object(let o):
            self = .object(
                OrderedDictionary(
                    uniqueKeysWithValues: o.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }).map {
                        ($0, OrderedJSON(o[$0]!))
                    }))
        }
    }

    /// The value of `key` in an object (`nil` otherwise); setting on a non-object does nothing.
    public subscript(key: String) -> OrderedJSON? {
        get {
            if case .object(let o) = self { return o[key] }
            return nil
        }
        set {
            if case .object(var o) = self {
                o[key] = newValue
                self = .object(o)
            }
        }
    }

    /// Pretty text: two-space indentation, `"key": value`, short arrays of scalars on one line,
    /// and a final newline.
    public var prettyText: String {
        var out = ""
        write(into: &out, indent: 0)
        return out + "\n"
    }

    /// Compact text on one line (no spaces).
    public var compactText: String {
        switch self {
        case .array(let a): return "[" + a.map(\.compactText).joined(separator: ",") + "]"
        case .object(let o):
            return "{" + o.map { Self.quoted($0.key) + ":" + $0.value.compactText }.joined(separator: ",") + "}"
        default: return scalarText
        }
    }

    private var isScalar: Bool {
        switch self {
        case .array, .object: return false
        default: return true
        }
    }

    private var scalarText: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .number(let d): return CanonicalValue.double(d).canonicalText
        case .string(let s): return Self.quoted(s)
        case .array, .object: return compactText
        }
    }

    private func write(into out: inout String, indent: Int) {
        let pad = String(repeating: " ", count: indent + 2)
        switch self {
        case .array(let a):
            if a.isEmpty {
                out += "[]"
            } else if a.allSatisfy(\.isScalar), a.reduce(0, { $0 + $1.scalarText.count + 2 }) + indent < 100 {
                out += "[" + a.map(\.scalarText).joined(separator: ", ") + "]"
            } else {
                out += "[\n"
                for (i, v) in a.enumerated() {
                    out += pad
                    v.write(into: &out, indent: indent + 2)
                    out += i + 1 < a.count ? ",\n" : "\n"
                }
                out += String(repeating: " ", count: indent) + "]"
            }
        case .object(let o):
            if o.isEmpty {
                out += "{}"
                return
            }
            out += "{\n"
            for (i, (k, v)) in o.enumerated() {
                out += pad + Self.quoted(k) + ": "
                v.write(into: &out, indent: indent + 2)
                out += i + 1 < o.count ? ",\n" : "\n"
            }
            out += String(repeating: " ", count: indent) + "}"
        default:
            out += scalarText
        }
    }

    private static func quoted(_ s: String) -> String {
        CanonicalValue.string(s).canonicalText
    }
}

import OrderedCollections

/// The value of an attribute attached to a dataset or a variable.
///
/// Attributes map to HDF5/netCDF attributes one-to-one: strings become UTF-8 variable-length
/// strings, integers 64-bit integers, reals 64-bit floats, and lists one-dimensional arrays.
public enum AttributeValue: Sendable, Hashable, Codable, CustomStringConvertible {
    case string(String)
    case int(Int64)
    case double(Double)
    case strings([String])
    case ints([Int64])
    case doubles([Double])

    /// The string, if this is a single string.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The integer, if this is a single integer.
    public var intValue: Int64? {
        if case .int(let i) = self { return i }
        return nil
    }

    /// The number, if this is a single integer or real.
    public var doubleValue: Double? {
        switch self {
        case .double(let d): return d
        case .int(let i): return Double(i)
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case .string(let s): return s
        case .int(let i): return "\(i)"
        case .double(let d): return "\(d)"
        case .strings(let v): return "[" + v.joined(separator: ", ") + "]"
        case .ints(let v): return "[" + v.map { "\($0)" }.joined(separator: ", ") + "]"
        case .doubles(let v): return "[" + v.map { "\($0)" }.joined(separator: ", ") + "]"
        }
    }

    private enum CodingKeys: String, CodingKey { case string, int, double, strings, ints, doubles }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if let v = try c.decodeIfPresent(String.self, forKey: .string) {
            self = .string(v)
        } else if let v = try c.decodeIfPresent(Int64.self, forKey: .int) {
            self = .int(v)
        } else if let v = try c.decodeIfPresent(Double.self, forKey: .double) {
            self = .double(v)
        } else if let v = try c.decodeIfPresent([String].self, forKey: .strings) {
            self = .strings(v)
        } else if let v = try c.decodeIfPresent([Int64].self, forKey: .ints) {
            self = .ints(v)
        } else if let v = try c.decodeIfPresent([Double].self, forKey: .doubles) {
            self = .doubles(v)
        } else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "empty attribute value"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .string(let v): try c.encode(v, forKey: .string)
        case .int(let v): try c.encode(v, forKey: .int)
        case .double(let v): try c.encode(v, forKey: .double)
        case .strings(let v): try c.encode(v, forKey: .strings)
        case .ints(let v): try c.encode(v, forKey: .ints)
        case .doubles(let v): try c.encode(v, forKey: .doubles)
        }
    }
}

extension AttributeValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
}

/// Named attributes, in insertion order.
public typealias Attributes = OrderedDictionary<String, AttributeValue>

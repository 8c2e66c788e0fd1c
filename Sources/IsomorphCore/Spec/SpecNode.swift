/// A YAML value from a spec file with the location of every node, typed by the YAML 1.2 core
/// schema (plain `true`/`false` are booleans, `yes`/`no`/`on`/`off` stay strings; plain numbers
/// are numbers; quoted scalars are always strings).
public struct SpecNode: Sendable, Hashable, CustomStringConvertible {
    /// The value and its children.
    public indirect enum Value: Sendable, Hashable {
        case null
        case bool(Bool)
        case int(Int)
        case double(Double)
        case string(String)
        case list([SpecNode])
        case map([SpecEntry])
    }

    public var value: Value
    public var location: SourceLocation

    public init(_ value: Value, at location: SourceLocation) {
        self.value = value
        self.location = location
    }

    /// The string, if the node is a string scalar.
    public var string: String? {
        if case .string(let s) = value { return s }
        return nil
    }

    /// The entries, if the node is a mapping.
    public var entries: [SpecEntry]? {
        if case .map(let e) = value { return e }
        return nil
    }

    /// The items, if the node is a sequence.
    public var items: [SpecNode]? {
        if case .list(let l) = value { return l }
        return nil
    }

    /// The value of `key` in a mapping.
    public subscript(key: String) -> SpecNode? {
        entries?.first { $0.key == key }?.value
    }

    /// A short name for the node's type, for error messages ("a string", "a list").
    public var typeName: String {
        switch value {
        case .null: return "null"
        case .bool: return "a boolean"
        case .int: return "an integer"
        case .double: return "a number"
        case .string: return "a string"
        case .list: return "a list"
        case .map: return "a mapping"
        }
    }

    /// The value without locations.
    public var plain: CanonicalValue {
        switch value {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .double(let d): return .double(d)
        case .string(let s): return .string(s)
        case .list(let l): return .array(l.map(\.plain))
        case .map(let e):
            return .object(Dictionary(e.map { ($0.key, $0.value.plain) }, uniquingKeysWith: { a, _ in a }))
        }
    }

    /// Builds a node (at `location`, for every child) from a plain value.
    public init(plain: CanonicalValue, at location: SourceLocation) {
        self.location = location
        switch plain {
        case .null: value = .null
        case .bool(let b): value = .bool(b)
        case .int(let i): value = .int(i)
        case .double(let d): value = .double(d)
        case .string(let s): value = .string(s)
        case .array(let a): value = .list(a.map { SpecNode(plain: $0, at: location) })
        case .object(let o):
            value = .map(
                o.keys.sorted().map {
                    SpecEntry(key: $0, keyLocation: location, value: SpecNode(plain: o[$0]!, at: location))
                })
        }
    }

    /// The value rendered compactly for messages (`'abc'`, `3`, `[1, 2]`).
    public var description: String {
        switch value {
        case .string(let s): return "'\(s)'"
        default: return plain.compactText
        }
    }
}

/// One `key: value` pair of a mapping, with the key's location.
public struct SpecEntry: Sendable, Hashable {
    public var key: String
    public var keyLocation: SourceLocation
    public var value: SpecNode

    public init(key: String, keyLocation: SourceLocation, value: SpecNode) {
        self.key = key
        self.keyLocation = keyLocation
        self.value = value
    }
}

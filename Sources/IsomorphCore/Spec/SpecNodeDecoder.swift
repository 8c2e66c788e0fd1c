/// Decodes a `Decodable` value from a ``SpecNode``, reporting every failure as a ``Diagnostic``
/// at the offending node ("parameter 'alphas[2]' must be a number, got 'x'").
public struct SpecNodeDecoder {
    /// Prefix for paths in messages, e.g. `parameter`.
    public var subject: String?

    public init(subject: String? = nil) { self.subject = subject }

    /// Decodes `T` from `node`.
    /// - Throws: ``SpecError`` locating the failure.
    public func decode<T: Decodable>(_ type: T.Type, from node: SpecNode) throws -> T {
        do {
            return try T(from: NodeDecoding(node: node, codingPath: []))
        } catch let failure as NodeDecodingFailure {
            throw SpecError(Diagnostic(at: failure.location, subject: subject, failure.message))
        } catch let error as SpecError {
            throw error
        } catch let error as DecodingError {
            // Thrown by a type's own init(from:) (e.g. an enum with an unknown raw value).
            let (path, text) = NodeDecoding.describe(error)
            let location = NodeDecoding.locate(path, in: node) ?? node.location
            throw SpecError(Diagnostic(at: location, subject: subject, text))
        }
    }
}

struct NodeDecodingFailure: Error {
    let location: SourceLocation
    let message: String
}

struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(stringValue: String) { self.stringValue = stringValue }
    init(intValue: Int) {
        self.stringValue = "\(intValue)"
        self.intValue = intValue
    }
}

struct NodeDecoding: Decoder {
    let node: SpecNode
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    static func pathText(_ path: [any CodingKey]) -> String {
        var text = ""
        for key in path {
            if let i = key.intValue {
                text += "[\(i)]"
            } else {
                text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return text
    }

    static func locate(_ path: [any CodingKey], in root: SpecNode) -> SourceLocation? {
        var node = root
        for key in path {
            if let i = key.intValue, let items = node.items, i < items.count {
                node = items[i]
            } else if let v = node[key.stringValue] {
                node = v
            } else {
                return node.location
            }
        }
        return node.location
    }

    static func describe(_ error: DecodingError) -> ([any CodingKey], String) {
        switch error {
        case .dataCorrupted(let c), .typeMismatch(_, let c), .valueNotFound(_, let c), .keyNotFound(_, let c):
            let path = pathText(c.codingPath)
            return (c.codingPath, path.isEmpty ? c.debugDescription : "'\(path)': \(c.debugDescription)")
        @unknown default:
            return ([], "\(error)")
        }
    }

    func fail(_ expected: String) -> NodeDecodingFailure {
        let path = NodeDecoding.pathText(codingPath)
        let what = path.isEmpty ? "value" : "'\(path)'"
        return NodeDecodingFailure(location: node.location, message: "\(what) must be \(expected), got \(node)")
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard let entries = node.entries else {
            if case .null = node.value {
                return KeyedDecodingContainer(Keyed<Key>(entries: [], node: node, codingPath: codingPath))
            }
            throw fail("a mapping")
        }
        return KeyedDecodingContainer(Keyed<Key>(entries: entries, node: node, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard let items = node.items else { throw fail("a list") }
        return Unkeyed(items: items, node: node, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { Single(decoder: self) }

    func decodeScalar<T: Decodable>(_ type: T.Type) throws -> T {
        switch (type, node.value) {
        case (is Bool.Type, .bool(let b)): return b as! T
        case (is String.Type, .string(let s)): return s as! T
        case (is Int.Type, .int(let i)): return i as! T
        case (is Int64.Type, .int(let i)): return Int64(i) as! T
        case (is Int32.Type, .int(let i)) where Int32(exactly: i) != nil: return Int32(i) as! T
        case (is UInt64.Type, .int(let i)) where i >= 0: return UInt64(i) as! T
        case (is Double.Type, .double(let d)): return d as! T
        case (is Double.Type, .int(let i)): return Double(i) as! T
        case (is Float.Type, .double(let d)): return Float(d) as! T
        case (is Float.Type, .int(let i)): return Float(i) as! T
        default: break
        }
        switch type {
        case is Bool.Type: throw fail("true or false")
        case is String.Type: throw fail("a string")
        case is Int.Type, is Int64.Type, is Int32.Type: throw fail("an integer")
        case is UInt64.Type: throw fail("a non-negative integer")
        case is Double.Type, is Float.Type: throw fail("a number")
        default:
            if type == CanonicalValue.self { return node.plain as! T }
            if type == SpecNode.self { return node as! T }
            return try T(from: self)
        }
    }

    struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let entries: [SpecEntry]
        let node: SpecNode
        let codingPath: [any CodingKey]
        var allKeys: [Key] { entries.compactMap { Key(stringValue: $0.key) } }

        func contains(_ key: Key) -> Bool { entries.contains { $0.key == key.stringValue } }

        func child(_ key: Key) throws -> NodeDecoding {
            guard let entry = entries.first(where: { $0.key == key.stringValue }) else {
                let path = NodeDecoding.pathText(codingPath + [key])
                throw NodeDecodingFailure(location: node.location, message: "missing required '\(path)'")
            }
            return NodeDecoding(node: entry.value, codingPath: codingPath + [key])
        }

        func decodeNil(forKey key: Key) throws -> Bool {
            guard let entry = entries.first(where: { $0.key == key.stringValue }) else { return true }
            if case .null = entry.value.value { return true }
            return false
        }

        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            try child(key).decodeScalar(type)
        }

        func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
            guard let entry = entries.first(where: { $0.key == key.stringValue }) else { return nil }
            if case .null = entry.value.value { return nil }
            return try NodeDecoding(node: entry.value, codingPath: codingPath + [key]).decodeScalar(type)
        }

        func nestedContainer<NestedKey: CodingKey>(
            keyedBy type: NestedKey.Type, forKey key: Key
        ) throws
            -> KeyedDecodingContainer<NestedKey>
        {
            try child(key).container(keyedBy: type)
        }

        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            try child(key).unkeyedContainer()
        }

        func superDecoder() throws -> any Decoder { NodeDecoding(node: node, codingPath: codingPath) }
        func superDecoder(forKey key: Key) throws -> any Decoder { try child(key) }
    }

    struct Unkeyed: UnkeyedDecodingContainer {
        let items: [SpecNode]
        let node: SpecNode
        let codingPath: [any CodingKey]
        var currentIndex = 0
        var count: Int? { items.count }
        var isAtEnd: Bool { currentIndex >= items.count }

        init(items: [SpecNode], node: SpecNode, codingPath: [any CodingKey]) {
            self.items = items
            self.node = node
            self.codingPath = codingPath
        }

        mutating func next() throws -> NodeDecoding {
            guard !isAtEnd else {
                throw NodeDecodingFailure(location: node.location, message: "list is too short")
            }
            defer { currentIndex += 1 }
            return NodeDecoding(node: items[currentIndex], codingPath: codingPath + [AnyKey(intValue: currentIndex)])
        }

        mutating func decodeNil() throws -> Bool {
            guard !isAtEnd else { return true }
            if case .null = items[currentIndex].value {
                currentIndex += 1
                return true
            }
            return false
        }

        mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try next().decodeScalar(type) }

        mutating func nestedContainer<NestedKey: CodingKey>(
            keyedBy type: NestedKey.Type
        ) throws
            -> KeyedDecodingContainer<NestedKey>
        {
            try next().container(keyedBy: type)
        }

        mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
            try next().unkeyedContainer()
        }

        mutating func superDecoder() throws -> any Decoder { try next() }
    }

    struct Single: SingleValueDecodingContainer {
        let decoder: NodeDecoding
        var codingPath: [any CodingKey] { decoder.codingPath }
        func decodeNil() -> Bool {
            if case .null = decoder.node.value { return true }
            return false
        }
        func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoder.decodeScalar(type) }
    }
}

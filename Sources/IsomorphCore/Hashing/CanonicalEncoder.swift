/// Encodes any `Encodable` value into a ``CanonicalValue`` (the StableHasher idea from SwiftPM:
/// hashing goes through an explicit, versioned encoding, never through `hashValue`).
public struct CanonicalEncoder {
    public init() {}

    /// The canonical value of `value`. Optionals that are `nil` are omitted from objects.
    public func encode<T: Encodable>(_ value: T) throws -> CanonicalValue {
        let box = CanonicalEncoding.Box()
        try value.encode(to: CanonicalEncoding(box: box, codingPath: []))
        return box.resolved()
    }
}

/// The `Encoder` behind ``CanonicalEncoder``: a tree of boxes filled as containers encode.
final class CanonicalEncoding: Encoder {
    final class Box {
        var value: CanonicalValue?
        var object: [String: Box] = [:]
        var array: [Box] = []
        enum Kind { case single, object, array }
        var kind: Kind = .single

        func resolved() -> CanonicalValue {
            switch kind {
            case .single: return value ?? .null
            case .object: return .object(object.mapValues { $0.resolved() })
            case .array: return .array(array.map { $0.resolved() })
            }
        }
    }

    let root: Box
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(box: Box, codingPath: [any CodingKey]) {
        self.root = box
        self.codingPath = codingPath
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        root.kind = .object
        return KeyedEncodingContainer(Keyed<Key>(box: root, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        root.kind = .array
        return Unkeyed(box: root, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        Single(box: root, codingPath: codingPath)
    }

    static func encodeValue<T: Encodable>(_ value: T, into box: Box, path: [any CodingKey]) throws {
        switch value {
        case let v as Bool: box.value = .bool(v)
        case let v as Int: box.value = .int(v)
        case let v as Int64: box.value = .int(Int(v))
        case let v as Int32: box.value = .int(Int(v))
        case let v as UInt64: box.value = .int(Int(v))
        case let v as Double: box.value = .double(v)
        case let v as Float: box.value = .double(Double(v))
        case let v as String: box.value = .string(v)
        case let v as CanonicalValue: box.value = v
        default:
            try value.encode(to: CanonicalEncoding(box: box, codingPath: path))
            box.value = box.resolved()
            box.kind = .single
        }
    }

    struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let box: Box
        let codingPath: [any CodingKey]

        mutating func encodeNil(forKey key: Key) throws { box.object[key.stringValue] = Box() }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            let child = Box()
            try CanonicalEncoding.encodeValue(value, into: child, path: codingPath + [key])
            box.object[key.stringValue] = child
        }
        mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws {
            if let value { try encode(value, forKey: key) }
        }
        mutating func nestedContainer<NestedKey: CodingKey>(
            keyedBy keyType: NestedKey.Type, forKey key: Key
        ) -> KeyedEncodingContainer<NestedKey> {
            let child = Box()
            child.kind = .object
            box.object[key.stringValue] = child
            return KeyedEncodingContainer(Keyed<NestedKey>(box: child, codingPath: codingPath + [key]))
        }
        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            let child = Box()
            child.kind = .array
            box.object[key.stringValue] = child
            return Unkeyed(box: child, codingPath: codingPath + [key])
        }
        mutating func superEncoder() -> any Encoder { CanonicalEncoding(box: box, codingPath: codingPath) }
        mutating func superEncoder(forKey key: Key) -> any Encoder {
            let child = Box()
            box.object[key.stringValue] = child
            return CanonicalEncoding(box: child, codingPath: codingPath + [key])
        }
    }

    struct Unkeyed: UnkeyedEncodingContainer {
        let box: Box
        let codingPath: [any CodingKey]
        var count: Int { box.array.count }

        mutating func encodeNil() throws { box.array.append(Box()) }
        mutating func encode<T: Encodable>(_ value: T) throws {
            let child = Box()
            try CanonicalEncoding.encodeValue(value, into: child, path: codingPath)
            box.array.append(child)
        }
        mutating func nestedContainer<NestedKey: CodingKey>(
            keyedBy keyType: NestedKey.Type
        )
            -> KeyedEncodingContainer<NestedKey>
        {
            let child = Box()
            child.kind = .object
            box.array.append(child)
            return KeyedEncodingContainer(Keyed<NestedKey>(box: child, codingPath: codingPath))
        }
        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            let child = Box()
            child.kind = .array
            box.array.append(child)
            return Unkeyed(box: child, codingPath: codingPath)
        }
        mutating func superEncoder() -> any Encoder {
            let child = Box()
            box.array.append(child)
            return CanonicalEncoding(box: child, codingPath: codingPath)
        }
    }

    struct Single: SingleValueEncodingContainer {
        let box: Box
        let codingPath: [any CodingKey]
        mutating func encodeNil() throws { box.value = .null }
        mutating func encode<T: Encodable>(_ value: T) throws {
            try CanonicalEncoding.encodeValue(value, into: box, path: codingPath)
        }
    }
}

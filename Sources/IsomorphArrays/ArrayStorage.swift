/// The flat, row-major (C order) element buffer of an ``NDArray``.
public enum ArrayStorage: Sendable, Hashable {
    case float32([Float])
    case float64([Double])
    case int32([Int32])
    case int64([Int64])
    case uint8([UInt8])
    case string([String])

    /// The element type of the buffer.
    public var dtype: DType {
        switch self {
        case .float32: return .float32
        case .float64: return .float64
        case .int32: return .int32
        case .int64: return .int64
        case .uint8: return .uint8
        case .string: return .string
        }
    }

    /// Number of elements.
    public var count: Int {
        switch self {
        case .float32(let v): return v.count
        case .float64(let v): return v.count
        case .int32(let v): return v.count
        case .int64(let v): return v.count
        case .uint8(let v): return v.count
        case .string(let v): return v.count
        }
    }

    /// The values converted to `Double`, or `nil` for strings.
    public var doubles: [Double]? {
        switch self {
        case .float32(let v): return v.map(Double.init)
        case .float64(let v): return v
        case .int32(let v): return v.map(Double.init)
        case .int64(let v): return v.map(Double.init)
        case .uint8(let v): return v.map(Double.init)
        case .string: return nil
        }
    }

    /// Every element rendered as text (numbers in their shortest round-tripping form).
    public var textValues: [String] {
        switch self {
        case .float32(let v): return v.map { "\($0)" }
        case .float64(let v): return v.map { "\($0)" }
        case .int32(let v): return v.map { "\($0)" }
        case .int64(let v): return v.map { "\($0)" }
        case .uint8(let v): return v.map { "\($0)" }
        case .string(let v): return v
        }
    }

    /// An empty buffer of the given type.
    public static func empty(_ dtype: DType) -> ArrayStorage {
        switch dtype {
        case .float32: return .float32([])
        case .float64: return .float64([])
        case .int32: return .int32([])
        case .int64: return .int64([])
        case .uint8: return .uint8([])
        case .string: return .string([])
        }
    }

    /// The elements at the given flat indices, in that order.
    public func gathering(_ indices: [Int]) -> ArrayStorage {
        switch self {
        case .float32(let v): return .float32(indices.map { v[$0] })
        case .float64(let v): return .float64(indices.map { v[$0] })
        case .int32(let v): return .int32(indices.map { v[$0] })
        case .int64(let v): return .int64(indices.map { v[$0] })
        case .uint8(let v): return .uint8(indices.map { v[$0] })
        case .string(let v): return .string(indices.map { v[$0] })
        }
    }
}

/// The element type of an array, as stored in artifacts and exchanged with NumPy.
///
/// Isomorph keeps a small, closed set: the types scientific arrays need (Float32 activations,
/// Float64 results, integer indices, byte images) and UTF-8 strings for coordinate labels.
/// Readers of foreign formats widen other integer types losslessly into this set.
public enum DType: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    case float32
    case float64
    case int32
    case int64
    case uint8
    case string

    /// Bytes per element in memory and on disk; `nil` for variable-length strings.
    public var byteWidth: Int? {
        switch self {
        case .float32, .int32: return 4
        case .float64, .int64: return 8
        case .uint8: return 1
        case .string: return nil
        }
    }

    /// Whether the type holds numbers (everything but strings).
    public var isNumeric: Bool { self != .string }

    /// Whether the type is a floating-point type.
    public var isFloatingPoint: Bool { self == .float32 || self == .float64 }

    public var description: String { rawValue }
}

/// A Swift type that can be the element of an ``NDArray``.
///
/// Conforming types are exactly the ones ``DType`` names: `Float`, `Double`, `Int32`, `Int64`,
/// `UInt8` and `String`.
public protocol ArrayElement: Sendable, Hashable {
    /// The element type tag.
    static var dtype: DType { get }
    /// Wraps a flat buffer of values as storage.
    static func wrap(_ values: [Self]) -> ArrayStorage
    /// Returns the values if `storage` holds this type, `nil` otherwise.
    static func unwrap(_ storage: ArrayStorage) -> [Self]?
}

/// An ``ArrayElement`` that is a number with a fixed little-endian byte layout.
public protocol NumericArrayElement: ArrayElement, Numeric {
    /// Converts to `Double` (exact for every supported type except large `Int64` values).
    var doubleValue: Double { get }
    /// Converts from `Double`, rounding toward zero for integers.
    init(convertingFrom value: Double)
}

extension Float: NumericArrayElement {
    public static var dtype: DType { .float32 }
    public static func wrap(_ values: [Float]) -> ArrayStorage { .float32(values) }
    public static func unwrap(_ storage: ArrayStorage) -> [Float]? {
        if case .float32(let v) = storage { return v }
        return nil
    }
    public var doubleValue: Double { Double(self) }
    public init(convertingFrom value: Double) { self = Float(value) }
}

extension Double: NumericArrayElement {
    public static var dtype: DType { .float64 }
    public static func wrap(_ values: [Double]) -> ArrayStorage { .float64(values) }
    public static func unwrap(_ storage: ArrayStorage) -> [Double]? {
        if case .float64(let v) = storage { return v }
        return nil
    }
    public var doubleValue: Double { self }
    public init(convertingFrom value: Double) { self = value }
}

extension Int32: NumericArrayElement {
    public static var dtype: DType { .int32 }
    public static func wrap(_ values: [Int32]) -> ArrayStorage { .int32(values) }
    public static func unwrap(_ storage: ArrayStorage) -> [Int32]? {
        if case .int32(let v) = storage { return v }
        return nil
    }
    public var doubleValue: Double { Double(self) }
    public init(convertingFrom value: Double) { self = Int32(value) }
}

extension Int64: NumericArrayElement {
    public static var dtype: DType { .int64 }
    public static func wrap(_ values: [Int64]) -> ArrayStorage { .int64(values) }
    public static func unwrap(_ storage: ArrayStorage) -> [Int64]? {
        if case .int64(let v) = storage { return v }
        return nil
    }
    public var doubleValue: Double { Double(self) }
    public init(convertingFrom value: Double) { self = Int64(value) }
}

extension UInt8: NumericArrayElement {
    public static var dtype: DType { .uint8 }
    public static func wrap(_ values: [UInt8]) -> ArrayStorage { .uint8(values) }
    public static func unwrap(_ storage: ArrayStorage) -> [UInt8]? {
        if case .uint8(let v) = storage { return v }
        return nil
    }
    public var doubleValue: Double { Double(self) }
    public init(convertingFrom value: Double) { self = UInt8(value) }
}

extension String: ArrayElement {
    public static var dtype: DType { .string }
    public static func wrap(_ values: [String]) -> ArrayStorage { .string(values) }
    public static func unwrap(_ storage: ArrayStorage) -> [String]? {
        if case .string(let v) = storage { return v }
        return nil
    }
}

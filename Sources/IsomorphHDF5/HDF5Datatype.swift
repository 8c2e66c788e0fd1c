import CHDF5
import IsomorphArrays

/// A fixed-size numeric element type that Swift code can read from and write to HDF5.
public enum HDF5NumericType: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case int8, int16, int32, int64, uint8, uint16, uint32, uint64, float32, float64

    /// The matching Isomorph dtype, for the five types Isomorph stores directly.
    public var dtype: DType? {
        switch self {
        case .float32: return .float32
        case .float64: return .float64
        case .int32: return .int32
        case .int64: return .int64
        case .uint8: return .uint8
        default: return nil
        }
    }

    /// The type that stores an Isomorph dtype (`nil` for strings).
    public init?(_ dtype: DType) {
        switch dtype {
        case .float32: self = .float32
        case .float64: self = .float64
        case .int32: self = .int32
        case .int64: self = .int64
        case .uint8: self = .uint8
        case .string: return nil
        }
    }

    public var description: String { rawValue }

    /// The HDF5 native (in-memory) type.
    var nativeTypeID: hid_t {
        switch self {
        case .int8: return chdf5_native_int8()
        case .int16: return chdf5_native_int16()
        case .int32: return chdf5_native_int32()
        case .int64: return chdf5_native_int64()
        case .uint8: return chdf5_native_uint8()
        case .uint16: return chdf5_native_uint16()
        case .uint32: return chdf5_native_uint32()
        case .uint64: return chdf5_native_uint64()
        case .float32: return chdf5_native_float()
        case .float64: return chdf5_native_double()
        }
    }

    /// The little-endian standard type files store.
    var fileTypeID: hid_t {
        switch self {
        case .int8: return chdf5_std_i8le()
        case .int16: return chdf5_std_i16le()
        case .int32: return chdf5_std_i32le()
        case .int64: return chdf5_std_i64le()
        case .uint8: return chdf5_std_u8le()
        case .uint16: return chdf5_std_u16le()
        case .uint32: return chdf5_std_u32le()
        case .uint64: return chdf5_std_u64le()
        case .float32: return chdf5_ieee_f32le()
        case .float64: return chdf5_ieee_f64le()
        }
    }

    /// The stored element type this numeric type writes.
    public var elementType: HDF5ElementType {
        switch self {
        case .int8: return .integer(bits: 8, signed: true)
        case .int16: return .integer(bits: 16, signed: true)
        case .int32: return .integer(bits: 32, signed: true)
        case .int64: return .integer(bits: 64, signed: true)
        case .uint8: return .integer(bits: 8, signed: false)
        case .uint16: return .integer(bits: 16, signed: false)
        case .uint32: return .integer(bits: 32, signed: false)
        case .uint64: return .integer(bits: 64, signed: false)
        case .float32: return .float(bits: 32)
        case .float64: return .float(bits: 64)
        }
    }
}

/// A Swift number type with an HDF5 counterpart: the element of typed hyperslab reads and writes.
public protocol HDF5Numeric: BitwiseCopyable, Sendable {
    /// The HDF5 type of this Swift type.
    static var hdf5Type: HDF5NumericType { get }
}

extension Int8: HDF5Numeric { public static var hdf5Type: HDF5NumericType { .int8 } }
extension Int16: HDF5Numeric { public static var hdf5Type: HDF5NumericType { .int16 } }
extension Int32: HDF5Numeric { public static var hdf5Type: HDF5NumericType { .int32 } }
extension Int64: HDF5Numeric { public static var hdf5Type: HDF5NumericType { .int64 } }
extension UInt8: HDF5Numeric { public static var hdf5Type: HDF5NumericType { .uint8 } }
extension UInt16: HDF5Numeric { public static var hdf5Type: HDF5NumericType { .uint16 } }
extension UInt32: HDF5Numeric { public static var hdf5Type: HDF5NumericType { .uint32 } }
extension UInt64: HDF5Numeric { public static var hdf5Type: HDF5NumericType { .uint64 } }
extension Float: HDF5Numeric { public static var hdf5Type: HDF5NumericType { .float32 } }
extension Double: HDF5Numeric { public static var hdf5Type: HDF5NumericType { .float64 } }

/// The element type of a stored dataset or attribute, as far as Isomorph distinguishes it.
public enum HDF5ElementType: Sendable, Hashable, CustomStringConvertible {
    /// A two's-complement (`signed`) or unsigned integer of `bits` bits, either byte order.
    case integer(bits: Int, signed: Bool)
    /// An IEEE floating-point number of `bits` bits (16, 32 or 64), either byte order.
    case float(bits: Int)
    /// h5py's boolean: an enumeration `{FALSE = 0, TRUE = 1}` over an 8-bit integer.
    case boolean
    /// A string: variable-length (`fixedLength == nil`) or fixed-length in bytes.
    case string(fixedLength: Int?)
    /// Anything else (compound, reference, opaque, array, other enumerations), by HDF5 class name.
    case other(String)

    public var description: String {
        switch self {
        case .integer(let bits, let signed): return "\(signed ? "int" : "uint")\(bits)"
        case .float(let bits): return "float\(bits)"
        case .boolean: return "bool"
        case .string(let n): return n.map { "fixed-length string (\($0) bytes)" } ?? "variable-length string"
        case .other(let name): return name
        }
    }

    /// The Isomorph dtype this type widens to without loss, as the NPY reader does:
    /// int8/int16/int32/uint16 → int32, int64/uint32/uint64 → int64 (uint64 values above
    /// `Int64.max` fail when read), float16/float32 → float32, float64 → float64, uint8 and bool →
    /// uint8, strings → string; `nil` for anything else.
    public var widenedDType: DType? {
        switch self {
        case .integer(let bits, let signed):
            switch (bits, signed) {
            case (8, false): return .uint8
            case (8, true), (16, _), (32, true): return .int32
            case (32, false), (64, _): return .int64
            default: return nil
            }
        case .float(let bits):
            switch bits {
            case 16, 32: return .float32
            case 64: return .float64
            default: return nil
            }
        case .boolean: return .uint8
        case .string: return .string
        case .other: return nil
        }
    }

    /// Whether values of this type convert to `target` without loss (integers to wider integers,
    /// floats to wider floats). Integers never convert to floats here: that is a different request.
    public func convertsLosslessly(to target: HDF5NumericType) -> Bool {
        switch (self, target.elementType) {
        case (.integer(let bits, let signed), .integer(let tBits, let tSigned)):
            if signed == tSigned { return bits <= tBits }
            return !signed && tSigned && bits < tBits
        case (.float(let bits), .float(let tBits)):
            return bits <= tBits
        case (.boolean, .integer(let tBits, _)):
            return tBits == 8
        default:
            return false
        }
    }

    /// Describes an HDF5 datatype. Call under the library lock.
    static func describing(_ type: hid_t) -> HDF5ElementType {
        let size = Int(H5Tget_size(type))
        switch H5Tget_class(type) {
        case H5T_INTEGER:
            return .integer(bits: size * 8, signed: H5Tget_sign(type) != H5T_SGN_NONE)
        case H5T_FLOAT:
            return .float(bits: size * 8)
        case H5T_STRING:
            return .string(fixedLength: H5Tis_variable_str(type) > 0 ? nil : size)
        case H5T_ENUM:
            return isBooleanEnum(type) ? .boolean : .other("enum")
        case H5T_COMPOUND: return .other("compound")
        case H5T_REFERENCE: return .other("reference")
        case H5T_OPAQUE: return .other("opaque")
        case H5T_ARRAY: return .other("array")
        case H5T_VLEN: return .other("variable-length sequence")
        case H5T_BITFIELD: return .other("bitfield")
        case H5T_TIME: return .other("time")
        default: return .other("unknown")
        }
    }

    /// Whether an enumeration type is h5py's `{FALSE, TRUE}` over one byte.
    private static func isBooleanEnum(_ type: hid_t) -> Bool {
        guard H5Tget_size(type) == 1, H5Tget_nmembers(type) == 2 else { return false }
        var names = [String]()
        for i in 0..<2 {
            guard let cName = H5Tget_member_name(type, UInt32(i)) else { return false }
            names.append(String(cString: cName))
            H5free_memory(cName)
        }
        return names == ["FALSE", "TRUE"]
    }

    /// Whether a string type declares UTF-8 (otherwise ASCII). Call under the library lock.
    static func isUTF8(_ type: hid_t) -> Bool {
        H5Tget_cset(type) == H5T_CSET_UTF8
    }
}

/// Datatype handles used while reading and writing. Each `make…` returns a new id the caller
/// closes with `H5Tclose`. Call under the library lock.
enum HDF5Types {
    /// A variable-length UTF-8 string type.
    static func makeVariableString() -> hid_t {
        let t = H5Tcopy(chdf5_c_s1())
        H5Tset_size(t, chdf5_t_variable())
        H5Tset_cset(t, H5T_CSET_UTF8)
        return t
    }

    /// A fixed-length, NUL-terminated string type of `length` bytes (ASCII or UTF-8).
    static func makeFixedString(length: Int, utf8: Bool) -> hid_t {
        let t = H5Tcopy(chdf5_c_s1())
        H5Tset_size(t, max(1, length))
        H5Tset_strpad(t, H5T_STR_NULLTERM)
        H5Tset_cset(t, utf8 ? H5T_CSET_UTF8 : H5T_CSET_ASCII)
        return t
    }

    /// Decodes the fixed-length strings in `bytes` (`count` slots of `size` bytes), honouring
    /// the type's padding: NUL-terminated and NUL-padded strings end at the first NUL,
    /// space-padded strings lose their trailing spaces.
    static func decodeFixedStrings(_ bytes: UnsafeRawBufferPointer, count: Int, size: Int, type: hid_t) -> [String] {
        let spacePadded = H5Tget_strpad(type) == H5T_STR_SPACEPAD
        var out = [String]()
        out.reserveCapacity(count)
        for i in 0..<count {
            var slot = bytes[(i * size)..<((i + 1) * size)]
            if let nul = slot.firstIndex(of: 0) { slot = slot[..<nul] }
            if spacePadded {
                while let last = slot.last, last == UInt8(ascii: " ") { slot = slot.dropLast() }
            }
            out.append(String(decoding: slot, as: UTF8.self))
        }
        return out
    }
}

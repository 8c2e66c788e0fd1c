import Foundation

/// Reading and writing NumPy `.npy` files (format versions 1.0, 2.0 and 3.0).
///
/// Reading accepts both byte orders and both memory orders and converts to Isomorph's element
/// types: `f2`/`f4` → `float32`, `f8` → `float64`, `i1`/`i2`/`i4`/`u2` → `int32`,
/// `i8`/`u4`/`u8` → `int64` (values above `Int64.max` are an error), `u1`/`b1` → `uint8`,
/// `U`/`S` → `string` (trailing NULs removed). Object, complex and structured arrays are refused
/// with an error naming the dtype. Writing produces what `numpy.save` produces: version 1.0
/// headers padded to 64 bytes, little-endian C order by default.
public enum NPY {
    /// The six magic bytes every `.npy` file starts with.
    static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]

    /// Reads an array from an `.npy` file.
    public static func read(contentsOf path: String) throws -> NDArray {
        try decode(FileBytes.read(path), path: path)
    }

    /// Reads only the header of an `.npy` file (shape, dtype, order, data offset).
    public static func readHeader(contentsOf path: String) throws -> NPYHeader {
        try FileBytes.checkReadable(path)
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ArrayError.io(path: path, operation: "read", reason: "not readable")
        }
        defer { try? handle.close() }
        let prefix = (try? handle.read(upToCount: 1 << 20)) ?? Data()
        return try parseHeader(prefix, path: path)
    }

    /// Decodes an in-memory `.npy` file. `path` names the source in errors.
    public static func decode(_ data: Data, path: String = "<memory>") throws -> NDArray {
        let header = try parseHeader(data, path: path)
        let format = try header.elementFormat(path: path)
        let count = header.shape.reduce(1, *)
        let needed = count * format.size
        guard data.count - header.dataOffset >= needed else {
            throw ArrayError.malformedFile(
                path: path,
                reason: "truncated: shape \(header.shape) of '\(header.descr)' needs \(needed) bytes, "
                    + "file has \(data.count - header.dataOffset)")
        }
        let storage = try data.withUnsafeBytes { raw -> ArrayStorage in
            let body = UnsafeRawBufferPointer(rebasing: raw[header.dataOffset..<(header.dataOffset + needed)])
            return try decodeElements(body, count: count, format: format, path: path)
        }
        switch header.order {
        case .c:
            return try NDArray(shape: header.shape, storage: storage)
        case .fortran:
            let reversedShape = Array(header.shape.reversed())
            let columnMajor = try NDArray(shape: reversedShape, storage: storage)
            return try columnMajor.transposed(Array((0..<header.shape.count).reversed()))
        }
    }

    /// Encodes an array as an `.npy` file.
    /// - Parameters:
    ///   - byteOrder: Byte order of the elements (little-endian by default, as NumPy on x86 writes).
    ///   - order: Memory order; `.fortran` writes column-major with `fortran_order: True`.
    public static func encode(
        _ array: NDArray, byteOrder: NPYHeader.ByteOrder = .little, order: NPYHeader.MemoryOrder = .c
    ) throws -> Data {
        let source =
            order == .fortran ? try array.transposed(Array((0..<array.rank).reversed())) : array
        let (descr, body) = encodeElements(source.storage, byteOrder: byteOrder)
        var header = NPYHeader(descr: descr, order: order, shape: array.shape, dataOffset: 0)
        var dict = Array(header.dictionaryLiteral().utf8)
        var version: UInt8 = 1
        var lengthBytes = 2
        if dict.count + 1 + 10 > 65535 {
            version = 2
            lengthBytes = 4
        }
        let unpadded = magic.count + 2 + lengthBytes + dict.count + 1
        let padding = (64 - unpadded % 64) % 64
        dict.append(contentsOf: Array(repeating: UInt8(ascii: " "), count: padding))
        dict.append(UInt8(ascii: "\n"))
        var out = Data(magic)
        out.append(contentsOf: [version, 0])
        if lengthBytes == 2 {
            let n = UInt16(dict.count).littleEndian
            withUnsafeBytes(of: n) { out.append(contentsOf: $0) }
        } else {
            let n = UInt32(dict.count).littleEndian
            withUnsafeBytes(of: n) { out.append(contentsOf: $0) }
        }
        out.append(contentsOf: dict)
        header.dataOffset = out.count
        out.append(body)
        return out
    }

    /// Writes an array to an `.npy` file (atomically: a temporary file renamed into place).
    public static func write(
        _ array: NDArray, to path: String, byteOrder: NPYHeader.ByteOrder = .little,
        order: NPYHeader.MemoryOrder = .c
    ) throws {
        let data = try encode(array, byteOrder: byteOrder, order: order)
        do {
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw ArrayError.io(path: path, operation: "write", reason: error.localizedDescription)
        }
    }

    // MARK: - Header

    static func parseHeader(_ data: Data, path: String) throws -> NPYHeader {
        let bytes = [UInt8](data.prefix(12))
        guard bytes.count >= 10, Array(bytes[0..<6]) == magic else {
            throw ArrayError.malformedFile(path: path, reason: "not a .npy file (bad magic bytes)")
        }
        let major = bytes[6]
        let headerLength: Int
        let start: Int
        switch major {
        case 1:
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
            start = 10
        case 2, 3:
            guard bytes.count >= 12 else { throw ArrayError.malformedFile(path: path, reason: "truncated header") }
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
            start = 12
        default:
            throw ArrayError.malformedFile(path: path, reason: "unsupported .npy format version \(major)")
        }
        guard data.count >= start + headerLength else {
            throw ArrayError.malformedFile(path: path, reason: "truncated header")
        }
        let headerBytes = data[data.startIndex + start..<data.startIndex + start + headerLength]
        let text =
            major == 3
            ? String(decoding: headerBytes, as: UTF8.self) : String(decoding: headerBytes, as: Unicode.ASCII.self)
        return try NPYHeader.parse(dictionary: text, dataOffset: start + headerLength, path: path)
    }

    // MARK: - Elements

    private static func decodeElements(
        _ raw: UnsafeRawBufferPointer, count: Int, format: NPYHeader.ElementFormat, path: String
    ) throws -> ArrayStorage {
        let swap = format.byteOrder == .big && format.size > 1
        func load<T: FixedWidthInteger>(_ type: T.Type, _ i: Int) -> T {
            let v = raw.loadUnaligned(fromByteOffset: i * MemoryLayout<T>.size, as: T.self)
            return swap ? v.byteSwapped : v
        }
        switch (format.kind, format.size) {
        case (.float, 8):
            return .float64((0..<count).map { Double(bitPattern: load(UInt64.self, $0)) })
        case (.float, 4):
            return .float32((0..<count).map { Float(bitPattern: load(UInt32.self, $0)) })
        case (.float, 2):
            return .float32((0..<count).map { Float(Float16(bitPattern: load(UInt16.self, $0))) })
        case (.signed, 8):
            return .int64((0..<count).map { load(Int64.self, $0) })
        case (.signed, 4):
            return .int32((0..<count).map { load(Int32.self, $0) })
        case (.signed, 2):
            return .int32((0..<count).map { Int32(load(Int16.self, $0)) })
        case (.signed, 1):
            return .int32((0..<count).map { Int32(load(Int8.self, $0)) })
        case (.unsigned, 8):
            var values = [Int64]()
            values.reserveCapacity(count)
            for i in 0..<count {
                let v = load(UInt64.self, i)
                guard v <= UInt64(Int64.max) else {
                    throw ArrayError.malformedFile(path: path, reason: "uint64 value \(v) does not fit in int64")
                }
                values.append(Int64(v))
            }
            return .int64(values)
        case (.unsigned, 4):
            return .int64((0..<count).map { Int64(load(UInt32.self, $0)) })
        case (.unsigned, 2):
            return .int32((0..<count).map { Int32(load(UInt16.self, $0)) })
        case (.unsigned, 1), (.bool, 1):
            return .uint8(Array(raw.prefix(count)))
        case (.unicode, let size):
            let chars = size / 4
            var strings = [String]()
            strings.reserveCapacity(count)
            for i in 0..<count {
                var scalars = String.UnicodeScalarView()
                for j in 0..<chars {
                    let code = load(UInt32.self, i * chars + j)
                    if code == 0 { break }
                    guard let scalar = Unicode.Scalar(code) else {
                        throw ArrayError.malformedFile(path: path, reason: "invalid UTF-32 code unit \(code)")
                    }
                    scalars.append(scalar)
                }
                strings.append(String(scalars))
            }
            return .string(strings)
        case (.bytes, let size):
            return .string(
                (0..<count).map { i in
                    var bytes = Array(raw[(i * size)..<((i + 1) * size)])
                    while bytes.last == 0 { bytes.removeLast() }
                    return String(decoding: bytes, as: UTF8.self)
                })
        default:
            throw ArrayError.malformedFile(path: path, reason: "unsupported element format")
        }
    }

    private static func encodeElements(_ storage: ArrayStorage, byteOrder: NPYHeader.ByteOrder) -> (String, Data) {
        let bo = byteOrder == .little ? "<" : ">"
        func bytes<T: FixedWidthInteger>(_ values: [T]) -> Data {
            let converted = byteOrder == .little ? values.map { $0.littleEndian } : values.map { $0.bigEndian }
            return converted.withUnsafeBytes { Data($0) }
        }
        switch storage {
        case .float64(let v): return (bo + "f8", bytes(v.map(\.bitPattern)))
        case .float32(let v): return (bo + "f4", bytes(v.map(\.bitPattern)))
        case .int64(let v): return (bo + "i8", bytes(v))
        case .int32(let v): return (bo + "i4", bytes(v))
        case .uint8(let v): return ("|u1", Data(v))
        case .string(let v):
            let width = max(1, v.map { $0.unicodeScalars.count }.max() ?? 1)
            var codes = [UInt32]()
            codes.reserveCapacity(v.count * width)
            for s in v {
                let scalars = s.unicodeScalars.map(\.value)
                codes.append(contentsOf: scalars)
                codes.append(contentsOf: Array(repeating: 0, count: width - scalars.count))
            }
            return (bo + "U\(width)", bytes(codes))
        }
    }
}

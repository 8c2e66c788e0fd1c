import CHDF5
import IsomorphArrays

/// Attributes of groups and datasets: scalars and one-dimensional arrays of numbers and strings.
///
/// ``AttributeValue`` maps one-to-one: `.string` ↔ a scalar variable-length UTF-8 string,
/// `.int` ↔ a scalar 64-bit integer, `.double` ↔ a scalar 64-bit float, and the list cases ↔
/// one-dimensional arrays. Reading accepts any integer width (and h5py booleans) as integers,
/// any float width as doubles, and fixed-length strings.
extension HDF5Object {
    /// The names of the object's attributes, in creation order when the object tracks it,
    /// otherwise by name.
    public func attributeNames() throws -> [String] {
        try HDF5Library.locked {
            let operation = "list attributes"
            try checkOpen(operation)
            let collector = NameCollector()
            let context = Unmanaged.passUnretained(collector).toOpaque()
            var index: hsize_t = 0
            if H5Aiterate2(id, H5_INDEX_CRT_ORDER, H5_ITER_INC, &index, collectAttributeName, context) >= 0 {
                return collector.names
            }
            _ = HDF5Library.takeErrorStack()
            collector.names = []
            index = 0
            guard H5Aiterate2(id, H5_INDEX_NAME, H5_ITER_INC, &index, collectAttributeName, context) >= 0 else {
                throw libraryError(operation)
            }
            return collector.names
        }
    }

    /// Whether the object has an attribute `name`.
    public func hasAttribute(_ name: String) throws -> Bool {
        try HDF5Library.locked {
            try checkOpen("look up")
            let exists = H5Aexists(id, name)
            guard exists >= 0 else { throw libraryError("look up", attribute: name) }
            return exists > 0
        }
    }

    /// The stored type and shape of attribute `name`.
    public func attributeInfo(_ name: String) throws -> (type: HDF5ElementType, shape: [Int]) {
        try withAttribute(name, operation: "read") { attr, type, space in
            (HDF5ElementType.describing(type), try Self.extent(of: space))
        }
    }

    /// Reads attribute `name` as an ``AttributeValue`` (scalars stay scalars, arrays of any rank
    /// become flat lists).
    /// - Throws: ``HDF5Error`` of kind `objectNotFound` if there is no such attribute,
    ///   `unsupported` for types other than numbers and strings.
    public func attribute(_ name: String) throws -> AttributeValue {
        let operation = "read"
        let (type, shape) = try attributeInfo(name)
        let scalar = shape.isEmpty
        switch type {
        case .string:
            let values = try readStringAttribute(name)
            return scalar ? .string(values.first ?? "") : .strings(values)
        case .integer(64, false):
            let values = try readAttribute(name, as: UInt64.self)
            guard let big = values.first(where: { $0 > UInt64(Int64.max) }) else {
                let ints = values.map { Int64($0) }
                return scalar ? .int(ints.first ?? 0) : .ints(ints)
            }
            throw error(.unsupported, operation, "value \(big) does not fit a 64-bit signed integer", attribute: name)
        case .integer, .boolean:
            let values = try readAttribute(name, as: Int64.self)
            return scalar ? .int(values.first ?? 0) : .ints(values)
        case .float:
            let values = try readAttribute(name, as: Double.self)
            return scalar ? .double(values.first ?? 0) : .doubles(values)
        case .other(let kind):
            throw error(.unsupported, operation, "attributes of type \(kind) are not supported", attribute: name)
        }
    }

    /// Reads a numeric attribute's elements as `T` (the stored type must convert without loss;
    /// booleans read as any integer).
    public func readAttribute<T: HDF5Numeric>(_ name: String, as type: T.Type = T.self) throws -> [T] {
        let operation = "read as \(T.hdf5Type)"
        return try withAttribute(name, operation: operation) { attr, fileType, space in
            let stored = HDF5ElementType.describing(fileType)
            let boolean = stored == .boolean
            guard boolean || stored.convertsLosslessly(to: T.hdf5Type) else {
                throw error(
                    .typeMismatch, operation,
                    "the attribute holds \(stored), which does not convert to \(T.hdf5Type) without loss",
                    attribute: name)
            }
            let n = try Self.extent(of: space).reduce(1, *)
            if boolean {
                let memType = H5Tget_native_type(fileType, H5T_DIR_ASCEND)
                defer { H5Tclose(memType) }
                var bytes = [UInt8](repeating: 0, count: n)
                guard H5Aread(attr, memType, &bytes) >= 0 else { throw libraryError(operation, attribute: name) }
                return try bytes.map { try Self.convertByte($0, to: T.self) }
            }
            return try [T](unsafeUninitializedCapacity: n) { buffer, initialized in
                if n > 0 {
                    guard H5Aread(attr, T.hdf5Type.nativeTypeID, buffer.baseAddress) >= 0 else {
                        throw libraryError(operation, attribute: name)
                    }
                }
                initialized = n
            }
        }
    }

    /// Reads a string attribute's elements (variable- or fixed-length).
    public func readStringAttribute(_ name: String) throws -> [String] {
        let operation = "read as strings"
        return try withAttribute(name, operation: operation) { attr, fileType, space in
            let stored = HDF5ElementType.describing(fileType)
            guard case .string(let fixedLength) = stored else {
                throw error(.typeMismatch, operation, "the attribute holds \(stored), not strings", attribute: name)
            }
            let n = try Self.extent(of: space).reduce(1, *)
            guard n > 0 else { return [] }
            if let size = fixedLength {
                let memType = H5Tcopy(fileType)
                defer { H5Tclose(memType) }
                var bytes = [UInt8](repeating: 0, count: n * size)
                guard H5Aread(attr, memType, &bytes) >= 0 else { throw libraryError(operation, attribute: name) }
                return bytes.withUnsafeBytes { HDF5Types.decodeFixedStrings($0, count: n, size: size, type: fileType) }
            }
            let memType = HDF5Types.makeVariableString()
            defer { H5Tclose(memType) }
            H5Tset_cset(memType, H5Tget_cset(fileType))
            var pointers = [UnsafeMutablePointer<CChar>?](repeating: nil, count: n)
            guard H5Aread(attr, memType, &pointers) >= 0 else { throw libraryError(operation, attribute: name) }
            let strings = pointers.map { $0.map { String(cString: $0) } ?? "" }
            H5Dvlen_reclaim(memType, space, chdf5_p_default(), &pointers)
            return strings
        }
    }

    /// Sets attribute `name` to `value`, replacing an existing attribute of that name.
    public func setAttribute(_ name: String, _ value: AttributeValue) throws {
        switch value {
        case .string(let s): try setStringAttribute(name, [s], scalar: true)
        case .strings(let v): try setStringAttribute(name, v, scalar: false)
        case .int(let i): try setAttribute(name, values: [i], scalar: true)
        case .ints(let v): try setAttribute(name, values: v, scalar: false)
        case .double(let d): try setAttribute(name, values: [d], scalar: true)
        case .doubles(let v): try setAttribute(name, values: v, scalar: false)
        }
    }

    /// Sets a numeric attribute: a scalar (`scalar`, one value) or a one-dimensional array.
    public func setAttribute<T: HDF5Numeric>(_ name: String, values: [T], scalar: Bool = false) throws {
        let operation = "write"
        guard !scalar || values.count == 1 else {
            throw error(
                .invalidArgument, operation, "a scalar attribute needs one value, not \(values.count)", attribute: name)
        }
        try createAttribute(name, fileType: T.hdf5Type.fileTypeID, count: scalar ? nil : values.count) { attr in
            values.withUnsafeBufferPointer { H5Awrite(attr, T.hdf5Type.nativeTypeID, $0.baseAddress) }
        }
    }

    /// Sets a string attribute of variable-length UTF-8 strings: a scalar or a one-dimensional array.
    public func setStringAttribute(_ name: String, _ values: [String], scalar: Bool) throws {
        let operation = "write"
        guard !scalar || values.count == 1 else {
            throw error(
                .invalidArgument, operation, "a scalar attribute needs one value, not \(values.count)", attribute: name)
        }
        let type = HDF5Library.locked { HDF5Types.makeVariableString() }
        defer { HDF5Library.locked { _ = H5Tclose(type) } }
        try CStringArray.with(values) { pointers in
            guard let pointers else {
                throw error(.invalidArgument, operation, "a string contains a NUL character", attribute: name)
            }
            try createAttribute(name, fileType: type, count: scalar ? nil : values.count) { attr in
                H5Awrite(attr, type, pointers.baseAddress)
            }
        }
    }

    /// Sets a scalar fixed-length, NUL-terminated string attribute, the form netCDF-C, MATLAB
    /// and the dimension-scale API use (`_NCProperties`, `MATLAB_class`).
    public func setFixedStringAttribute(_ name: String, _ value: String, utf8: Bool = false) throws {
        var bytes = Array(value.utf8)
        bytes.append(0)
        let type = HDF5Library.locked { HDF5Types.makeFixedString(length: bytes.count, utf8: utf8) }
        defer { HDF5Library.locked { _ = H5Tclose(type) } }
        try createAttribute(name, fileType: type, count: nil) { attr in H5Awrite(attr, type, bytes) }
    }

    /// Removes attribute `name`; does nothing if there is none.
    public func removeAttribute(_ name: String) throws {
        try HDF5Library.locked {
            guard try hasAttribute(name) else { return }
            guard H5Adelete(id, name) >= 0 else { throw libraryError("remove", attribute: name) }
        }
    }

    // MARK: - Plumbing

    private func createAttribute(
        _ name: String, fileType: hid_t, count: Int?, write: (hid_t) -> herr_t
    ) throws {
        try HDF5Library.locked {
            let operation = "write"
            try checkOpen(operation)
            try removeAttribute(name)
            let space = count.map { H5Screate_simple(1, [hsize_t($0)], nil) } ?? H5Screate(H5S_SCALAR)
            defer { H5Sclose(space) }
            let attr = H5Acreate2(id, name, fileType, space, chdf5_p_default(), chdf5_p_default())
            guard attr >= 0 else { throw libraryError(operation, attribute: name) }
            defer { H5Aclose(attr) }
            guard write(attr) >= 0 else { throw libraryError(operation, attribute: name) }
        }
    }

    private func withAttribute<R>(
        _ name: String, operation: String, _ body: (hid_t, hid_t, hid_t) throws -> R
    ) throws -> R {
        try HDF5Library.locked {
            try checkOpen(operation)
            guard try hasAttribute(name) else {
                throw error(.objectNotFound, operation, "no such attribute", attribute: name)
            }
            let attr = H5Aopen(id, name, chdf5_p_default())
            guard attr >= 0 else { throw libraryError(operation, attribute: name) }
            defer { H5Aclose(attr) }
            let type = H5Aget_type(attr)
            defer { H5Tclose(type) }
            let space = H5Aget_space(attr)
            defer { H5Sclose(space) }
            guard type >= 0, space >= 0 else { throw libraryError(operation, attribute: name) }
            return try body(attr, type, space)
        }
    }

    /// The extent of a dataspace (`[]` for scalar, `[0]` for a null dataspace).
    static func extent(of space: hid_t) throws -> [Int] {
        if H5Sget_simple_extent_type(space) == H5S_NULL { return [0] }
        let rank = Int(H5Sget_simple_extent_ndims(space))
        guard rank > 0 else { return [] }
        var dims = [hsize_t](repeating: 0, count: rank)
        H5Sget_simple_extent_dims(space, &dims, nil)
        return dims.map { Int($0) }
    }

    private static func convertByte<T: HDF5Numeric>(_ byte: UInt8, to type: T.Type) throws -> T {
        switch T.hdf5Type {
        case .int8: return Int8(byte) as! T
        case .int16: return Int16(byte) as! T
        case .int32: return Int32(byte) as! T
        case .int64: return Int64(byte) as! T
        case .uint8: return byte as! T
        case .uint16: return UInt16(byte) as! T
        case .uint32: return UInt32(byte) as! T
        case .uint64: return UInt64(byte) as! T
        case .float32: return Float(byte) as! T
        case .float64: return Double(byte) as! T
        }
    }
}

/// Accumulates attribute names during `H5Aiterate2`.
private final class NameCollector {
    var names: [String] = []
}

/// `H5A_operator2_t` callback: appends the attribute's name to the collector.
private func collectAttributeName(
    _ location: hid_t, _ name: UnsafePointer<CChar>?, _ info: UnsafePointer<H5A_info_t>?,
    _ data: UnsafeMutableRawPointer?
) -> herr_t {
    guard let name, let data else { return 0 }
    Unmanaged<NameCollector>.fromOpaque(data).takeUnretainedValue().names.append(String(cString: name))
    return 0
}

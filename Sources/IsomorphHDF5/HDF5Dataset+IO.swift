import CHDF5

/// Typed hyperslab reads and writes. A hyperslab is `offset` and `count` per axis; `nil` for both
/// means the whole dataset.
extension HDF5Dataset {
    /// Reads a hyperslab as `T`.
    ///
    /// The stored type must convert to `T` without loss (the same type, a wider integer of a
    /// compatible sign, a wider float; h5py booleans read as `UInt8`); HDF5 converts byte order.
    /// - Throws: ``HDF5Error`` of kind `typeMismatch` for another stored type, `shapeMismatch`
    ///   for a hyperslab outside the dataset, `libraryFailure` if decoding fails (a damaged chunk).
    public func read<T: HDF5Numeric>(_ type: T.Type = T.self, offset: [Int]? = nil, count: [Int]? = nil) throws -> [T] {
        try HDF5Library.locked {
            let n = try selectionCount(offset: offset, count: count, operation: "read dataset")
            return try [T](unsafeUninitializedCapacity: n) { buffer, initialized in
                try read(into: buffer, offset: offset, count: count)
                initialized = n
            }
        }
    }

    /// Reads a hyperslab into `buffer`, which must hold exactly the selected number of elements.
    public func read<T: HDF5Numeric>(
        into buffer: UnsafeMutableBufferPointer<T>, offset: [Int]? = nil, count: [Int]? = nil
    ) throws {
        try HDF5Library.locked {
            let operation = "read dataset as \(T.hdf5Type)"
            try checkOpen(operation)
            let fileType = H5Dget_type(id)
            guard fileType >= 0 else { throw libraryError(operation) }
            defer { H5Tclose(fileType) }
            let stored = HDF5ElementType.describing(fileType)
            guard stored.convertsLosslessly(to: T.hdf5Type) else {
                throw error(
                    .typeMismatch, operation,
                    "the dataset holds \(stored), which does not convert to \(T.hdf5Type) without loss")
            }
            // h5py booleans are enumerations: read them with their own (native) type into bytes.
            let memType =
                stored == .boolean ? H5Tget_native_type(fileType, H5T_DIR_ASCEND) : H5Tcopy(T.hdf5Type.nativeTypeID)
            defer { H5Tclose(memType) }
            try withSelection(offset: offset, count: count, operation: operation) { memSpace, fileSpace, n in
                guard buffer.count == n else {
                    throw error(
                        .shapeMismatch, operation, "the buffer holds \(buffer.count) elements, the selection \(n)")
                }
                guard n > 0 else { return }
                guard H5Dread(id, memType, memSpace, fileSpace, chdf5_p_default(), buffer.baseAddress) >= 0 else {
                    throw libraryError(operation, reason: "HDF5 could not read or decode the data")
                }
            }
        }
    }

    /// Reads a hyperslab of a string dataset (variable- or fixed-length, ASCII or UTF-8).
    /// Fixed-length strings lose their padding; invalid UTF-8 is replaced by U+FFFD.
    public func readStrings(offset: [Int]? = nil, count: [Int]? = nil) throws -> [String] {
        try HDF5Library.locked {
            let operation = "read dataset as strings"
            try checkOpen(operation)
            let fileType = H5Dget_type(id)
            guard fileType >= 0 else { throw libraryError(operation) }
            defer { H5Tclose(fileType) }
            let stored = HDF5ElementType.describing(fileType)
            guard case .string(let fixedLength) = stored else {
                throw error(.typeMismatch, operation, "the dataset holds \(stored), not strings")
            }
            return try withSelection(offset: offset, count: count, operation: operation) { memSpace, fileSpace, n in
                guard n > 0 else { return [] }
                if let size = fixedLength {
                    let memType = H5Tcopy(fileType)
                    defer { H5Tclose(memType) }
                    var bytes = [UInt8](repeating: 0, count: n * size)
                    guard H5Dread(id, memType, memSpace, fileSpace, chdf5_p_default(), &bytes) >= 0 else {
                        throw libraryError(operation, reason: "HDF5 could not read or decode the data")
                    }
                    return bytes.withUnsafeBytes {
                        HDF5Types.decodeFixedStrings($0, count: n, size: size, type: fileType)
                    }
                }
                let memType = HDF5Types.makeVariableString()
                defer { H5Tclose(memType) }
                H5Tset_cset(memType, H5Tget_cset(fileType))
                var pointers = [UnsafeMutablePointer<CChar>?](repeating: nil, count: n)
                guard H5Dread(id, memType, memSpace, fileSpace, chdf5_p_default(), &pointers) >= 0 else {
                    throw libraryError(operation, reason: "HDF5 could not read or decode the data")
                }
                let strings = pointers.map { $0.map { String(cString: $0) } ?? "" }
                H5Dvlen_reclaim(memType, memSpace, chdf5_p_default(), &pointers)
                return strings
            }
        }
    }

    /// Writes a hyperslab from `values` (exactly the selected number of elements). `T` must
    /// convert to the stored type without loss.
    public func write<T: HDF5Numeric>(_ values: [T], offset: [Int]? = nil, count: [Int]? = nil) throws {
        try values.withUnsafeBufferPointer { try write($0, offset: offset, count: count) }
    }

    /// Writes a hyperslab from a buffer (no copy).
    public func write<T: HDF5Numeric>(
        _ values: UnsafeBufferPointer<T>, offset: [Int]? = nil, count: [Int]? = nil
    ) throws {
        try HDF5Library.locked {
            let operation = "write dataset from \(T.hdf5Type)"
            try checkOpen(operation)
            let fileType = H5Dget_type(id)
            guard fileType >= 0 else { throw libraryError(operation) }
            defer { H5Tclose(fileType) }
            let stored = HDF5ElementType.describing(fileType)
            guard T.hdf5Type.elementType == stored || storedAccepts(stored, T.hdf5Type) else {
                throw error(
                    .typeMismatch, operation,
                    "the dataset holds \(stored); \(T.hdf5Type) does not convert to it without loss")
            }
            try withSelection(offset: offset, count: count, operation: operation) { memSpace, fileSpace, n in
                guard values.count == n else {
                    throw error(.shapeMismatch, operation, "\(values.count) values for a selection of \(n) elements")
                }
                guard n > 0 else { return }
                guard
                    H5Dwrite(id, T.hdf5Type.nativeTypeID, memSpace, fileSpace, chdf5_p_default(), values.baseAddress)
                        >= 0
                else { throw libraryError(operation) }
            }
        }
    }

    /// Writes a hyperslab of a variable-length string dataset. Strings must not contain NUL.
    public func writeStrings(_ values: [String], offset: [Int]? = nil, count: [Int]? = nil) throws {
        try HDF5Library.locked {
            let operation = "write dataset from strings"
            try checkOpen(operation)
            let fileType = H5Dget_type(id)
            guard fileType >= 0 else { throw libraryError(operation) }
            defer { H5Tclose(fileType) }
            guard HDF5ElementType.describing(fileType) == .string(fixedLength: nil) else {
                throw error(
                    .typeMismatch, operation,
                    "the dataset holds \(HDF5ElementType.describing(fileType)), not variable-length strings")
            }
            try withSelection(offset: offset, count: count, operation: operation) { memSpace, fileSpace, n in
                guard values.count == n else {
                    throw error(.shapeMismatch, operation, "\(values.count) values for a selection of \(n) elements")
                }
                guard n > 0 else { return }
                let memType = HDF5Types.makeVariableString()
                defer { H5Tclose(memType) }
                try CStringArray.with(values) { pointers in
                    guard let pointers else {
                        throw error(.invalidArgument, operation, "a string contains a NUL character")
                    }
                    guard H5Dwrite(id, memType, memSpace, fileSpace, chdf5_p_default(), pointers.baseAddress) >= 0
                    else {
                        throw libraryError(operation)
                    }
                }
            }
        }
    }

    private func storedAccepts(_ stored: HDF5ElementType, _ source: HDF5NumericType) -> Bool {
        HDF5NumericType.allCases.contains { $0.elementType == stored && source.elementType.convertsLosslessly(to: $0) }
    }

    /// The number of elements a hyperslab selects, after validating it.
    func selectionCount(offset: [Int]?, count: [Int]?, operation: String) throws -> Int {
        try withSelection(offset: offset, count: count, operation: operation) { _, _, n in n }
    }

    /// Validates a hyperslab against the current shape and runs `body` with a memory dataspace,
    /// a file dataspace selecting it, and its element count. Call under the library lock.
    func withSelection<R>(
        offset: [Int]?, count: [Int]?, operation: String, _ body: (hid_t, hid_t, Int) throws -> R
    ) throws -> R {
        let shape = try shape
        guard offset != nil || count != nil else {
            return try body(chdf5_s_all(), chdf5_s_all(), shape.reduce(1, *))
        }
        let start = offset ?? Array(repeating: 0, count: shape.count)
        let extent = count ?? zip(shape, start).map { $0 - $1 }
        guard start.count == shape.count, extent.count == shape.count,
            zip(zip(start, extent), shape).allSatisfy({ $0.0 >= 0 && $0.1 >= 0 && $0.0 + $0.1 <= $1 })
        else {
            throw error(.shapeMismatch, operation, "hyperslab at \(start) of \(extent) is outside the shape \(shape)")
        }
        if shape.isEmpty { return try body(chdf5_s_all(), chdf5_s_all(), 1) }
        let n = extent.reduce(1, *)
        let fileSpace = H5Dget_space(id)
        guard fileSpace >= 0 else { throw libraryError(operation) }
        defer { H5Sclose(fileSpace) }
        if n > 0 {
            let status = H5Sselect_hyperslab(
                fileSpace, H5S_SELECT_SET, start.map { hsize_t($0) }, nil, extent.map { hsize_t($0) }, nil)
            guard status >= 0 else { throw libraryError(operation) }
        } else {
            H5Sselect_none(fileSpace)
        }
        // The memory space has the hyperslab's own shape: with a differently shaped (say flat)
        // memory space HDF5 maps every element to its chunk one by one, several times slower.
        let memSpace =
            n > 0
            ? H5Screate_simple(Int32(extent.count), extent.map { hsize_t($0) }, nil)
            : H5Screate_simple(1, [1], nil)
        defer { H5Sclose(memSpace) }
        if n == 0 { H5Sselect_none(memSpace) }
        return try body(memSpace, fileSpace, n)
    }
}

/// NUL-terminated copies of Swift strings laid out in one buffer, for HDF5 variable-length writes.
enum CStringArray {
    /// Runs `body` with one C-string pointer per string, or `nil` if a string contains NUL.
    static func with<R>(
        _ strings: [String], _ body: (UnsafeBufferPointer<UnsafePointer<CChar>?>?) throws -> R
    )
        rethrows -> R
    {
        var bytes = [CChar]()
        var offsets = [Int]()
        offsets.reserveCapacity(strings.count)
        for s in strings {
            offsets.append(bytes.count)
            for b in s.utf8 {
                if b == 0 { return try body(nil) }
                bytes.append(CChar(bitPattern: b))
            }
            bytes.append(0)
        }
        return try bytes.withUnsafeBufferPointer { base in
            let pointers = offsets.map { UnsafePointer<CChar>?(base.baseAddress! + $0) }
            return try pointers.withUnsafeBufferPointer { try body($0) }
        }
    }
}

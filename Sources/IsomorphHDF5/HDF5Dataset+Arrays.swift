import IsomorphArrays

/// ``NDArray`` access: hyperslabs and row blocks read into Isomorph's element types.
extension HDF5Dataset {
    /// Reads a hyperslab (or the whole dataset) as an ``NDArray``, widening the stored type as
    /// ``HDF5ElementType/widenedDType`` describes (int8/int16/uint16 → int32, uint32/uint64 →
    /// int64, float16 → float32, bool → uint8).
    /// - Throws: ``HDF5Error`` of kind `unsupported` for compound, reference and other types,
    ///   `typeMismatch` for a uint64 value above `Int64.max`, `shapeMismatch` for a hyperslab
    ///   outside the dataset.
    /// - Complexity: Reads only the chunks the hyperslab touches.
    public func readArray(offset: [Int]? = nil, count: [Int]? = nil) throws -> NDArray {
        let operation = "read dataset"
        let fullShape = try shape
        let resultShape = count ?? (offset.map { zip(fullShape, $0).map { $0 - $1 } } ?? fullShape)
        let stored = try elementType
        guard let dtype = stored.widenedDType else {
            throw error(.unsupported, operation, "the dataset holds \(stored), which Isomorph does not read")
        }
        if let rows = try readWholeRowsInParallel(offset: offset, count: count, shape: fullShape, stored: stored) {
            return rows
        }
        let storage: ArrayStorage
        switch (dtype, stored) {
        case (.string, _): storage = .string(try readStrings(offset: offset, count: count))
        case (.float32, _): storage = .float32(try read(Float.self, offset: offset, count: count))
        case (.float64, _): storage = .float64(try read(Double.self, offset: offset, count: count))
        case (.int32, _): storage = .int32(try read(Int32.self, offset: offset, count: count))
        case (.uint8, _): storage = .uint8(try read(UInt8.self, offset: offset, count: count))
        case (.int64, .integer(64, false)):
            let raw = try read(UInt64.self, offset: offset, count: count)
            if let big = raw.first(where: { $0 > UInt64(Int64.max) }) {
                throw error(.typeMismatch, operation, "uint64 value \(big) does not fit int64")
            }
            storage = .int64(raw.map { Int64($0) })
        case (.int64, _): storage = .int64(try read(Int64.self, offset: offset, count: count))
        }
        do {
            return try NDArray(shape: resultShape, storage: storage)
        } catch {
            throw self.error(.shapeMismatch, operation, "\(error)")
        }
    }

    /// Row blocks of numeric datasets with whole-row zstd chunks (artifacts) decompress on
    /// ``decodingThreads`` cores; `nil` when the selection or the dataset does not allow it.
    private func readWholeRowsInParallel(
        offset: [Int]?, count: [Int]?, shape: [Int], stored: HDF5ElementType
    ) throws
        -> NDArray?
    {
        guard !shape.isEmpty else { return nil }
        let start = offset ?? Array(repeating: 0, count: shape.count)
        let extent = count ?? zip(shape, start).map { $0 - $1 }
        guard start.count == shape.count, extent.count == shape.count, start.dropFirst().allSatisfy({ $0 == 0 }),
            Array(extent.dropFirst()) == Array(shape.dropFirst()), extent[0] > 0, start[0] >= 0,
            start[0] + extent[0] <= shape[0], extent.reduce(1, *) > 0
        else { return nil }
        let range = start[0]..<(start[0] + extent[0])
        func read<T: HDF5Numeric>(_ type: T.Type) throws -> [T]? {
            guard let layout = try wholeRowZstdLayout(for: T.self) else { return nil }
            let n = extent.reduce(1, *)
            var complete = false
            let values = try [T](unsafeUninitializedCapacity: n) { buffer, initialized in
                complete = try readRows(range, into: buffer, layout: layout, threads: decodingThreads)
                initialized = complete ? n : 0
            }
            return complete ? values : nil
        }
        let storage: ArrayStorage?
        switch stored {
        case .float(32): storage = try read(Float.self).map { .float32($0) }
        case .float(64): storage = try read(Double.self).map { .float64($0) }
        case .integer(32, true): storage = try read(Int32.self).map { .int32($0) }
        case .integer(64, true): storage = try read(Int64.self).map { .int64($0) }
        case .integer(8, false): storage = try read(UInt8.self).map { .uint8($0) }
        default: storage = nil
        }
        return try storage.map { try NDArray(shape: extent, storage: $0) }
    }

    /// Reads rows `range` along the first axis (all of every other axis).
    /// - Throws: ``HDF5Error`` of kind `shapeMismatch` if the dataset is scalar or the range is
    ///   outside `0..<shape[0]`.
    /// - Complexity: Reads only the chunks holding those rows.
    public func readRows(_ range: Range<Int>) throws -> NDArray {
        let shape = try shape
        let operation = "read rows \(range.lowerBound)..<\(range.upperBound) of dataset"
        guard let first = shape.first else {
            throw error(.shapeMismatch, operation, "the dataset is scalar and has no rows")
        }
        guard range.lowerBound >= 0 && range.upperBound <= first else {
            throw error(.shapeMismatch, operation, "the dataset has rows 0..<\(first)")
        }
        let offset = [range.lowerBound] + Array(repeating: 0, count: shape.count - 1)
        let count = [range.count] + shape.dropFirst()
        return try readArray(offset: offset, count: count)
    }

    /// Writes `array` as the hyperslab starting at `offset` (the whole dataset when `nil`), with
    /// the array's shape as the count. Its dtype must convert to the stored type without loss.
    public func write(_ array: NDArray, offset: [Int]? = nil) throws {
        let count = offset == nil ? nil : array.shape
        if offset == nil {
            let shape = try shape
            guard shape == array.shape else {
                throw error(.shapeMismatch, "write dataset", "an array of shape \(array.shape) for shape \(shape)")
            }
        }
        switch array.storage {
        case .float32(let v): try write(v, offset: offset, count: count)
        case .float64(let v): try write(v, offset: offset, count: count)
        case .int32(let v): try write(v, offset: offset, count: count)
        case .int64(let v): try write(v, offset: offset, count: count)
        case .uint8(let v): try write(v, offset: offset, count: count)
        case .string(let v): try writeStrings(v, offset: offset, count: count)
        }
    }

    /// Writes `rows` (an array whose first axis counts rows) starting at row `row`.
    public func writeRows(_ rows: NDArray, at row: Int) throws {
        guard rows.rank >= 1 else {
            throw error(.shapeMismatch, "write rows of dataset", "a scalar array has no rows")
        }
        try write(rows, offset: [row] + Array(repeating: 0, count: rows.rank - 1))
    }
}

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

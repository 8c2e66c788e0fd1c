/// An n-dimensional array: a shape and a flat, row-major (C order) element buffer.
///
/// `NDArray` is a value type with copy-on-write storage. It carries no axis names; a
/// ``Variable`` pairs an array with its named dimensions. A rank-0 array (shape `[]`) holds one
/// element.
public struct NDArray: Sendable, Hashable {
    /// The extent of each axis, outermost first.
    public private(set) var shape: [Int]
    /// The elements in row-major order.
    public private(set) var storage: ArrayStorage

    /// Creates an array from a shape and a storage buffer whose count matches the shape.
    /// - Throws: ``ArrayError/shapeMismatch(expected:actual:context:)`` if the counts disagree,
    ///   ``ArrayError/invalidShape(_:)`` if an extent is negative.
    public init(shape: [Int], storage: ArrayStorage) throws {
        guard shape.allSatisfy({ $0 >= 0 }) else { throw ArrayError.invalidShape(shape) }
        let expected = shape.reduce(1, *)
        guard expected == storage.count else {
            throw ArrayError.shapeMismatch(expected: expected, actual: storage.count, context: "shape \(shape)")
        }
        self.shape = shape
        self.storage = storage
    }

    /// Creates an array from typed values. The element count must equal the product of `shape`.
    public init<T: ArrayElement>(shape: [Int], values: [T]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative extent in shape \(shape)")
        precondition(
            shape.reduce(1, *) == values.count,
            "NDArray: \(values.count) values do not fill shape \(shape)")
        self.shape = shape
        self.storage = T.wrap(values)
    }

    /// A one-dimensional array of `values`.
    public init<T: ArrayElement>(_ values: [T]) {
        self.init(shape: [values.count], values: values)
    }

    /// A rank-0 array holding one value.
    public init<T: ArrayElement>(scalar value: T) {
        self.init(shape: [], values: [value])
    }

    /// An array of the given type and shape filled with zeros (or empty strings).
    public static func zeros(_ dtype: DType, shape: [Int]) -> NDArray {
        let n = shape.reduce(1, *)
        let storage: ArrayStorage
        switch dtype {
        case .float32: storage = .float32(Array(repeating: 0, count: n))
        case .float64: storage = .float64(Array(repeating: 0, count: n))
        case .int32: storage = .int32(Array(repeating: 0, count: n))
        case .int64: storage = .int64(Array(repeating: 0, count: n))
        case .uint8: storage = .uint8(Array(repeating: 0, count: n))
        case .string: storage = .string(Array(repeating: "", count: n))
        }
        return try! NDArray(shape: shape, storage: storage)
    }

    /// The element type.
    public var dtype: DType { storage.dtype }
    /// Number of axes.
    public var rank: Int { shape.count }
    /// Number of elements.
    public var count: Int { storage.count }

    /// The elements as `T`, or `nil` if the array holds another type.
    public func values<T: ArrayElement>(as type: T.Type = T.self) -> [T]? { T.unwrap(storage) }

    /// The elements converted to `Double` (`nil` for strings).
    public var doubles: [Double]? { storage.doubles }

    /// Row-major strides in elements.
    public var strides: [Int] { NDArray.strides(for: shape) }

    /// Row-major strides in elements for `shape`.
    public static func strides(for shape: [Int]) -> [Int] {
        var strides = Array(repeating: 1, count: shape.count)
        var acc = 1
        for axis in stride(from: shape.count - 1, through: 0, by: -1) {
            strides[axis] = acc
            acc *= shape[axis]
        }
        return strides
    }

    /// The same elements viewed with another shape of equal element count.
    public func reshaped(_ newShape: [Int]) throws -> NDArray {
        try NDArray(shape: newShape, storage: storage)
    }

    /// The array converted to another numeric type (`float32`, `float64`, `int32`, `int64`, `uint8`).
    /// Converting to or from strings is not supported and throws.
    public func converted(to dtype: DType) throws -> NDArray {
        if dtype == self.dtype { return self }
        guard let doubles = storage.doubles, dtype.isNumeric else {
            throw ArrayError.unsupportedConversion(from: self.dtype, to: dtype)
        }
        let storage: ArrayStorage
        switch dtype {
        case .float32: storage = .float32(doubles.map { Float($0) })
        case .float64: storage = .float64(doubles)
        case .int32: storage = .int32(doubles.map { Int32($0) })
        case .int64:
            if case .int32(let v) = self.storage {
                storage = .int64(v.map(Int64.init))
            } else {
                storage = .int64(doubles.map { Int64($0) })
            }
        case .uint8: storage = .uint8(doubles.map { UInt8(clamping: Int($0)) })
        case .string: fatalError("unreachable")
        }
        return try NDArray(shape: shape, storage: storage)
    }

    /// The array with its axes permuted: result axis `i` is input axis `permutation[i]`.
    public func transposed(_ permutation: [Int]) throws -> NDArray {
        guard permutation.count == rank, Set(permutation) == Set(0..<rank) else {
            throw ArrayError.invalidAxes(permutation, rank: rank)
        }
        if permutation == Array(0..<rank) { return self }
        let newShape = permutation.map { shape[$0] }
        let oldStrides = strides
        let permutedStrides = permutation.map { oldStrides[$0] }
        var indices = [Int]()
        indices.reserveCapacity(count)
        var counter = Array(repeating: 0, count: rank)
        for _ in 0..<count {
            var offset = 0
            for axis in 0..<rank { offset += counter[axis] * permutedStrides[axis] }
            indices.append(offset)
            var axis = rank - 1
            while axis >= 0 {
                counter[axis] += 1
                if counter[axis] < newShape[axis] { break }
                counter[axis] = 0
                axis -= 1
            }
        }
        return try NDArray(shape: newShape, storage: storage.gathering(indices))
    }

    /// The sub-array of the given indices along the first axis, in that order.
    public func selecting(rows: [Int]) throws -> NDArray {
        guard rank >= 1 else { throw ArrayError.invalidAxes([0], rank: rank) }
        let rowSize = shape.dropFirst().reduce(1, *)
        var flat = [Int]()
        flat.reserveCapacity(rows.count * rowSize)
        for r in rows {
            guard r >= 0 && r < shape[0] else { throw ArrayError.indexOutOfRange(r, extent: shape[0]) }
            flat.append(contentsOf: (r * rowSize)..<((r + 1) * rowSize))
        }
        return try NDArray(shape: [rows.count] + shape.dropFirst(), storage: storage.gathering(flat))
    }

    /// The sub-array of the given indices along `axis`, in that order.
    public func selecting(_ indices: [Int], along axis: Int) throws -> NDArray {
        guard axis >= 0 && axis < rank else { throw ArrayError.invalidAxes([axis], rank: rank) }
        if axis == 0 { return try selecting(rows: indices) }
        var perm = Array(0..<rank)
        perm.swapAt(0, axis)
        return try transposed(perm).selecting(rows: indices).transposed(perm)
    }
}

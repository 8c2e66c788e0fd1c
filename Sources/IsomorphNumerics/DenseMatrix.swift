/// A dense, row-major matrix value with copy-on-write storage.
///
/// Element `(i, j)` lives at `elements[i * columnCount + j]`, the layout NumPy (C order), HDF5
/// and CBLAS' `CblasRowMajor` use, so a matrix moves to and from those without reordering.
/// Two instantiations are used throughout Isomorph:
///
/// - ``Matrix`` (`DenseMatrix<Double>`): all arithmetic, decompositions and statistics;
/// - ``FloatMatrix`` (`DenseMatrix<Float>`): compact storage for large activations, with BLAS
///   products (`sgemm`) and column statistics accumulated in `Double`.
///
/// Conversion between them is explicit (`Matrix(floatMatrix)`, `FloatMatrix(matrix)`) and one
/// vectorised pass. LAPACK decompositions are provided for ``Matrix`` only.
///
/// ### Conventions
/// - Index errors and shape mismatches in non-throwing operations are programming errors and
///   stop with a precondition failure naming the shapes, like `Array`'s subscript. Operations that
///   can fail on valid-looking data (decompositions, solves) throw ``LinearAlgebraError`` instead,
///   and report shape mismatches the same way.
/// - Empty matrices (`0×n`, `m×0`) are valid everywhere and behave like NumPy's.
/// - Storage is an `Array`: ``init(rows:columns:elements:)`` and ``elements`` share the buffer
///   with the caller (no copy until one side mutates).
public struct DenseMatrix<Scalar: MatrixScalar>: Sendable, Hashable {
    /// The number of rows.
    public let rowCount: Int
    /// The number of columns.
    public let columnCount: Int
    /// The row-major element buffer (`rowCount · columnCount` elements).
    @usableFromInline internal var storage: [Scalar]

    /// Creates a matrix that adopts a row-major buffer without copying it.
    ///
    /// - Parameters:
    ///   - rows: The number of rows (≥ 0).
    ///   - columns: The number of columns (≥ 0).
    ///   - elements: `rows · columns` values in row-major order.
    /// - Precondition: `elements.count == rows * columns`.
    @inlinable
    public init(rows: Int, columns: Int, elements: [Scalar]) {
        precondition(rows >= 0 && columns >= 0, "DenseMatrix: negative shape \(rows)×\(columns)")
        precondition(
            elements.count == rows * columns,
            "DenseMatrix: \(elements.count) elements do not fill a \(rows)×\(columns) matrix")
        self.rowCount = rows
        self.columnCount = columns
        self.storage = elements
    }

    /// Creates a `rows×columns` matrix with every element equal to `value`.
    @inlinable
    public init(rows: Int, columns: Int, repeating value: Scalar) {
        precondition(rows >= 0 && columns >= 0, "DenseMatrix: negative shape \(rows)×\(columns)")
        self.init(rows: rows, columns: columns, elements: [Scalar](repeating: value, count: rows * columns))
    }

    /// Creates a matrix by filling a fresh row-major buffer in place (no zero-initialisation).
    ///
    /// - Parameters:
    ///   - rows: The number of rows.
    ///   - columns: The number of columns.
    ///   - initializer: Writes all `rows · columns` elements of the buffer it is given.
    @inlinable
    public init(
        rows: Int, columns: Int,
        unsafeUninitializedElements initializer: (inout UnsafeMutableBufferPointer<Scalar>) throws -> Void
    ) rethrows {
        precondition(rows >= 0 && columns >= 0, "DenseMatrix: negative shape \(rows)×\(columns)")
        let count = rows * columns
        let elements = try [Scalar](unsafeUninitializedCapacity: count) { buffer, initialized in
            try initializer(&buffer)
            initialized = count
        }
        self.init(rows: rows, columns: columns, elements: elements)
    }

    /// The row-major element buffer. Reading it shares storage with the matrix (no copy).
    @inlinable
    public var elements: [Scalar] { storage }

    /// `(rows, columns)`, for messages and pattern matching.
    @inlinable
    public var shape: (rows: Int, columns: Int) { (rowCount, columnCount) }

    /// The number of elements, `rowCount · columnCount`.
    @inlinable
    public var count: Int { storage.count }

    /// True when the matrix has no elements (no rows or no columns).
    @inlinable
    public var isEmpty: Bool { storage.isEmpty }

    /// True when `rowCount == columnCount`.
    @inlinable
    public var isSquare: Bool { rowCount == columnCount }

    /// True when every element is finite (no NaN, no ±∞).
    ///
    /// - Complexity: O(rows · columns).
    @inlinable
    public var isFinite: Bool {
        storage.withUnsafeBufferPointer { b in
            // Summing x·0 turns any NaN/∞ into NaN and keeps finite values at 0; one branch-free pass.
            var acc: Scalar = 0
            for x in b { acc += x * 0 }
            return acc == 0
        }
    }

    /// The element at row `row`, column `column`.
    @inlinable
    public subscript(row: Int, column: Int) -> Scalar {
        get {
            checkIndex(row, column)
            return storage[row &* columnCount &+ column]
        }
        set {
            checkIndex(row, column)
            storage[row &* columnCount &+ column] = newValue
        }
    }

    @inlinable @inline(__always)
    internal func checkIndex(_ row: Int, _ column: Int) {
        precondition(
            row >= 0 && row < rowCount && column >= 0 && column < columnCount,
            "DenseMatrix: index (\(row), \(column)) out of range for a \(rowCount)×\(columnCount) matrix")
    }

    /// Calls `body` with the row-major element buffer.
    @inlinable
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Scalar>) throws -> R) rethrows -> R {
        try storage.withUnsafeBufferPointer(body)
    }

    /// Calls `body` with the mutable row-major element buffer (copying first if the storage is shared).
    @inlinable
    public mutating func withUnsafeMutableBufferPointer<R>(
        _ body: (inout UnsafeMutableBufferPointer<Scalar>) throws -> R
    ) rethrows -> R {
        try storage.withUnsafeMutableBufferPointer(body)
    }
}

/// A Float64 matrix: the type every computation in Isomorph uses.
public typealias Matrix = DenseMatrix<Double>

/// A Float32 matrix: compact storage for large activation arrays.
public typealias FloatMatrix = DenseMatrix<Float>

extension DenseMatrix: CustomStringConvertible {
    /// The shape and, for small matrices, the elements row by row (at most 8×8 shown).
    public var description: String {
        var text = "\(rowCount)×\(columnCount) \(Scalar.self == Double.self ? "Matrix" : "DenseMatrix<\(Scalar.self)>")"
        guard !isEmpty else { return text }
        let shownRows = min(rowCount, 8)
        let shownColumns = min(columnCount, 8)
        for i in 0..<shownRows {
            let values = (0..<shownColumns).map { "\(self[i, $0])" }
            text += "\n  [" + values.joined(separator: ", ") + (shownColumns < columnCount ? ", …]" : "]")
        }
        if shownRows < rowCount { text += "\n  …" }
        return text
    }
}

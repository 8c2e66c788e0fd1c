import IsomorphNumerics

extension NDArray {
    /// The array as a matrix whose rows index the first axis and whose columns index the
    /// remaining axes flattened in row-major order (a 92 × 32 × 7 × 7 activation array becomes
    /// 92 × 1568). A rank-1 array becomes one column; a rank-0 array a 1 × 1 matrix.
    /// - Throws: ``ArrayError/unsupportedConversion(from:to:)`` for strings.
    /// - Complexity: O(count): one conversion pass (none for `float64`).
    public func matrix() throws -> Matrix {
        let rows = rank == 0 ? 1 : shape[0]
        let columns = rank <= 1 ? 1 : shape.dropFirst().reduce(1, *)
        if case .float64(let v) = storage { return Matrix(rows: rows, columns: columns, elements: v) }
        guard let d = storage.doubles else { throw ArrayError.unsupportedConversion(from: dtype, to: .float64) }
        return Matrix(rows: rows, columns: columns, elements: d)
    }

    /// The array as a single-precision matrix (rows = first axis), for large activations.
    /// - Throws: ``ArrayError/unsupportedConversion(from:to:)`` for strings.
    public func floatMatrix() throws -> FloatMatrix {
        let rows = rank == 0 ? 1 : shape[0]
        let columns = rank <= 1 ? 1 : shape.dropFirst().reduce(1, *)
        switch storage {
        case .float32(let v): return FloatMatrix(rows: rows, columns: columns, elements: v)
        case .float64(let v): return FloatMatrix(rows: rows, columns: columns, elements: v.map { Float($0) })
        default:
            guard let d = storage.doubles else { throw ArrayError.unsupportedConversion(from: dtype, to: .float32) }
            return FloatMatrix(rows: rows, columns: columns, elements: d.map { Float($0) })
        }
    }

    /// A rank-2 `float64` array holding `matrix`.
    public init(_ matrix: Matrix) {
        self.init(shape: [matrix.rowCount, matrix.columnCount], values: matrix.elements)
    }

    /// A rank-2 `float32` array holding `matrix`.
    public init(_ matrix: FloatMatrix) {
        self.init(shape: [matrix.rowCount, matrix.columnCount], values: matrix.elements)
    }
}

extension DenseMatrix where Scalar == Double {
    /// Solves the square system `self · X = B` by LU with partial pivoting (LAPACK `dgetrf` +
    /// `dgetrs`, the factorisation `numpy.linalg.solve`'s `dgesv` performs).
    ///
    /// The row-major buffer is LAPACK's column-major `Aᵀ`, so `Aᵀ` is factorised in place of a
    /// copy and `dgetrs` solves with the transpose flag: `(Aᵀ)ᵀ X = B`.
    ///
    /// - Parameter b: The right-hand sides as columns (`n×r`).
    /// - Throws: ``LinearAlgebraError`` (operation ``LinearAlgebraError/Operation/solve``) with
    ///   ``LinearAlgebraError/Reason/singular(pivot:)`` for an exactly singular matrix,
    ///   `.shapeMismatch` for a non-square matrix or a wrong row count, `.nonFiniteInput` for NaN/∞.
    ///   A nearly singular matrix is solved without complaint, as in NumPy; prefer
    ///   ``leastSquares(_:rcond:)`` or ``Cholesky`` when conditioning is in doubt.
    /// - Complexity: O(n³ + n²·r).
    public func solve(_ b: Matrix) throws(LinearAlgebraError) -> Matrix {
        let n = rowCount
        let r = b.columnCount
        guard isSquare else {
            throw LinearAlgebraError(
                .solve, rows: rowCount, columns: columnCount, reason: .shapeMismatch(detail: "the matrix is not square")
            )
        }
        guard b.rowCount == n else {
            throw LinearAlgebraError(
                .solve, rows: n, columns: n,
                reason: .shapeMismatch(detail: "the right-hand side has \(b.rowCount) rows, expected \(n)"))
        }
        try LAPACK.requireFinite(self, "matrix", .solve, rows: n, columns: n)
        try LAPACK.requireFinite(b, "right-hand side", .solve, rows: n, columns: n)
        if n == 0 || r == 0 { return .zeros(rows: n, columns: r) }
        let ln = try LAPACK.int(n, "order", .solve, rows: n, columns: n)
        let lr = try LAPACK.int(r, "right-hand side count", .solve, rows: n, columns: n)
        _ = try LAPACK.int(Swift.max(n * n, n * r), "element count", .solve, rows: n, columns: n)
        var a = storage
        var pivots = [Int32](repeating: 0, count: n)
        var info = LAPACK.getrf(n: ln, a: &a, lda: ln, ipiv: &pivots)
        try LAPACK.check(info, .solve, rows: n, columns: n) { .singular(pivot: $0) }
        var x = r == 1 ? b.storage : b.transposed().storage
        info = LAPACK.getrs(transpose: true, n: ln, nrhs: lr, a: a, lda: ln, ipiv: pivots, b: &x, ldb: ln)
        try LAPACK.check(info, .solve, rows: n, columns: n) { .invalidArgument(position: $0) }
        return r == 1 ? Matrix(rows: n, columns: 1, elements: x) : Matrix(rows: r, columns: n, elements: x).transposed()
    }

    /// Solves `self · x = b` for one right-hand side vector.
    ///
    /// - Throws: ``LinearAlgebraError`` as ``solve(_:)-(Matrix)``.
    /// - Complexity: O(n³).
    public func solve(_ b: [Double]) throws(LinearAlgebraError) -> [Double] {
        try solve(Matrix(column: b)).elements
    }

    /// The inverse of this square matrix (LAPACK `dgetrf` + `dgetri`, as `numpy.linalg.inv`).
    ///
    /// Inverting `Aᵀ` in LAPACK's column-major view leaves `(Aᵀ)⁻¹ = (A⁻¹)ᵀ` there, which is
    /// `A⁻¹` in our row-major buffer. Prefer ``solve(_:)-(Matrix)`` or ``cholesky()`` when the
    /// inverse is only applied to vectors.
    ///
    /// - Throws: ``LinearAlgebraError`` (operation ``LinearAlgebraError/Operation/inverse``) with
    ///   ``LinearAlgebraError/Reason/singular(pivot:)``, `.shapeMismatch` or `.nonFiniteInput`.
    /// - Complexity: O(n³).
    public func inverse() throws(LinearAlgebraError) -> Matrix {
        let n = rowCount
        guard isSquare else {
            throw LinearAlgebraError(
                .inverse, rows: rowCount, columns: columnCount,
                reason: .shapeMismatch(detail: "the matrix is not square"))
        }
        try LAPACK.requireFinite(self, "matrix", .inverse, rows: n, columns: n)
        if n == 0 { return .zeros(rows: 0, columns: 0) }
        let ln = try LAPACK.int(n, "order", .inverse, rows: n, columns: n)
        _ = try LAPACK.int(n * n, "element count", .inverse, rows: n, columns: n)
        var a = storage
        var pivots = [Int32](repeating: 0, count: n)
        var info = LAPACK.getrf(n: ln, a: &a, lda: ln, ipiv: &pivots)
        try LAPACK.check(info, .inverse, rows: n, columns: n) { .singular(pivot: $0) }
        info = LAPACK.getri(n: ln, a: &a, lda: ln, ipiv: pivots)
        try LAPACK.check(info, .inverse, rows: n, columns: n) { .singular(pivot: $0) }
        return Matrix(rows: n, columns: n, elements: a)
    }
}

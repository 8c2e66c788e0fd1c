import Foundation

/// The Cholesky factorization `A = L · Lᵀ` of a symmetric positive definite matrix (LAPACK
/// `dpotrf`), kept for repeated solves (`dpotrs`) against new right-hand sides.
///
/// Use it for kernel ridge systems `(K + αI) x = y`, Gaussian log-likelihoods and whitening; it
/// costs a third of an LU factorization and fails loudly (``LinearAlgebraError/Reason/notPositiveDefinite(leadingMinor:)``)
/// instead of returning garbage when the matrix is not positive definite.
public struct Cholesky: Sendable, Hashable {
    /// The lower-triangular factor `L` (`n×n`, zeros above the diagonal, positive diagonal).
    public let lower: Matrix

    /// Creates a factorization from a lower-triangular factor with a positive diagonal.
    public init(lower: Matrix) {
        precondition(lower.isSquare, "Cholesky(lower:): the factor is \(lower.rowCount)×\(lower.columnCount)")
        self.lower = lower
    }

    /// The order `n` of the factorized matrix.
    public var order: Int { lower.rowCount }

    /// `log det A = 2 Σ log Lᵢᵢ`, computed without overflow.
    public var logDeterminant: Double { 2 * lower.diagonal.reduce(0.0) { $0 + log($1) } }

    /// Solves `A X = B` for `X` (LAPACK `dpotrs`: two triangular solves).
    ///
    /// - Parameter b: The right-hand sides as columns (`n×r`).
    /// - Throws: ``LinearAlgebraError`` (operation ``LinearAlgebraError/Operation/choleskySolve``)
    ///   if `B` has the wrong number of rows or holds NaN/∞.
    /// - Complexity: O(n²·r).
    public func solve(_ b: Matrix) throws(LinearAlgebraError) -> Matrix {
        let n = order
        let r = b.columnCount
        guard b.rowCount == n else {
            throw LinearAlgebraError(
                .choleskySolve, rows: n, columns: n,
                reason: .shapeMismatch(detail: "the right-hand side has \(b.rowCount) rows, expected \(n)"))
        }
        try LAPACK.requireFinite(b, "right-hand side", .choleskySolve, rows: n, columns: n)
        if n == 0 || r == 0 { return .zeros(rows: n, columns: r) }
        let ln = try LAPACK.int(n, "order", .choleskySolve, rows: n, columns: n)
        let lr = try LAPACK.int(r, "right-hand side count", .choleskySolve, rows: n, columns: n)
        // LAPACK wants B column-major (n×r): that is our row-major Bᵀ. One column needs no copy.
        var x = r == 1 ? b.storage : b.transposed().storage
        let info = lower.withUnsafeBufferPointer { l in
            // Our row-major lower L is LAPACK's column-major upper Lᵀ: uplo 'U'.
            LAPACK.potrs(uplo: "U", n: ln, nrhs: lr, a: l.baseAddress!, lda: ln, b: &x, ldb: ln)
        }
        // dpotrs reports argument errors only (negative info).
        try LAPACK.check(info, .choleskySolve, rows: n, columns: n) { .invalidArgument(position: $0) }
        return r == 1 ? Matrix(rows: n, columns: 1, elements: x) : Matrix(rows: r, columns: n, elements: x).transposed()
    }

    /// Solves `A x = b` for one right-hand side vector.
    ///
    /// - Throws: ``LinearAlgebraError`` as ``solve(_:)-(Matrix)``.
    /// - Complexity: O(n²).
    public func solve(_ b: [Double]) throws(LinearAlgebraError) -> [Double] {
        try solve(Matrix(column: b)).elements
    }
}

extension DenseMatrix where Scalar == Double {
    /// The Cholesky factorization `A = L Lᵀ` of this symmetric positive definite matrix (LAPACK `dpotrf`).
    ///
    /// Only the **lower triangle** is read, like `numpy.linalg.cholesky` (which returns the same `L`).
    ///
    /// - Throws: ``LinearAlgebraError`` with ``LinearAlgebraError/Reason/notPositiveDefinite(leadingMinor:)``
    ///   naming the first leading minor that is not positive, `.shapeMismatch` for a non-square
    ///   matrix, `.nonFiniteInput` for NaN/∞.
    /// - Complexity: O(n³/3).
    public func cholesky() throws(LinearAlgebraError) -> Cholesky {
        let n = rowCount
        guard isSquare else {
            throw LinearAlgebraError(
                .cholesky, rows: rowCount, columns: columnCount,
                reason: .shapeMismatch(detail: "the matrix is not square"))
        }
        try LAPACK.requireFinite(self, "matrix", .cholesky, rows: n, columns: n)
        if n == 0 { return Cholesky(lower: .zeros(rows: 0, columns: 0)) }
        let ln = try LAPACK.int(n, "order", .cholesky, rows: n, columns: n)
        var a = storage
        // Column-major 'U' is our row-major lower triangle; the factor Uᵀ = L lands there.
        let info = LAPACK.potrf(uplo: "U", n: ln, a: &a, lda: ln)
        try LAPACK.check(info, .cholesky, rows: n, columns: n) { .notPositiveDefinite(leadingMinor: $0) }
        for i in 0..<n {
            for j in (i + 1)..<n { a[i * n + j] = 0 }
        }
        return Cholesky(lower: Matrix(rows: n, columns: n, elements: a))
    }
}

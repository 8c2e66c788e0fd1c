/// A singular value decomposition `A = U · diag(σ) · Vᵀ` of an `m×n` matrix (LAPACK `dgesdd`,
/// the routine `numpy.linalg.svd` uses).
///
/// Singular values are non-negative and in descending order. The singular vectors are unique only
/// up to a common sign flip of `U[:, i]` and `Vᵀ[i, :]` (and up to a rotation within repeated
/// singular values), so two correct implementations can differ in signs; compare reconstructions
/// or projectors, not raw vectors.
public struct SingularValueDecomposition: Sendable, Hashable {
    /// Which singular vectors ``DenseMatrix/svd(_:)`` computes.
    public enum Mode: Sendable, Hashable {
        /// `U` is `m×k` and `Vᵀ` is `k×n`, `k = min(m, n)` (NumPy's `full_matrices=False`).
        case thin
        /// `U` is `m×m` and `Vᵀ` is `n×n` (NumPy's `full_matrices=True`).
        case full
    }

    /// The left singular vectors as columns (`m×k` thin, `m×m` full).
    public let u: Matrix
    /// The `min(m, n)` singular values, descending.
    public let singularValues: [Double]
    /// The right singular vectors as rows (`k×n` thin, `n×n` full).
    public let vt: Matrix

    /// Creates a decomposition from its parts (used by the factorisation; exposed for tests and
    /// for decompositions computed elsewhere).
    public init(u: Matrix, singularValues: [Double], vt: Matrix) {
        self.u = u
        self.singularValues = singularValues
        self.vt = vt
    }

    /// The number of rows of the decomposed matrix.
    public var rowCount: Int { u.rowCount }
    /// The number of columns of the decomposed matrix.
    public var columnCount: Int { vt.columnCount }

    /// NumPy 2.x's array-API default relative cutoff for rank and pseudo-inverse:
    /// `max(m, n) · ε` with `ε = 2.22e-16` (`numpy.linalg.matrix_rank`'s default, and
    /// `numpy.linalg.pinv(a, rtol=None)`).
    public static func defaultRelativeTolerance(rows: Int, columns: Int) -> Double {
        Double(max(rows, columns)) * Double.ulpOfOne
    }

    /// The number of singular values strictly above `rtol · σmax`.
    ///
    /// - Parameter rtol: The relative cutoff; `nil` means
    ///   ``defaultRelativeTolerance(rows:columns:)``, as `numpy.linalg.matrix_rank`.
    public func rank(rtol: Double? = nil) -> Int {
        let cutoff =
            (rtol ?? Self.defaultRelativeTolerance(rows: rowCount, columns: columnCount))
            * (singularValues.first ?? 0)
        return singularValues.prefix { $0 > cutoff }.count
    }

    /// The Moore–Penrose pseudo-inverse `V · diag(σ⁺) · Uᵀ` (`n×m`), with `σ⁺ᵢ = 1/σᵢ` for
    /// `σᵢ > rtol · σmax` and 0 otherwise — `numpy.linalg.pinv`'s rule (strict `>`).
    ///
    /// Reusing one decomposition for several cutoffs or for ``DenseMatrix/svd(_:)``-based ridge
    /// fits avoids refactorising.
    ///
    /// - Parameter rtol: The relative cutoff; `nil` means `max(m, n) · ε`, which equals
    ///   `numpy.linalg.pinv(a, rtol=None)`. Note that a bare `numpy.linalg.pinv(a)` in NumPy 2.4
    ///   still uses its legacy `rcond=1e-15`; pass `rtol: 1e-15` to reproduce that.
    /// - Complexity: O(m·n·r) for `r` retained singular values.
    public func pseudoInverse(rtol: Double? = nil) -> Matrix {
        let (m, n) = (rowCount, columnCount)
        let r = rank(rtol: rtol)
        var result = Matrix.zeros(rows: n, columns: m)
        guard r > 0 else { return result }
        // W = diag(1/σ[:r]) · Vᵀ[:r, :]  (r×n), then result = Wᵀ · U[:, :r]ᵀ.
        let w = vt.rows(0..<r).scalingRows(by: singularValues.prefix(r).map { 1 / $0 })
        w.withUnsafeBufferPointer { wb in
            u.withUnsafeBufferPointer { ub in
                result.withUnsafeMutableBufferPointer { rb in
                    Double.gemm(
                        transposeA: true, transposeB: true, m: n, n: m, k: r, alpha: 1, a: wb.baseAddress!, lda: n,
                        b: ub.baseAddress!, ldb: u.columnCount, beta: 0, c: rb.baseAddress!, ldc: m)
                }
            }
        }
        return result
    }

    /// `U[:, :k] · diag(σ) · Vᵀ[:k, :]`: the decomposed matrix, rebuilt (for checks).
    ///
    /// - Complexity: O(m·n·k).
    public func reconstructed() -> Matrix {
        let k = singularValues.count
        let us = u.columns(0..<k).scalingColumns(by: singularValues)
        return us.matmul(vt.rows(0..<k))
    }
}

extension DenseMatrix where Scalar == Double {
    /// The singular value decomposition (LAPACK `dgesdd`, divide and conquer).
    ///
    /// The row-major buffer is handed to LAPACK as the column-major `Aᵀ`, whose decomposition
    /// `Aᵀ = V Σ Uᵀ` yields `U` and `Vᵀ` of `A` directly in row-major order: no transposed copies.
    ///
    /// - Parameter mode: ``SingularValueDecomposition/Mode/thin`` (default) or `.full`.
    /// - Throws: ``LinearAlgebraError`` with ``LinearAlgebraError/Reason/nonFiniteInput(operand:)``
    ///   for NaN/∞ input, `.didNotConverge` if LAPACK's iteration fails.
    /// - Complexity: O(m·n·min(m, n)).
    public func svd(
        _ mode: SingularValueDecomposition.Mode = .thin
    ) throws(LinearAlgebraError)
        -> SingularValueDecomposition
    {
        try svd(mode, operation: .svd)
    }

    /// The singular values only, descending (`dgesdd` with `jobz = 'N'`, much cheaper than ``svd(_:)``).
    ///
    /// - Throws: ``LinearAlgebraError`` as ``svd(_:)``.
    /// - Complexity: O(m·n·min(m, n)).
    public func singularValues() throws(LinearAlgebraError) -> [Double] {
        try svd(nil, operation: .svd).singularValues
    }

    /// The numerical rank: singular values above `rtol · σmax` (`numpy.linalg.matrix_rank`).
    ///
    /// - Parameter rtol: The relative cutoff; `nil` means `max(m, n) · ε`, NumPy's default.
    /// - Throws: ``LinearAlgebraError`` as ``svd(_:)``.
    public func rank(rtol: Double? = nil) throws(LinearAlgebraError) -> Int {
        try svd(nil, operation: .svd).rank(rtol: rtol)
    }

    /// The Moore–Penrose pseudo-inverse (`n×m`) with `numpy.linalg.pinv` semantics: singular
    /// values `σ ≤ rtol · σmax` are treated as zero.
    ///
    /// - Parameter rtol: The relative cutoff; `nil` means `max(m, n) · ε` (NumPy 2.x's array-API
    ///   default, `numpy.linalg.pinv(a, rtol=None)`; a bare `pinv(a)` in NumPy 2.4 still uses
    ///   `1e-15`). An empty matrix gives the empty `n×m` matrix.
    /// - Throws: ``LinearAlgebraError`` (operation ``LinearAlgebraError/Operation/pseudoInverse``)
    ///   for non-finite input or a failed SVD.
    /// - Complexity: O(m·n·min(m, n)).
    public func pseudoInverse(rtol: Double? = nil) throws(LinearAlgebraError) -> Matrix {
        try svd(.thin, operation: .pseudoInverse).pseudoInverse(rtol: rtol)
    }

    /// The SVD with `mode == nil` meaning values only (`U` and `Vᵀ` are then `m×0` and `0×n`).
    internal func svd(
        _ mode: SingularValueDecomposition.Mode?, operation: LinearAlgebraError.Operation
    )
        throws(LinearAlgebraError) -> SingularValueDecomposition
    {
        let (m, n) = (rowCount, columnCount)
        let k = Swift.min(m, n)
        try LAPACK.requireFinite(self, "matrix", operation, rows: m, columns: n)
        // Shapes of the row-major results: U is m×uColumns, Vᵀ is vtRows×n.
        let uColumns = mode == .full ? m : (mode == nil ? 0 : k)
        let vtRows = mode == .full ? n : (mode == nil ? 0 : k)
        if k == 0 {
            return SingularValueDecomposition(
                u: mode == .full ? .identity(m) : .zeros(rows: m, columns: uColumns), singularValues: [],
                vt: mode == .full ? .identity(n) : .zeros(rows: vtRows, columns: n))
        }
        let lm = try LAPACK.int(n, "row count of Aᵀ", operation, rows: m, columns: n)
        let ln = try LAPACK.int(m, "column count of Aᵀ", operation, rows: m, columns: n)
        _ = try LAPACK.int(m * n, "element count", operation, rows: m, columns: n)
        var a = storage
        var s = [Double](repeating: 0, count: k)
        // LAPACK's U of Aᵀ (column-major n×vtRows) is our Vᵀ (row-major vtRows×n);
        // LAPACK's Vᵀ of Aᵀ (column-major uColumns×m) is our U (row-major m×uColumns).
        var vtOut = [Double](repeating: 0, count: Swift.max(1, vtRows * n))
        var uOut = [Double](repeating: 0, count: Swift.max(1, m * uColumns))
        let job: Unicode.Scalar = mode == .full ? "A" : (mode == nil ? "N" : "S")
        let info = LAPACK.gesdd(
            job: job, m: lm, n: ln, a: &a, lda: lm, s: &s, u: &vtOut, ldu: mode == nil ? 1 : lm, vt: &uOut,
            ldvt: mode == nil ? 1 : Int32(uColumns))
        try LAPACK.check(info, operation, rows: m, columns: n) { _ in .didNotConverge }
        if mode == nil {
            return SingularValueDecomposition(
                u: .zeros(rows: m, columns: 0), singularValues: s, vt: .zeros(rows: 0, columns: n))
        }
        return SingularValueDecomposition(
            u: Matrix(rows: m, columns: uColumns, elements: uOut),
            singularValues: s,
            vt: Matrix(rows: vtRows, columns: n, elements: vtOut))
    }
}

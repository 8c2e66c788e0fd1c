/// The minimum-norm least-squares solution of `A X ≈ B` (LAPACK `dgelsd`), with the same
/// outputs as `numpy.linalg.lstsq`.
public struct LeastSquaresSolution: Sendable, Hashable {
    /// The minimum-norm solution `X` (`n×r`): `‖A X − B‖` is minimal, and among minimisers `‖X‖`
    /// is minimal (which is what makes rank-deficient problems well defined).
    public let solution: Matrix
    /// The effective rank of `A`: the number of singular values above `rcond · σmax`.
    public let rank: Int
    /// The singular values of `A`, descending (`min(m, n)` values).
    public let singularValues: [Double]
    /// The residual sum of squares `‖A xⱼ − bⱼ‖²` per right-hand side — empty unless
    /// `rank == n` and `m > n`, exactly when `numpy.linalg.lstsq` returns it.
    public let residualSumOfSquares: [Double]

    /// Creates a solution from its parts.
    public init(solution: Matrix, rank: Int, singularValues: [Double], residualSumOfSquares: [Double]) {
        self.solution = solution
        self.rank = rank
        self.singularValues = singularValues
        self.residualSumOfSquares = residualSumOfSquares
    }
}

extension DenseMatrix where Scalar == Double {
    /// Solves `min ‖self · X − B‖` for the minimum-norm `X` (LAPACK `dgelsd`, divide-and-conquer SVD).
    ///
    /// - Parameters:
    ///   - b: The right-hand sides as columns (`m×r`; `r` may be 0).
    ///   - rcond: Singular values `σ ≤ rcond · σmax` count as zero, fixing the rank. There is no
    ///     default on purpose: NumPy 2.x's `lstsq` default is `max(m, n) · ε`
    ///     (``SingularValueDecomposition/defaultRelativeTolerance(rows:columns:)``); NumPy 1.x's
    ///     legacy default was machine precision (LAPACK's meaning of a negative `rcond`).
    /// - Throws: ``LinearAlgebraError`` (operation ``LinearAlgebraError/Operation/leastSquares``)
    ///   if `B`'s row count differs from `m` (`.shapeMismatch`), an input holds NaN/∞, or the SVD
    ///   does not converge.
    /// - Complexity: O(m·n·min(m, n) + max(m, n)·r·min(m, n)).
    public func leastSquares(_ b: Matrix, rcond: Double) throws(LinearAlgebraError) -> LeastSquaresSolution {
        let (m, n) = (rowCount, columnCount)
        let r = b.columnCount
        guard b.rowCount == m else {
            throw LinearAlgebraError(
                .leastSquares, rows: m, columns: n,
                reason: .shapeMismatch(detail: "the right-hand side has \(b.rowCount) rows, expected \(m)"))
        }
        try LAPACK.requireFinite(self, "matrix", .leastSquares, rows: m, columns: n)
        try LAPACK.requireFinite(b, "right-hand side", .leastSquares, rows: m, columns: n)
        if r == 0 {
            // LAPACK's dgelsd rejects an empty right-hand side here; NumPy pads one zero column
            // for the same reason. Solve with one and keep rank and singular values.
            let padded = try leastSquares(.zeros(rows: m, columns: 1), rcond: rcond)
            return LeastSquaresSolution(
                solution: .zeros(rows: n, columns: 0), rank: padded.rank, singularValues: padded.singularValues,
                residualSumOfSquares: [])
        }
        if m == 0 || n == 0 {
            // X = 0 minimises; with no unknowns every residual is ‖bⱼ‖² (NumPy reports it when m > n).
            let residuals = m > 0 ? (0..<r).map { j in b.column(j).reduce(0.0) { $0 + $1 * $1 } } : []
            return LeastSquaresSolution(
                solution: .zeros(rows: n, columns: r), rank: 0, singularValues: [], residualSumOfSquares: residuals)
        }
        let ldb = Swift.max(m, n)
        let lm = try LAPACK.int(m, "row count", .leastSquares, rows: m, columns: n)
        let ln = try LAPACK.int(n, "column count", .leastSquares, rows: m, columns: n)
        let lr = try LAPACK.int(r, "right-hand side count", .leastSquares, rows: m, columns: n)
        let lldb = try LAPACK.int(ldb, "leading dimension", .leastSquares, rows: m, columns: n)
        _ = try LAPACK.int(Swift.max(m * n, ldb * r), "element count", .leastSquares, rows: m, columns: n)

        // dgelsd needs A itself column-major (our Aᵀ buffer would solve a different problem),
        // and B column-major in a max(m, n)-row buffer.
        var a = transposed().storage
        var bColumns = [Double](repeating: 0, count: Swift.max(1, ldb * r))
        if r > 0 {
            b.withUnsafeBufferPointer { src in
                Double.transpose(rows: m, columns: r, alpha: 1, a: src.baseAddress!, lda: r, b: &bColumns, ldb: ldb)
            }
        }
        var s = [Double](repeating: 0, count: Swift.min(m, n))
        var rank: Int32 = 0
        let info = LAPACK.gelsd(
            m: lm, n: ln, nrhs: lr, a: &a, lda: lm, b: &bColumns, ldb: lldb, s: &s, rcond: rcond, rank: &rank)
        try LAPACK.check(info, .leastSquares, rows: m, columns: n) { _ in .didNotConverge }

        var x = Matrix.zeros(rows: n, columns: r)
        if r > 0 {
            x.withUnsafeMutableBufferPointer { xb in
                Double.transpose(rows: r, columns: n, alpha: 1, a: bColumns, lda: ldb, b: xb.baseAddress!, ldb: r)
            }
        }
        var residuals: [Double] = []
        if Int(rank) == n && m > n {
            residuals = (0..<r).map { j in
                bColumns[(j * ldb + n)..<(j * ldb + m)].reduce(0.0) { $0 + $1 * $1 }
            }
        }
        return LeastSquaresSolution(
            solution: x, rank: Int(rank), singularValues: s, residualSumOfSquares: residuals)
    }
}

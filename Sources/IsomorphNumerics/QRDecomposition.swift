/// A QR factorization `A = Q · R` of an `m×n` matrix by Householder reflections, with the same
/// conventions as `numpy.linalg.qr`.
///
/// ### How it is computed
/// LAPACK sees our row-major buffer as the column-major `Aᵀ`. Instead of transposing it and
/// calling `dgeqrf` + `dorgqr` (what NumPy does on its own copy), Isomorph calls their mirror
/// images `dgelqf` + `dorglq` on `Aᵀ`: `Aᵀ = L · Q̃` gives `A = Q̃ᵀ · Lᵀ`, so `Q = Q̃ᵀ` and `R = Lᵀ`.
/// `dgelqf` applies, row by row, exactly the reflectors `dgeqrf` applies column by column, so the
/// factors are the same (signs included, up to rounding) and no transposed copy is made.
///
/// The diagonal of `R` may be negative (LAPACK's convention, also NumPy's); `Q` and `R` are
/// unique only up to the signs of `Q`'s columns and `R`'s rows when `A` has full column rank.
public struct QRDecomposition: Sendable, Hashable {
    /// Which factors ``DenseMatrix/qr(_:)`` returns.
    public enum Mode: Sendable, Hashable {
        /// `Q` is `m×k` with orthonormal columns and `R` is `k×n`, `k = min(m, n)`
        /// (NumPy's `mode='reduced'`, the default).
        case reduced
        /// `Q` is `m×m` orthogonal and `R` is `m×n` (NumPy's `mode='complete'`).
        case complete
    }

    /// The factor with orthonormal columns.
    public let q: Matrix
    /// The upper-triangular (trapezoidal) factor.
    public let r: Matrix

    /// Creates a factorization from its parts.
    public init(q: Matrix, r: Matrix) {
        self.q = q
        self.r = r
    }
}

extension DenseMatrix where Scalar == Double {
    /// The QR factorization (Householder; LAPACK `dgelqf` + `dorglq` on the transposed layout,
    /// see ``QRDecomposition``).
    ///
    /// - Parameter mode: ``QRDecomposition/Mode/reduced`` (default) or `.complete`.
    /// - Throws: ``LinearAlgebraError`` for NaN/∞ input (`.nonFiniteInput`).
    /// - Complexity: O(m·n·min(m, n)).
    public func qr(_ mode: QRDecomposition.Mode = .reduced) throws(LinearAlgebraError) -> QRDecomposition {
        let (m, n) = (rowCount, columnCount)
        let k = Swift.min(m, n)
        try LAPACK.requireFinite(self, "matrix", .qr, rows: m, columns: n)
        let qColumns = mode == .complete ? m : k
        if k == 0 {
            return QRDecomposition(
                q: mode == .complete ? .identity(m) : .zeros(rows: m, columns: 0), r: .zeros(rows: qColumns, columns: n)
            )
        }
        let ln = try LAPACK.int(n, "row count of Aᵀ", .qr, rows: m, columns: n)
        let lm = try LAPACK.int(m, "column count of Aᵀ", .qr, rows: m, columns: n)
        _ = try LAPACK.int(Swift.max(m * n, m * qColumns), "element count", .qr, rows: m, columns: n)
        var a = storage
        var tau = [Double](repeating: 0, count: k)
        var info = LAPACK.gelqf(m: ln, n: lm, a: &a, lda: ln, tau: &tau)
        try LAPACK.check(info, .qr, rows: m, columns: n) { .invalidArgument(position: $0) }

        // R = Lᵀ: the first k rows of our row-major buffer, upper part (rows k..<m stay zero in
        // complete mode).
        var r = Matrix.zeros(rows: qColumns, columns: n)
        r.withUnsafeMutableBufferPointer { rb in
            for i in 0..<k {
                for j in i..<n { rb[i * n + j] = a[i * n + j] }
            }
        }

        // The reflectors are rows 0..<k of the column-major Aᵀ (element (i, j) at a[i + j·n]).
        // Copy them into a column-major qColumns×m buffer and let dorglq form Q̃ there; read as
        // row-major m×qColumns, that buffer is Q = Q̃ᵀ.
        let ldq = qColumns
        var q = [Double](repeating: 0, count: m * qColumns)
        for j in 0..<m {
            for i in 0..<k { q[i + j * ldq] = a[i + j * n] }
        }
        info = LAPACK.orglq(m: Int32(qColumns), n: lm, k: Int32(k), a: &q, lda: Int32(ldq), tau: tau)
        try LAPACK.check(info, .qr, rows: m, columns: n) { .invalidArgument(position: $0) }
        return QRDecomposition(q: Matrix(rows: m, columns: qColumns, elements: q), r: r)
    }
}

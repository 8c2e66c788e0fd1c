/// Checked BLAS operations on ``DenseMatrix`` values and vectors (`[Scalar]`).
///
/// Every function checks shapes with a precondition naming them, handles empty operands without
/// calling BLAS (CBLAS rejects zero leading dimensions), and writes into caller-owned storage
/// where the name says `into`, so loops over folds or alphas allocate nothing.
extension BLAS {
    /// General matrix product `C ← α·op(A)·op(B) + β·C` into existing storage (`?gemm`).
    ///
    /// - Parameters:
    ///   - a: `A`; `op(A)` is `Aᵀ` when `transposeA`.
    ///   - b: `B`; `op(B)` is `Bᵀ` when `transposeB`.
    ///   - c: `C`, already shaped `rows(op(A)) × columns(op(B))`; its storage is reused when it
    ///     is not shared. With `beta == 0` its previous contents are ignored (NaN included).
    ///   - transposeA: Whether to use `Aᵀ`.
    ///   - transposeB: Whether to use `Bᵀ`.
    ///   - alpha: The product's factor.
    ///   - beta: The factor of `C`'s previous contents.
    /// - Precondition: the inner dimensions agree and `C` has the product's shape.
    /// - Complexity: O(m·n·k) through OpenBLAS' multi-threaded kernel.
    @inlinable
    public static func gemm<S: MatrixScalar>(
        _ a: DenseMatrix<S>, _ b: DenseMatrix<S>, into c: inout DenseMatrix<S>,
        transposeA: Bool = false, transposeB: Bool = false, alpha: S = 1, beta: S = 0
    ) {
        let m = transposeA ? a.columnCount : a.rowCount
        let k = transposeA ? a.rowCount : a.columnCount
        let kb = transposeB ? b.columnCount : b.rowCount
        let n = transposeB ? b.rowCount : b.columnCount
        precondition(
            k == kb,
            "gemm: op(A) is \(m)×\(k) and op(B) is \(kb)×\(n) (A \(a.rowCount)×\(a.columnCount)"
                + "\(transposeA ? "ᵀ" : ""), B \(b.rowCount)×\(b.columnCount)\(transposeB ? "ᵀ" : ""))")
        precondition(
            c.rowCount == m && c.columnCount == n,
            "gemm: C is \(c.rowCount)×\(c.columnCount), the product is \(m)×\(n)")
        if m == 0 || n == 0 { return }
        if k == 0 {
            // An empty inner dimension: op(A)·op(B) is the zero matrix.
            c.withUnsafeMutableBufferPointer { cb in
                for i in 0..<cb.count { cb[i] = beta == 0 ? 0 : beta * cb[i] }
            }
            return
        }
        a.withUnsafeBufferPointer { ab in
            b.withUnsafeBufferPointer { bb in
                c.withUnsafeMutableBufferPointer { cb in
                    S.gemm(
                        transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
                        a: ab.baseAddress!, lda: a.columnCount, b: bb.baseAddress!, ldb: b.columnCount,
                        beta: beta, c: cb.baseAddress!, ldc: n)
                }
            }
        }
    }

    /// Matrix–vector product `y ← α·op(A)·x + β·y` into existing storage (`?gemv`).
    ///
    /// - Parameters:
    ///   - a: `A`; `op(A)` is `Aᵀ` when `transpose`.
    ///   - x: A vector with `columns(op(A))` elements.
    ///   - y: A vector with `rows(op(A))` elements, updated in place.
    ///   - transpose: Whether to use `Aᵀ`.
    ///   - alpha: The product's factor.
    ///   - beta: The factor of `y`'s previous contents.
    /// - Complexity: O(m·n).
    @inlinable
    public static func gemv<S: MatrixScalar>(
        _ a: DenseMatrix<S>, _ x: [S], into y: inout [S], transpose: Bool = false, alpha: S = 1, beta: S = 0
    ) {
        let rows = transpose ? a.columnCount : a.rowCount
        let columns = transpose ? a.rowCount : a.columnCount
        precondition(x.count == columns, "gemv: op(A) is \(rows)×\(columns), x has \(x.count) elements")
        precondition(y.count == rows, "gemv: op(A) is \(rows)×\(columns), y has \(y.count) elements")
        if rows == 0 { return }
        if columns == 0 {
            for i in 0..<y.count { y[i] = beta == 0 ? 0 : beta * y[i] }
            return
        }
        a.withUnsafeBufferPointer { ab in
            x.withUnsafeBufferPointer { xb in
                y.withUnsafeMutableBufferPointer { yb in
                    S.gemv(
                        transpose: transpose, m: a.rowCount, n: a.columnCount, alpha: alpha, a: ab.baseAddress!,
                        lda: a.columnCount, x: xb.baseAddress!, incx: 1, beta: beta, y: yb.baseAddress!, incy: 1)
                }
            }
        }
    }

    /// Which symmetric product ``syrk(_:into:form:alpha:beta:)`` forms.
    public enum SymmetricProduct: Sendable, Hashable {
        /// `AᵀA` (`columns × columns`): a Gram or scatter matrix of the columns.
        case gram
        /// `AAᵀ` (`rows × rows`): inner products of the rows, as linear kernels and RDMs need.
        case outer
    }

    /// Symmetric rank-k update `C ← α·AᵀA + β·C` or `C ← α·AAᵀ + β·C` (`?syrk`), about half the
    /// work of the equivalent `gemm`. Both triangles of `C` are written (BLAS computes the upper
    /// one and it is mirrored), so with `beta ≠ 0` the previous `C` must be symmetric.
    ///
    /// - Parameters:
    ///   - a: `A`.
    ///   - c: `C`, already square with the product's size.
    ///   - form: ``SymmetricProduct/gram`` (`AᵀA`) or ``SymmetricProduct/outer`` (`AAᵀ`).
    ///   - alpha: The product's factor.
    ///   - beta: The factor of `C`'s previous contents.
    /// - Complexity: O(n²·k) for an `n×n` result over `k` inner terms.
    @inlinable
    public static func syrk<S: MatrixScalar>(
        _ a: DenseMatrix<S>, into c: inout DenseMatrix<S>, form: SymmetricProduct, alpha: S = 1, beta: S = 0
    ) {
        let transpose = form == .gram
        let n = transpose ? a.columnCount : a.rowCount
        let k = transpose ? a.rowCount : a.columnCount
        precondition(
            c.rowCount == n && c.columnCount == n,
            "syrk: C is \(c.rowCount)×\(c.columnCount), the product of a \(a.rowCount)×\(a.columnCount) matrix is \(n)×\(n)"
        )
        if n == 0 { return }
        c.withUnsafeMutableBufferPointer { cb in
            if k == 0 {
                for i in 0..<cb.count { cb[i] = beta == 0 ? 0 : beta * cb[i] }
                return
            }
            a.withUnsafeBufferPointer { ab in
                S.syrkUpper(
                    transpose: transpose, n: n, k: k, alpha: alpha, a: ab.baseAddress!, lda: a.columnCount,
                    beta: beta, c: cb.baseAddress!, ldc: n)
            }
            for i in 0..<n {
                for j in 0..<i { cb[i * n + j] = cb[j * n + i] }
            }
        }
    }

    /// Rank-one update `A ← α·x·yᵀ + A` in place (`?ger`), as PLS deflation and Sherman–Morrison
    /// updates need.
    ///
    /// - Parameters:
    ///   - alpha: The update's factor.
    ///   - x: A vector with `rows(A)` elements.
    ///   - y: A vector with `columns(A)` elements.
    ///   - a: `A`, updated in place.
    /// - Complexity: O(m·n).
    @inlinable
    public static func ger<S: MatrixScalar>(_ alpha: S, _ x: [S], _ y: [S], into a: inout DenseMatrix<S>) {
        precondition(
            x.count == a.rowCount && y.count == a.columnCount,
            "ger: x has \(x.count) and y \(y.count) elements for a \(a.rowCount)×\(a.columnCount) matrix")
        if a.isEmpty { return }
        x.withUnsafeBufferPointer { xb in
            y.withUnsafeBufferPointer { yb in
                a.withUnsafeMutableBufferPointer { ab in
                    S.ger(
                        m: xb.count, n: yb.count, alpha: alpha, x: xb.baseAddress!, incx: 1, y: yb.baseAddress!,
                        incy: 1,
                        a: ab.baseAddress!, lda: yb.count)
                }
            }
        }
    }

    /// The inner product `Σ xᵢ·yᵢ` (`?dot`; `Float` accumulates in single precision).
    ///
    /// - Complexity: O(n).
    @inlinable
    public static func dot<S: MatrixScalar>(_ x: [S], _ y: [S]) -> S {
        precondition(x.count == y.count, "dot: vectors have \(x.count) and \(y.count) elements")
        if x.isEmpty { return 0 }
        return x.withUnsafeBufferPointer { xb in
            y.withUnsafeBufferPointer { yb in
                S.dot(n: x.count, x: xb.baseAddress!, incx: 1, y: yb.baseAddress!, incy: 1)
            }
        }
    }

    /// `y ← α·x + y` on vectors (`?axpy`).
    ///
    /// - Complexity: O(n).
    @inlinable
    public static func axpy<S: MatrixScalar>(_ alpha: S, _ x: [S], _ y: inout [S]) {
        precondition(x.count == y.count, "axpy: vectors have \(x.count) and \(y.count) elements")
        if x.isEmpty { return }
        x.withUnsafeBufferPointer { xb in
            y.withUnsafeMutableBufferPointer { yb in
                S.axpy(n: xb.count, alpha: alpha, x: xb.baseAddress!, incx: 1, y: yb.baseAddress!, incy: 1)
            }
        }
    }

    /// `Y ← α·X + Y` on equally shaped matrices (`?axpy` over the flat buffers), in place.
    ///
    /// - Complexity: O(rows · columns).
    @inlinable
    public static func axpy<S: MatrixScalar>(_ alpha: S, _ x: DenseMatrix<S>, _ y: inout DenseMatrix<S>) {
        precondition(
            x.rowCount == y.rowCount && x.columnCount == y.columnCount,
            "axpy: X is \(x.rowCount)×\(x.columnCount), Y is \(y.rowCount)×\(y.columnCount)")
        if x.isEmpty { return }
        x.withUnsafeBufferPointer { xb in
            y.withUnsafeMutableBufferPointer { yb in
                S.axpy(n: xb.count, alpha: alpha, x: xb.baseAddress!, incx: 1, y: yb.baseAddress!, incy: 1)
            }
        }
    }
}

extension DenseMatrix {
    /// The matrix product `op(self) · op(other)` (BLAS `?gemm`), `op` transposing when asked.
    ///
    /// `x.matmul(y)` is NumPy's `x @ y`; `x.matmul(y, transposeSelf: true)` is `x.T @ y` and
    /// `x.matmul(y, transposeOther: true)` is `x @ y.T`, without forming any transpose.
    ///
    /// - Precondition: the inner dimensions agree.
    /// - Complexity: O(m·n·k).
    @inlinable
    public func matmul(_ other: Self, transposeSelf: Bool = false, transposeOther: Bool = false) -> Self {
        var c = Self.zeros(
            rows: transposeSelf ? columnCount : rowCount, columns: transposeOther ? other.rowCount : other.columnCount)
        BLAS.gemm(self, other, into: &c, transposeA: transposeSelf, transposeB: transposeOther)
        return c
    }

    /// The matrix–vector product `op(self) · x` (BLAS `?gemv`).
    ///
    /// - Complexity: O(rows · columns).
    @inlinable
    public func matvec(_ x: [Scalar], transposeSelf: Bool = false) -> [Scalar] {
        var y = [Scalar](repeating: 0, count: transposeSelf ? columnCount : rowCount)
        BLAS.gemv(self, x, into: &y, transpose: transposeSelf)
        return y
    }

    /// `selfᵀ · self` (`columns × columns`, symmetric; BLAS `?syrk`).
    ///
    /// - Complexity: O(rows · columns²) with half the work of the equivalent `matmul`.
    @inlinable
    public func gram() -> Self {
        var c = Self.zeros(rows: columnCount, columns: columnCount)
        BLAS.syrk(self, into: &c, form: .gram)
        return c
    }

    /// `self · selfᵀ` (`rows × rows`, symmetric; BLAS `?syrk`).
    ///
    /// - Complexity: O(rows² · columns) with half the work of the equivalent `matmul`.
    @inlinable
    public func outerGram() -> Self {
        var c = Self.zeros(rows: rowCount, columns: rowCount)
        BLAS.syrk(self, into: &c, form: .outer)
        return c
    }
}

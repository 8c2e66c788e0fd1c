/// An element type a ``DenseMatrix`` can hold: `Double` (arithmetic) or `Float` (compact storage).
///
/// The requirements are the BLAS level-1/2/3 kernels on raw row-major buffers, so generic code
/// over `DenseMatrix<Scalar>` calls `cblas_d*` for `Double` and `cblas_s*` for `Float` with one
/// dispatch per kernel, never per element. Both conformances live in `BLAS.swift`, the module's
/// only file that calls CBLAS.
///
/// The kernels are public so that code working on blocks of a matrix (RDMs over row blocks, a
/// fold's slice of a buffer) can call BLAS on pointers and leading dimensions directly. They follow
/// CBLAS' row-major conventions and check nothing: sizes and leading dimensions must describe
/// valid memory (`lda ≥ max(1, columns of the stored matrix)`), exactly as for CBLAS itself. Sizes
/// must fit BLAS' 32-bit integers. Prefer the checked wrappers on ``BLAS`` and ``DenseMatrix``.
public protocol MatrixScalar: BinaryFloatingPoint, Sendable, Hashable, CustomStringConvertible {
    /// `C ← α·op(A)·op(B) + β·C` on row-major buffers, `op(A)` being `m×k` and `op(B)` `k×n`.
    ///
    /// - Complexity: O(m·n·k).
    static func gemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Self,
        a: UnsafePointer<Self>, lda: Int, b: UnsafePointer<Self>, ldb: Int,
        beta: Self, c: UnsafeMutablePointer<Self>, ldc: Int)

    /// `y ← α·op(A)·x + β·y` for a row-major `m×n` matrix `A`.
    ///
    /// - Complexity: O(m·n).
    static func gemv(
        transpose: Bool, m: Int, n: Int, alpha: Self, a: UnsafePointer<Self>, lda: Int,
        x: UnsafePointer<Self>, incx: Int, beta: Self, y: UnsafeMutablePointer<Self>, incy: Int)

    /// `C ← α·A·Aᵀ + β·C` (or `α·Aᵀ·A + β·C` when `transpose`), `C` being `n×n`; only the upper
    /// triangle of the row-major `C` is read and written.
    ///
    /// - Complexity: O(n²·k).
    static func syrkUpper(
        transpose: Bool, n: Int, k: Int, alpha: Self, a: UnsafePointer<Self>, lda: Int,
        beta: Self, c: UnsafeMutablePointer<Self>, ldc: Int)

    /// `A ← α·x·yᵀ + A` for a row-major `m×n` matrix `A` (rank-one update).
    ///
    /// - Complexity: O(m·n).
    static func ger(
        m: Int, n: Int, alpha: Self, x: UnsafePointer<Self>, incx: Int, y: UnsafePointer<Self>, incy: Int,
        a: UnsafeMutablePointer<Self>, lda: Int)

    /// `Σ xᵢ·yᵢ` over `n` strided elements.
    ///
    /// - Complexity: O(n).
    static func dot(n: Int, x: UnsafePointer<Self>, incx: Int, y: UnsafePointer<Self>, incy: Int) -> Self

    /// `y ← α·x + y` over `n` strided elements.
    ///
    /// - Complexity: O(n).
    static func axpy(n: Int, alpha: Self, x: UnsafePointer<Self>, incx: Int, y: UnsafeMutablePointer<Self>, incy: Int)

    /// `x ← α·x` over `n` strided elements.
    ///
    /// - Complexity: O(n).
    static func scal(n: Int, alpha: Self, x: UnsafeMutablePointer<Self>, incx: Int)

    /// `B ← α·Aᵀ` for a row-major `rows×columns` matrix `A` (`lda ≥ columns`) into a row-major
    /// `columns×rows` matrix `B` (`ldb ≥ rows`); OpenBLAS' cache-blocked `?omatcopy`.
    ///
    /// - Complexity: O(rows·columns).
    static func transpose(
        rows: Int, columns: Int, alpha: Self, a: UnsafePointer<Self>, lda: Int, b: UnsafeMutablePointer<Self>, ldb: Int)
}

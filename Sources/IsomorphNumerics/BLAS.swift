import CLinearAlgebra

/// Process-wide control of the BLAS library (OpenBLAS, pthreads build) and the checked BLAS
/// operations on matrices and vectors (see `BLAS+Matrix.swift`).
///
/// This file is the only one in the module that calls CBLAS; LAPACK calls live in `LAPACK.swift`.
public enum BLAS {
    /// The number of threads OpenBLAS uses inside one BLAS or LAPACK call.
    ///
    /// OpenBLAS keeps a single process-wide setting (`openblas_set_num_threads`): setting it here
    /// affects every later call from every thread. The engine sets it once per run from its thread
    /// budget (cores ÷ concurrently running stages) so that stages running side by side do not
    /// oversubscribe the machine; benchmarks set it explicitly before they measure. Setting a value
    /// below 1 sets 1. OpenBLAS also caps the value at the thread count it was built for; reading
    /// the property back returns the value in effect. The initial value comes from
    /// `OPENBLAS_NUM_THREADS` (or `OMP_NUM_THREADS`), else the number of cores.
    ///
    /// Results may differ between thread counts in the last bits (the work is partitioned
    /// differently); never compare results across thread counts for exact equality.
    public static var threadCount: Int {
        get { Int(openblas_get_num_threads()) }
        set { openblas_set_num_threads(Int32(clamping: max(1, newValue))) }
    }

    /// The number of processors OpenBLAS detected at start-up.
    public static var processorCount: Int { Int(openblas_get_num_procs()) }

    /// OpenBLAS' build configuration string (version, kernel, threading), for provenance records.
    public static var configuration: String {
        guard let c = openblas_get_config() else { return "unknown" }
        return String(cString: c)
    }

    /// The CPU kernel family OpenBLAS selected at start-up (for example `Cooperlake`), for provenance.
    public static var coreName: String {
        guard let c = openblas_get_corename() else { return "unknown" }
        return String(cString: c)
    }
}

/// Converts a size to BLAS' 32-bit integer; larger sizes are a programming error at this level.
@inline(__always)
private func blasInt(_ value: Int) -> blasint {
    guard let v = blasint(exactly: value) else {
        preconditionFailure("BLAS size \(value) exceeds the 32-bit integer range of this OpenBLAS build")
    }
    return v
}

@inline(__always)
private func op(_ transpose: Bool) -> CBLAS_TRANSPOSE { transpose ? CblasTrans : CblasNoTrans }

extension Double: MatrixScalar {
    /// `cblas_dgemm` in row-major order.
    public static func gemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Double,
        a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
        beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        cblas_dgemm(
            CblasRowMajor, op(transposeA), op(transposeB), blasInt(m), blasInt(n), blasInt(k), alpha,
            a, blasInt(lda), b, blasInt(ldb), beta, c, blasInt(ldc))
    }

    /// `cblas_dgemv` in row-major order.
    public static func gemv(
        transpose: Bool, m: Int, n: Int, alpha: Double, a: UnsafePointer<Double>, lda: Int,
        x: UnsafePointer<Double>, incx: Int, beta: Double, y: UnsafeMutablePointer<Double>, incy: Int
    ) {
        cblas_dgemv(
            CblasRowMajor, op(transpose), blasInt(m), blasInt(n), alpha, a, blasInt(lda), x, blasInt(incx), beta,
            y, blasInt(incy))
    }

    /// `cblas_dsyrk` in row-major order on the upper triangle.
    public static func syrkUpper(
        transpose: Bool, n: Int, k: Int, alpha: Double, a: UnsafePointer<Double>, lda: Int,
        beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        cblas_dsyrk(
            CblasRowMajor, CblasUpper, op(transpose), blasInt(n), blasInt(k), alpha, a, blasInt(lda), beta, c,
            blasInt(ldc))
    }

    /// `cblas_dger` in row-major order.
    public static func ger(
        m: Int, n: Int, alpha: Double, x: UnsafePointer<Double>, incx: Int, y: UnsafePointer<Double>, incy: Int,
        a: UnsafeMutablePointer<Double>, lda: Int
    ) {
        cblas_dger(
            CblasRowMajor, blasInt(m), blasInt(n), alpha, x, blasInt(incx), y, blasInt(incy), a, blasInt(lda))
    }

    /// `cblas_ddot`.
    public static func dot(n: Int, x: UnsafePointer<Double>, incx: Int, y: UnsafePointer<Double>, incy: Int) -> Double {
        cblas_ddot(blasInt(n), x, blasInt(incx), y, blasInt(incy))
    }

    /// `cblas_daxpy`.
    public static func axpy(
        n: Int, alpha: Double, x: UnsafePointer<Double>, incx: Int, y: UnsafeMutablePointer<Double>, incy: Int
    ) {
        cblas_daxpy(blasInt(n), alpha, x, blasInt(incx), y, blasInt(incy))
    }

    /// `cblas_dscal`.
    public static func scal(n: Int, alpha: Double, x: UnsafeMutablePointer<Double>, incx: Int) {
        cblas_dscal(blasInt(n), alpha, x, blasInt(incx))
    }

    /// `cblas_domatcopy` (row-major, transposed).
    public static func transpose(
        rows: Int, columns: Int, alpha: Double, a: UnsafePointer<Double>, lda: Int, b: UnsafeMutablePointer<Double>,
        ldb: Int
    ) {
        cblas_domatcopy(
            CblasRowMajor, CblasTrans, blasInt(rows), blasInt(columns), alpha, a, blasInt(lda), b, blasInt(ldb))
    }
}

extension Float: MatrixScalar {
    /// `cblas_sgemm` in row-major order.
    public static func gemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        cblas_sgemm(
            CblasRowMajor, op(transposeA), op(transposeB), blasInt(m), blasInt(n), blasInt(k), alpha,
            a, blasInt(lda), b, blasInt(ldb), beta, c, blasInt(ldc))
    }

    /// `cblas_sgemv` in row-major order.
    public static func gemv(
        transpose: Bool, m: Int, n: Int, alpha: Float, a: UnsafePointer<Float>, lda: Int,
        x: UnsafePointer<Float>, incx: Int, beta: Float, y: UnsafeMutablePointer<Float>, incy: Int
    ) {
        cblas_sgemv(
            CblasRowMajor, op(transpose), blasInt(m), blasInt(n), alpha, a, blasInt(lda), x, blasInt(incx), beta,
            y, blasInt(incy))
    }

    /// `cblas_ssyrk` in row-major order on the upper triangle.
    public static func syrkUpper(
        transpose: Bool, n: Int, k: Int, alpha: Float, a: UnsafePointer<Float>, lda: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        cblas_ssyrk(
            CblasRowMajor, CblasUpper, op(transpose), blasInt(n), blasInt(k), alpha, a, blasInt(lda), beta, c,
            blasInt(ldc))
    }

    /// `cblas_sger` in row-major order.
    public static func ger(
        m: Int, n: Int, alpha: Float, x: UnsafePointer<Float>, incx: Int, y: UnsafePointer<Float>, incy: Int,
        a: UnsafeMutablePointer<Float>, lda: Int
    ) {
        cblas_sger(
            CblasRowMajor, blasInt(m), blasInt(n), alpha, x, blasInt(incx), y, blasInt(incy), a, blasInt(lda))
    }

    /// `cblas_sdot` (accumulates in single precision, as CBLAS specifies).
    public static func dot(n: Int, x: UnsafePointer<Float>, incx: Int, y: UnsafePointer<Float>, incy: Int) -> Float {
        cblas_sdot(blasInt(n), x, blasInt(incx), y, blasInt(incy))
    }

    /// `cblas_saxpy`.
    public static func axpy(
        n: Int, alpha: Float, x: UnsafePointer<Float>, incx: Int, y: UnsafeMutablePointer<Float>, incy: Int
    ) {
        cblas_saxpy(blasInt(n), alpha, x, blasInt(incx), y, blasInt(incy))
    }

    /// `cblas_sscal`.
    public static func scal(n: Int, alpha: Float, x: UnsafeMutablePointer<Float>, incx: Int) {
        cblas_sscal(blasInt(n), alpha, x, blasInt(incx))
    }

    /// `cblas_somatcopy` (row-major, transposed).
    public static func transpose(
        rows: Int, columns: Int, alpha: Float, a: UnsafePointer<Float>, lda: Int, b: UnsafeMutablePointer<Float>,
        ldb: Int
    ) {
        cblas_somatcopy(
            CblasRowMajor, CblasTrans, blasInt(rows), blasInt(columns), alpha, a, blasInt(lda), b, blasInt(ldb))
    }
}

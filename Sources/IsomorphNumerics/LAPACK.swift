import CLinearAlgebra

/// The module's only LAPACK calls: thin wrappers over LAPACKE's `*_work` functions in
/// **column-major** layout, with workspace queries done here.
///
/// Why column-major: a row-major `m×n` buffer *is* the column-major `n×m` matrix `Aᵀ`. Each
/// decomposition file exploits that (for example an SVD of `Aᵀ` is the SVD of `A` with `U` and
/// `V` swapped), so most operations need no transposed copy. Column-major `*_work` calls go
/// straight to the Fortran routine: no hidden transposes, no NaN scan (we scan ourselves), and
/// no LAPACKE row-major quirks such as its `ldvt ≥ n` check for `jobz = 'N'`.
///
/// Each wrapper returns LAPACK's `info` unchanged (LAPACKE shifts negative values by one to
/// count its layout argument). ``LAPACK/check(_:_:rows:columns:positive:)`` maps it to a
/// ``LinearAlgebraError``.
enum LAPACK {
    /// Converts a size to `lapack_int`, throwing ``LinearAlgebraError/Reason/tooLarge(detail:)``.
    static func int(
        _ value: Int, _ what: String, _ operation: LinearAlgebraError.Operation, rows: Int, columns: Int
    ) throws(LinearAlgebraError) -> Int32 {
        guard let v = Int32(exactly: value) else {
            throw LinearAlgebraError(
                operation, rows: rows, columns: columns, reason: .tooLarge(detail: "\(what) \(value)"))
        }
        return v
    }

    /// Throws for a nonzero `info`: negative → invalid argument, positive → `positive(info)`.
    static func check(
        _ info: Int32, _ operation: LinearAlgebraError.Operation, rows: Int, columns: Int,
        positive: (Int) -> LinearAlgebraError.Reason
    ) throws(LinearAlgebraError) {
        if info == 0 { return }
        let reason: LinearAlgebraError.Reason =
            info < 0 ? .invalidArgument(position: Int(-info) - 1) : positive(Int(info))
        throw LinearAlgebraError(operation, rows: rows, columns: columns, reason: reason, info: info)
    }

    /// Rejects non-finite input with ``LinearAlgebraError/Reason/nonFiniteInput(operand:)``.
    static func requireFinite(
        _ m: Matrix, _ operand: String, _ operation: LinearAlgebraError.Operation, rows: Int, columns: Int
    ) throws(LinearAlgebraError) {
        guard m.isFinite else {
            throw LinearAlgebraError(operation, rows: rows, columns: columns, reason: .nonFiniteInput(operand: operand))
        }
    }

    private static func char(_ c: Unicode.Scalar) -> CChar { CChar(bitPattern: UInt8(ascii: c)) }

    /// The optimal workspace size LAPACK reported in `work[0]` (at least 1).
    private static func workspaceSize(_ query: Double) -> Int { max(1, Int(query.rounded(.up))) }

    /// `dgesdd`: `A = U Σ Vᵀ` of a column-major `m×n` `A` (destroyed). `job` is `N`, `S` or `A`.
    static func gesdd(
        job: Unicode.Scalar, m: Int32, n: Int32, a: UnsafeMutablePointer<Double>, lda: Int32,
        s: UnsafeMutablePointer<Double>, u: UnsafeMutablePointer<Double>?, ldu: Int32,
        vt: UnsafeMutablePointer<Double>?, ldvt: Int32
    ) -> Int32 {
        var iwork = [Int32](repeating: 0, count: max(1, 8 * Int(min(m, n))))
        var query = 0.0
        var info = LAPACKE_dgesdd_work(
            LAPACK_COL_MAJOR, char(job), m, n, a, lda, s, u, ldu, vt, ldvt, &query, -1, &iwork)
        guard info == 0 else { return info }
        var work = [Double](repeating: 0, count: workspaceSize(query))
        info = LAPACKE_dgesdd_work(
            LAPACK_COL_MAJOR, char(job), m, n, a, lda, s, u, ldu, vt, ldvt, &work, Int32(work.count), &iwork)
        return info
    }

    /// `dsyevd`: eigenvalues (ascending) and optionally eigenvectors of a symmetric column-major
    /// `n×n` `A`, reading the `uplo` triangle; the eigenvectors overwrite `A` as columns.
    static func syevd(
        vectors: Bool, uplo: Unicode.Scalar, n: Int32, a: UnsafeMutablePointer<Double>, lda: Int32,
        w: UnsafeMutablePointer<Double>
    ) -> Int32 {
        let jobz = char(vectors ? "V" : "N")
        var query = 0.0
        var iquery: Int32 = 0
        var info = LAPACKE_dsyevd_work(LAPACK_COL_MAJOR, jobz, char(uplo), n, a, lda, w, &query, -1, &iquery, -1)
        guard info == 0 else { return info }
        var work = [Double](repeating: 0, count: workspaceSize(query))
        var iwork = [Int32](repeating: 0, count: max(1, Int(iquery)))
        info = LAPACKE_dsyevd_work(
            LAPACK_COL_MAJOR, jobz, char(uplo), n, a, lda, w, &work, Int32(work.count), &iwork, Int32(iwork.count))
        return info
    }

    /// `dpotrf`: Cholesky factor of a column-major symmetric positive definite `A` in its `uplo` triangle.
    static func potrf(uplo: Unicode.Scalar, n: Int32, a: UnsafeMutablePointer<Double>, lda: Int32) -> Int32 {
        LAPACKE_dpotrf_work(LAPACK_COL_MAJOR, char(uplo), n, a, lda)
    }

    /// `dpotrs`: solves `A X = B` from `dpotrf`'s factor; `B` is column-major `n×nrhs`.
    static func potrs(
        uplo: Unicode.Scalar, n: Int32, nrhs: Int32, a: UnsafePointer<Double>, lda: Int32,
        b: UnsafeMutablePointer<Double>, ldb: Int32
    ) -> Int32 {
        LAPACKE_dpotrs_work(LAPACK_COL_MAJOR, char(uplo), n, nrhs, a, lda, b, ldb)
    }

    /// `dgelqf`: `A = L Q` of a column-major `m×n` `A` (Householder reflectors stored in `A` and `tau`).
    static func gelqf(
        m: Int32, n: Int32, a: UnsafeMutablePointer<Double>, lda: Int32, tau: UnsafeMutablePointer<Double>
    ) -> Int32 {
        var query = 0.0
        var info = LAPACKE_dgelqf_work(LAPACK_COL_MAJOR, m, n, a, lda, tau, &query, -1)
        guard info == 0 else { return info }
        var work = [Double](repeating: 0, count: workspaceSize(query))
        info = LAPACKE_dgelqf_work(LAPACK_COL_MAJOR, m, n, a, lda, tau, &work, Int32(work.count))
        return info
    }

    /// `dorglq`: forms the `m×n` matrix with orthonormal rows from `k` reflectors of `dgelqf`.
    static func orglq(
        m: Int32, n: Int32, k: Int32, a: UnsafeMutablePointer<Double>, lda: Int32, tau: UnsafePointer<Double>
    ) -> Int32 {
        var query = 0.0
        var info = LAPACKE_dorglq_work(LAPACK_COL_MAJOR, m, n, k, a, lda, tau, &query, -1)
        guard info == 0 else { return info }
        var work = [Double](repeating: 0, count: workspaceSize(query))
        info = LAPACKE_dorglq_work(LAPACK_COL_MAJOR, m, n, k, a, lda, tau, &work, Int32(work.count))
        return info
    }

    /// `dgelsd`: minimum-norm least squares through a divide-and-conquer SVD. `A` (column-major
    /// `m×n`) is destroyed; `B` (column-major `max(m,n)×nrhs`) receives the solution in its first `n` rows.
    static func gelsd(
        m: Int32, n: Int32, nrhs: Int32, a: UnsafeMutablePointer<Double>, lda: Int32,
        b: UnsafeMutablePointer<Double>, ldb: Int32, s: UnsafeMutablePointer<Double>, rcond: Double,
        rank: inout Int32
    ) -> Int32 {
        var query = 0.0
        var iquery: Int32 = 0
        var info = LAPACKE_dgelsd_work(
            LAPACK_COL_MAJOR, m, n, nrhs, a, lda, b, ldb, s, rcond, &rank, &query, -1, &iquery)
        guard info == 0 else { return info }
        var work = [Double](repeating: 0, count: workspaceSize(query))
        var iwork = [Int32](repeating: 0, count: max(1, Int(iquery)))
        info = LAPACKE_dgelsd_work(
            LAPACK_COL_MAJOR, m, n, nrhs, a, lda, b, ldb, s, rcond, &rank, &work, Int32(work.count), &iwork)
        return info
    }

    /// `dgetrf`: `A = P L U` of a column-major `n×n` `A` with partial pivoting.
    static func getrf(
        n: Int32, a: UnsafeMutablePointer<Double>, lda: Int32, ipiv: UnsafeMutablePointer<Int32>
    )
        -> Int32
    {
        LAPACKE_dgetrf_work(LAPACK_COL_MAJOR, n, n, a, lda, ipiv)
    }

    /// `dgetrs`: solves `op(A) X = B` from `dgetrf`'s factors; `B` is column-major `n×nrhs`.
    static func getrs(
        transpose: Bool, n: Int32, nrhs: Int32, a: UnsafePointer<Double>, lda: Int32, ipiv: UnsafePointer<Int32>,
        b: UnsafeMutablePointer<Double>, ldb: Int32
    ) -> Int32 {
        LAPACKE_dgetrs_work(LAPACK_COL_MAJOR, char(transpose ? "T" : "N"), n, nrhs, a, lda, ipiv, b, ldb)
    }

    /// `dgetri`: the inverse from `dgetrf`'s factors, in place.
    static func getri(n: Int32, a: UnsafeMutablePointer<Double>, lda: Int32, ipiv: UnsafePointer<Int32>) -> Int32 {
        var query = 0.0
        var info = LAPACKE_dgetri_work(LAPACK_COL_MAJOR, n, a, lda, ipiv, &query, -1)
        guard info == 0 else { return info }
        var work = [Double](repeating: 0, count: workspaceSize(query))
        info = LAPACKE_dgetri_work(LAPACK_COL_MAJOR, n, a, lda, ipiv, &work, Int32(work.count))
        return info
    }
}

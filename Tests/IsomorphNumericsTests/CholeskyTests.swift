import IsomorphNumerics
import IsomorphTestSupport
import Testing

/// Cholesky against `numpy.linalg.cholesky` and `scipy.linalg.cho_solve`.
///
/// `L` is unique, so it is compared directly for well-conditioned matrices: the factor's forward
/// error is bounded by about κ(A)·n·ε relative to ‖L‖, and κ ≤ ~10 for `XᵀX + n·I`, so
/// 64·n·ε·‖A‖ is comfortable. For the Hilbert matrix (κ ≈ 1.5e10) forward errors are large by
/// nature, so the backward error ‖LLᵀ − A‖ ≤ 16·n·ε·‖A‖ and the solve's residual are checked instead.
@Suite("Cholesky factorization (dpotrf/dpotrs) against NumPy and SciPy")
struct CholeskyTests {
    @Test("factor, log-determinant and multi-column solve agree with NumPy/SciPy", arguments: [1, 5, 30])
    func wellConditioned(n: Int) throws {
        let a = TestMatrices.spd(n, seed: UInt64(n))
        let b = TestMatrices.normal(n, 3, seed: 99)
        var batch = OracleBatch()
        batch.add("c", op: "cholesky", ["a": .matrix(a), "b": .matrix(b)])
        let r = try batch.run("numerics_linalg")
        let chol = try a.cholesky()
        let norm = try TestMatrices.normTwo(a)
        let tol = 64 * Double(n) * eps * norm
        expectMatrixClose(chol.lower, try r.matrix("c", "l"), rtol: 0, atol: tol, "L")
        #expect(
            chol.lower == Matrix(rows: n, columns: n) { i, j in j > i ? 0 : chol.lower[i, j] }, "upper part is zero")
        expectAllClose(
            [chol.logDeterminant], [try r.scalar("c", "logdet")], rtol: 64 * Double(n) * eps, atol: 1e-13, "log det")
        let x = try chol.solve(b)
        // The solution's relative error is ≤ κ·(backward error); κ ≤ ~10 here.
        expectMatrixClose(x, try r.matrix("c", "x"), rtol: 0, atol: 64 * Double(n) * eps * x.maxAbs() * 10, "X")
        let x0 = try chol.solve(b.column(0))
        expectAllClose(x0, x.column(0), rtol: 0, atol: 4 * eps * x.maxAbs(), "one column")
    }

    @Test("Hilbert matrix: backward error and residual stay at rounding level")
    func hilbert() throws {
        let a = TestMatrices.hilbert(8)
        let chol = try a.cholesky()
        let norm = try TestMatrices.normTwo(a)
        #expect(distance(chol.lower.matmul(chol.lower, transposeOther: true), a) <= 16 * 8 * eps * norm)
        let b = TestMatrices.normal(8, 2, seed: 3)
        let x = try chol.solve(b)
        // Backward stability of the triangular solves: ‖AX − B‖ ≤ c·n·ε·‖A‖·‖X‖.
        #expect(distance(a.matmul(x), b) <= 64 * 8 * eps * norm * x.frobeniusNorm())
    }

    @Test("the lower triangle alone defines the matrix, as in NumPy")
    func readsLowerTriangle() throws {
        var a = TestMatrices.spd(4, seed: 8)
        let reference = try a.cholesky()
        a[0, 3] = -1e6
        #expect(try a.cholesky() == reference)
    }

    @Test("non-positive-definite input: typed error naming the leading minor, and NumPy also refuses")
    func notPositiveDefinite() throws {
        // Leading minors of [[1, 2, 0], [2, 1, 0], [0, 0, 1]]: 1, then 1 − 4 < 0 at order 2.
        let a = Matrix(rows: [[1, 2, 0], [2, 1, 0], [0, 0, 1]])
        var batch = OracleBatch()
        batch.add("npd", op: "degenerate", ["a": .matrix(a)])
        #expect(try batch.run("numerics_linalg").scalar("npd", "cholesky_fails") == 1)
        let expected = LinearAlgebraError(
            .cholesky, rows: 3, columns: 3, reason: .notPositiveDefinite(leadingMinor: 2), info: 2)
        let error = #expect(throws: LinearAlgebraError.self) { try a.cholesky() }
        #expect(error == expected)
        #expect(
            error?.description
                == "Cholesky factorization (dpotrf) of a 3×3 matrix failed: the matrix is not positive definite "
                + "(the leading minor of order 2 is not positive) [LAPACK info 2]")
        // Positive semidefinite but singular (exactly representable): refused at order 2.
        let psd = Matrix(rows: [[1, 1], [1, 1]])
        #expect(
            throws: LinearAlgebraError(
                .cholesky, rows: 2, columns: 2, reason: .notPositiveDefinite(leadingMinor: 2), info: 2)
        ) {
            try psd.cholesky()
        }
    }

    @Test("shape errors and empty input")
    func shapes() throws {
        let error = #expect(throws: LinearAlgebraError.self) { try Matrix.zeros(rows: 2, columns: 3).cholesky() }
        #expect(
            error?.description == "Cholesky factorization (dpotrf) of a 2×3 matrix failed: the matrix is not square")
        let chol = try TestMatrices.spd(3, seed: 1).cholesky()
        let solveError = #expect(throws: LinearAlgebraError.self) { try chol.solve(Matrix.zeros(rows: 4, columns: 1)) }
        #expect(
            solveError?.description
                == "Cholesky solve (dpotrs) of a 3×3 matrix failed: the right-hand side has 4 rows, expected 3")
        #expect(
            throws: LinearAlgebraError(
                .choleskySolve, rows: 3, columns: 3, reason: .nonFiniteInput(operand: "right-hand side"))
        ) {
            try chol.solve([1, .nan, 2])
        }
        #expect(try Matrix.zeros(rows: 0, columns: 0).cholesky().order == 0)
        #expect(try chol.solve(Matrix.zeros(rows: 3, columns: 0)).shape == (3, 0))
    }
}

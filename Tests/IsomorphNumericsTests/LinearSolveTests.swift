import IsomorphNumerics
import IsomorphTestSupport
import Testing

/// General solves and inverses against `numpy.linalg.solve` / `inv` (LU with partial pivoting in
/// both). For random matrices (κ ≲ 100) the forward error is ≲ κ·n·ε relative; 1e-10 relative to
/// the largest entry is above that. For the Hilbert matrix only the residual is meaningful:
/// ‖AX − B‖ ≤ c·n·ε·‖A‖·‖X‖ for a backward-stable solve.
@Suite("Linear solve and inverse (dgetrf/dgetrs/dgetri) against NumPy")
struct LinearSolveTests {
    @Test("solutions and inverses agree with NumPy", arguments: [1, 4, 25])
    func agreesWithNumpy(n: Int) throws {
        let a = TestMatrices.normal(n, n, seed: UInt64(60 + n))
        let b = TestMatrices.normal(n, 3, seed: 70)
        var batch = OracleBatch()
        batch.add("s", op: "solve", ["a": .matrix(a), "b": .matrix(b)])
        let r = try batch.run("numerics_linalg")
        let x = try a.solve(b)
        let expected = try r.matrix("s", "x")
        expectMatrixClose(x, expected, rtol: 0, atol: 1e-10 * max(expected.maxAbs(), 1), "X")
        expectAllClose(
            try a.solve(b.column(1)), expected.column(1), rtol: 0, atol: 1e-10 * max(expected.maxAbs(), 1), "x")
        let inv = try a.inverse()
        let expectedInverse = try r.matrix("s", "inv")
        expectMatrixClose(inv, expectedInverse, rtol: 0, atol: 1e-10 * max(expectedInverse.maxAbs(), 1), "A⁻¹")
    }

    @Test("Hilbert system: residual at rounding level")
    func hilbert() throws {
        let a = TestMatrices.hilbert(10)
        let b = TestMatrices.normal(10, 2, seed: 1)
        let x = try a.solve(b)
        let norm = try TestMatrices.normTwo(a)
        #expect(distance(a.matmul(x), b) <= 64 * 10 * eps * norm * x.frobeniusNorm())
    }

    @Test("a singular matrix gives a typed error naming the zero pivot, and NumPy also refuses")
    func singular() throws {
        let a = Matrix(rows: [[1, 2], [2, 4]])
        var batch = OracleBatch()
        batch.add("sing", op: "degenerate", ["a": .matrix(a)])
        let r = try batch.run("numerics_linalg")
        #expect(try r.scalar("sing", "solve_fails") == 1)
        #expect(try r.scalar("sing", "inv_fails") == 1)
        let error = #expect(throws: LinearAlgebraError.self) { try a.solve([1, 1]) }
        #expect(error == LinearAlgebraError(.solve, rows: 2, columns: 2, reason: .singular(pivot: 2), info: 2))
        #expect(
            error?.description
                == "linear solve (dgetrf/dgetrs) of a 2×2 matrix failed: the matrix is singular "
                + "(U(2,2) of its LU factorization is exactly zero) [LAPACK info 2]")
        #expect(throws: LinearAlgebraError(.inverse, rows: 2, columns: 2, reason: .singular(pivot: 2), info: 2)) {
            try a.inverse()
        }
        #expect(throws: LinearAlgebraError(.solve, rows: 3, columns: 3, reason: .singular(pivot: 1), info: 1)) {
            try Matrix.zeros(rows: 3, columns: 3).solve(Matrix.identity(3))
        }
    }

    @Test("shape errors and empty systems")
    func shapes() throws {
        let error = #expect(throws: LinearAlgebraError.self) { try Matrix.zeros(rows: 2, columns: 3).inverse() }
        #expect(error?.description == "matrix inverse (dgetrf/dgetri) of a 2×3 matrix failed: the matrix is not square")
        let rhs = #expect(throws: LinearAlgebraError.self) { try Matrix.identity(2).solve([1, 2, 3]) }
        #expect(
            rhs?.description
                == "linear solve (dgetrf/dgetrs) of a 2×2 matrix failed: the right-hand side has 3 rows, expected 2")
        #expect(try Matrix.zeros(rows: 0, columns: 0).solve(Matrix.zeros(rows: 0, columns: 2)).shape == (0, 2))
        #expect(try Matrix.zeros(rows: 0, columns: 0).inverse().shape == (0, 0))
    }
}

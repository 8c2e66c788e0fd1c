import IsomorphNumerics
import IsomorphTestSupport
import Testing

/// Least squares (`dgelsd`) against `numpy.linalg.lstsq` (also `dgelsd`), with `rcond` explicit.
///
/// For full-rank random problems (κ ≲ 100) the solution's forward error is ≲ κ²·max(m,n)·ε
/// relative; 1e-9 relative to ‖X‖ is comfortably above that and far below any wrong result. For
/// rank-deficient problems the minimum-norm solution with a cutoff well inside the spectral gap
/// (σ₄/σ₁ ~ 0.1 vs σ₅/σ₁ ~ 1e-16; rcond = 1e-10) is just as well conditioned, so the same bound applies.
@Suite("Least squares (dgelsd) against NumPy")
struct LeastSquaresTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let m: Int, n: Int, rhs: Int, rank: Int?
        let rcond: Double?  // nil: NumPy 2.x's default max(m, n)·ε
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "tall", m: 30, n: 6, rhs: 3, rank: nil, rcond: nil),
        Case(name: "square", m: 8, n: 8, rhs: 2, rank: nil, rcond: nil),
        Case(name: "wide (underdetermined)", m: 5, n: 12, rhs: 2, rank: nil, rcond: nil),
        Case(name: "one column", m: 9, n: 1, rhs: 1, rank: nil, rcond: nil),
        Case(name: "one row", m: 1, n: 7, rhs: 4, rank: nil, rcond: nil),
        Case(name: "rank 4 tall", m: 30, n: 10, rhs: 2, rank: 4, rcond: 1e-10),
        Case(name: "rank 4 wide", m: 10, n: 30, rhs: 2, rank: 4, rcond: 1e-10),
        Case(name: "no right-hand side", m: 6, n: 3, rhs: 0, rank: nil, rcond: nil),
    ]

    @Test("solution, rank, singular values and residuals agree with NumPy", arguments: cases)
    func agreesWithNumpy(_ c: Case) throws {
        let a =
            c.rank.map { TestMatrices.rankDeficient(c.m, c.n, rank: $0, seed: 40) }
            ?? TestMatrices.normal(c.m, c.n, seed: 41)
        let b = TestMatrices.normal(c.m, c.rhs, seed: 42)
        let rcond = c.rcond ?? SingularValueDecomposition.defaultRelativeTolerance(rows: c.m, columns: c.n)
        var batch = OracleBatch()
        batch.add("l", op: "lstsq", ["a": .matrix(a), "b": .matrix(b), "rcond": .scalar(rcond)])
        let r = try batch.run("numerics_linalg")
        let result = try a.leastSquares(b, rcond: rcond)
        #expect(result.rank == Int(try r.scalar("l", "rank")))
        #expect(result.rank == (c.rank ?? min(c.m, c.n)))
        let s = try r.vector("l", "s")
        expectAllClose(result.singularValues, s, rtol: 0, atol: 16 * Double(max(c.m, c.n)) * eps * s[0], "σ")
        let expected = try r.matrix("l", "x")
        expectMatrixClose(result.solution, expected, rtol: 0, atol: 1e-9 * max(expected.maxAbs(), 1), "X")
        let residuals = try r.vector("l", "res")
        #expect(result.residualSumOfSquares.count == residuals.count, "residuals reported exactly when NumPy does")
        expectAllClose(result.residualSumOfSquares, residuals, rtol: 1e-9, atol: 1e-12, "residual sum of squares")
    }

    @Test("Hilbert system: the residual is at rounding level and rank matches NumPy")
    func hilbert() throws {
        let a = TestMatrices.hilbert(12)
        let b = Matrix(column: a.matvec([Double](repeating: 1, count: 12)))
        let rcond = SingularValueDecomposition.defaultRelativeTolerance(rows: 12, columns: 12)
        var batch = OracleBatch()
        batch.add("h", op: "lstsq", ["a": .matrix(a), "b": .matrix(b), "rcond": .scalar(rcond)])
        let r = try batch.run("numerics_linalg")
        let result = try a.leastSquares(b, rcond: rcond)
        #expect(result.rank == Int(try r.scalar("h", "rank")))
        // The truncated solution's residual is bounded by σ_cut·‖x‖ + rounding: ≤ 1e-12 here.
        #expect(distance(a.matmul(result.solution), b) <= 1e-12)
    }

    @Test("empty problems behave like NumPy's (zero solution, ‖b‖² residuals when m > n)")
    func empty() throws {
        let b = Matrix(rows: [[1, 2], [3, 4], [5, 6]])
        let noUnknowns = try Matrix.zeros(rows: 3, columns: 0).leastSquares(b, rcond: 1e-15)
        #expect(noUnknowns.solution.shape == (0, 2))
        #expect(noUnknowns.residualSumOfSquares == [35, 56])
        let noEquations = try Matrix.zeros(rows: 0, columns: 3).leastSquares(
            Matrix.zeros(rows: 0, columns: 2), rcond: 1e-15)
        #expect(noEquations.solution == Matrix.zeros(rows: 3, columns: 2))
        #expect(noEquations.residualSumOfSquares.isEmpty && noEquations.rank == 0)
    }

    @Test("wrong right-hand side and non-finite input give typed errors")
    func errors() {
        let a = TestMatrices.normal(4, 2, seed: 1)
        let error = #expect(throws: LinearAlgebraError.self) {
            try a.leastSquares(Matrix.zeros(rows: 3, columns: 1), rcond: 1e-15)
        }
        #expect(
            error?.description
                == "least squares (dgelsd) of a 4×2 matrix failed: the right-hand side has 3 rows, expected 4")
        var b = Matrix.zeros(rows: 4, columns: 1)
        b[3, 0] = .nan
        #expect(
            throws: LinearAlgebraError(
                .leastSquares, rows: 4, columns: 2, reason: .nonFiniteInput(operand: "right-hand side"))
        ) {
            try a.leastSquares(b, rcond: 1e-15)
        }
    }
}

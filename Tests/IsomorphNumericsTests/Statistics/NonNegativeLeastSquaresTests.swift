import IsomorphNumerics
import IsomorphTestSupport
import Testing

/// Lawson–Hanson NNLS against `scipy.optimize.nnls`.
///
/// Tolerance: both solve the same least-squares subproblems on the same active set (QR on our
/// side); for these well-conditioned problems (κ ≲ 100) the solutions agree to 1e-10.
@Suite("non-negative least squares against scipy.optimize.nnls")
struct NonNegativeLeastSquaresTests {
    @Test("random problems with active constraints, a tall RDM-like problem, and SciPy's docstring example")
    func agreesWithScipy() throws {
        let cases: [(String, Matrix, [Double])] = [
            ("small", TestMatrices.normal(12, 5, seed: 1), TestMatrices.normal(1, 12, seed: 2).row(0)),
            ("wide", TestMatrices.normal(6, 9, seed: 3), TestMatrices.normal(1, 6, seed: 4).row(0)),
            (
                "tall", TestMatrices.normal(400, 8, seed: 5).map { abs($0) },
                TestMatrices.normal(400, 8, seed: 5).map { abs($0) }.matvec([0.5, 0, 1.5, 0, 0, 0.2, 0, 0])
                    .enumerated().map { $0.element + 0.05 * Double($0.offset % 7) }
            ),
            ("docstring", Matrix(rows: [[1, 0], [1, 0], [0, 1]]), [2, 1, 1]),
            ("negative", Matrix(rows: [[1, 0], [1, 0], [0, 1]]), [-1, -1, -1]),
        ]
        var batch = OracleBatch()
        for (name, a, b) in cases { batch.add(name, op: "nnls", ["a": .matrix(a), "b": .vector(b)]) }
        let r = try batch.run("statistics_reference")
        for (name, a, b) in cases {
            let fit = try NonNegativeLeastSquares(a, b)
            expectAllClose(fit.solution, try r.vector(name, "x"), rtol: 0, atol: 1e-10, "\(name): x")
            expectAllClose([fit.residualNorm], [try r.scalar(name, "rnorm")], rtol: 1e-10, atol: 1e-12, "\(name): ‖r‖")
            #expect(fit.solution.allSatisfy { $0 >= 0 }, "\(name): feasible")
        }
        #expect(try NonNegativeLeastSquares(cases[4].1, cases[4].2).solution == [0, 0])
    }

    @Test("bad input is refused with its reason")
    func refusals() {
        #expect(throws: NonNegativeLeastSquares.Failure.sizeMismatch(rows: 3, values: 2)) {
            try NonNegativeLeastSquares(Matrix.identity(3), [1, 2])
        }
        #expect(throws: NonNegativeLeastSquares.Failure.nonFiniteInput) {
            try NonNegativeLeastSquares(Matrix.identity(2), [1, .nan])
        }
        #expect(
            "\(NonNegativeLeastSquares.Failure.sizeMismatch(rows: 3, values: 2))"
                == "nnls: A has 3 rows but b has 2 values")
    }
}

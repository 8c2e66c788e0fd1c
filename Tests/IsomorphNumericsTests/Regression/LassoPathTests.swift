import IsomorphNumerics
import IsomorphTestSupport
import Testing

/// LASSO paths and single fits against scikit-learn's `lasso_path` and `Lasso`.
///
/// Both sides run the same cyclic coordinate descent (same update order, Gap Safe screening,
/// duality-gap checks and stopping rule), so they follow the same iterates: the only differences
/// are rounding in `XᵀX`/`Xᵀy` and in dot products (BLAS blocking), ~1e-15 relative per product,
/// amplified by the conditioning of the active set. Coefficients (of order 1) are compared with
/// atol 1e-9, far below the stopping tolerance's scale (1e-4·‖y‖² in the gap), so a genuinely
/// different algorithm would fail; iteration counts must be identical.
@Suite("LASSO paths against scikit-learn")
struct LassoPathTests {
    /// `n×p` correlated features and a sparse target with noise.
    static func problem(n: Int, p: Int, seed: UInt64) -> (x: Matrix, y: [Double]) {
        var g = SeededGenerator(seed: seed)
        let base = Matrix.randomNormal(rows: n, columns: p, using: &g)
        let shared = Matrix.randomNormal(rows: n, columns: 1, using: &g)
        var x = base
        for i in 0..<n {
            for j in 0..<p { x[i, j] += 0.5 * shared[i, 0] + Double(j % 3) }  // correlated, with offsets
        }
        var w = [Double](repeating: 0, count: p)
        for j in stride(from: 0, to: p, by: 4) { w[j] = g.nextNormal() * 2 }
        let noise = g.normals(n)
        let y = (0..<n).map { i in (0..<p).reduce(3.0) { $0 + x[i, $1] * w[$1] } + noise[i] }
        return (x, y)
    }

    @Test(
        "paths on the Gram matrix and on residuals match lasso_path",
        arguments: [("gram", 120, 15), ("residual", 120, 15), ("residual", 40, 70)])
    func pathMatches(_ mode: String, _ n: Int, _ p: Int) throws {
        let (x, y) = Self.problem(n: n, p: p, seed: UInt64(n * 100 + p))
        let options = LassoOptions(precompute: mode == "gram" ? .gram : .residual)
        let path = try Lasso.path(x: x, y: y, count: 40, eps: 1e-3, options: options)
        var batch = OracleBatch()
        batch.add(
            "p", op: "path",
            [
                "X": .matrix(x), "y": .vector(y), "alphas": .vector(path.alphas), "fit_intercept": .integer(1),
                "tol": .scalar(1e-4), "max_iter": .integer(1000), "precompute": .text(mode),
            ])
        batch.add(
            "grid", op: "path",
            [
                "X": .matrix(x), "y": .vector(y), "alphas": .integer(40), "fit_intercept": .integer(1),
                "tol": .scalar(1e-4), "max_iter": .integer(1000), "precompute": .text(mode),
            ])
        let r = try batch.run("regression_lasso")
        // The grid: geomspace on both sides, the same log10/pow: equal to rounding.
        expectAllClose(path.alphas, try r.vector("grid", "alphas"), rtol: 1e-13, atol: 0, "alpha grid")
        let reference = try r.matrix("p", "coefs")
        // lasso_path has no intercept: the oracle centred the data, as LassoCV does per fold.
        let centredCoefficients = path.coefficients
        expectMatrixClose(centredCoefficients, reference, rtol: 0, atol: 1e-9, "coefficients along the path")
        let iterations = try r.vector("p", "iters").map { Int($0) }
        #expect(path.convergence.map(\.iterations) == iterations, "the same number of sweeps at every α")
        // The gap at the end of each fit is a difference of nearly equal terms: compare at the
        // scale of the tolerance it was checked against (tol·‖y_c‖²/n ≈ 1e-4·var(y)).
        let gapScale = 1e-4 * y.map { $0 * $0 }.reduce(0, +) / Double(n)
        expectAllClose(
            path.convergence.map(\.gap), try r.vector("p", "gaps"), rtol: 0, atol: 1e-6 * gapScale, "duality gaps")
        // With p > n the smallest α do not converge in 1000 sweeps, on both sides alike (the
        // iteration counts above agree); otherwise every fit converges.
        #expect(path.convergence.allSatisfy { $0.converged } == (n > p))
        // Sparsity along the path: all zero at α_max, denser at the end.
        #expect(path.coefficients.row(0).allSatisfy { $0 == 0 })
        #expect(path.coefficients.row(39).filter { $0 != 0 }.count > p / 4)
    }

    @Test("without an intercept the data are used as given, as lasso_path does")
    func noIntercept() throws {
        let (x, y) = Self.problem(n: 80, p: 10, seed: 13)
        let path = try Lasso.path(x: x, y: y, count: 20, options: LassoOptions(fitIntercept: false))
        var batch = OracleBatch()
        batch.add(
            "raw", op: "path",
            [
                "X": .matrix(x), "y": .vector(y), "alphas": .integer(20), "fit_intercept": .integer(0),
                "tol": .scalar(1e-4), "max_iter": .integer(1000), "precompute": .text("gram"),
            ])
        let r = try batch.run("regression_lasso")
        // α_max = max|Xᵀy|/n on the uncentred data: the grids agree to rounding.
        expectAllClose(path.alphas, try r.vector("raw", "alphas"), rtol: 1e-13, atol: 0, "grid")
        expectMatrixClose(path.coefficients, try r.matrix("raw", "coefs"), rtol: 0, atol: 1e-9, "coefficients")
        #expect(path.intercepts.allSatisfy { $0 == 0 })
    }

    @Test("a single fit from zero matches Lasso(alpha).fit, intercept included")
    func singleFit() throws {
        let (x, y) = Self.problem(n: 90, p: 12, seed: 5)
        var batch = OracleBatch()
        for (name, alpha) in [("small", 0.01), ("mid", 0.2), ("large", 5.0)] {
            batch.add(
                name, op: "fit",
                [
                    "X": .matrix(x), "y": .vector(y), "alpha": .scalar(alpha), "tol": .scalar(1e-4),
                    "max_iter": .integer(1000),
                ])
        }
        let r = try batch.run("regression_lasso")
        for (name, alpha) in [("small", 0.01), ("mid", 0.2), ("large", 5.0)] {
            // scikit-learn's Lasso.fit runs on residuals; ours on the Gram matrix (n > p): the same
            // iterates, different rounding.
            let fit = try Lasso.fit(x: x, y: y, alpha: alpha)
            expectAllClose(fit.coefficients, try r.vector(name, "coef"), rtol: 0, atol: 1e-9, "\(name) coefficients")
            expectAllClose([fit.intercept], [try r.scalar(name, "intercept")], rtol: 0, atol: 1e-8, "\(name) intercept")
            #expect(fit.convergence.iterations == Int(try r.scalar(name, "iters")), "\(name): sweeps")
        }
    }

    @Test("standardised features give the same predictions as a fit on z-scored data")
    func standardization() throws {
        let (x, y) = Self.problem(n: 60, p: 6, seed: 9)
        let (z, scaler) = x.standardized(ddof: 0)
        let onZ = try Lasso.fit(x: z, y: y, alpha: 0.1)
        let standardized = try Lasso.fit(x: x, y: y, alpha: 0.1, options: LassoOptions(standardize: true))
        // Coefficients on the original scale are the z-scale coefficients divided by σ.
        let expected = zip(onZ.coefficients, scaler.standardDeviations!).map { $0 / $1 }
        expectAllClose(standardized.coefficients, expected, rtol: 1e-12, atol: 1e-14, "original-scale coefficients")
        #expect(onZ.convergence.iterations == standardized.convergence.iterations)
    }

    @Test("the α grid: geomspace endpoints, and a constant target gives the floor value")
    func grid() {
        let g = Lasso.alphaGrid(maximum: 2, count: 5, eps: 1e-2)
        #expect(g.first == 2 && g.last == 0.02)
        expectAllClose(g, [2, 2 * 0.1.squareRoot(), 0.2, 0.2 * 0.1.squareRoot(), 0.02], rtol: 1e-14, atol: 0, "grid")
        #expect(Lasso.alphaGrid(maximum: 0, count: 3, eps: 1e-3) == [1e-15, 1e-15, 1e-15])
    }

    @Test("bad input is refused with a message naming it")
    func errors() {
        let (x, y) = Self.problem(n: 10, p: 3, seed: 1)
        #expect(throws: LassoError("lasso: X has 10 samples but y has 9")) {
            try Lasso.path(x: x, y: Array(y.dropLast()))
        }
        var bad = x
        bad[2, 1] = .nan
        #expect(throws: LassoError("lasso: X holds NaN or infinite values")) { try Lasso.path(x: bad, y: y) }
        #expect(throws: LassoError("lasso: alphas must be positive and finite, got -1.0")) {
            try Lasso.path(x: x, y: y, alphas: [1, -1])
        }
        #expect(throws: LassoError("lasso: max_iter must be at least 1, got 0")) {
            try Lasso.fit(x: x, y: y, alpha: 1, options: LassoOptions(maxIterations: 0))
        }
    }
}

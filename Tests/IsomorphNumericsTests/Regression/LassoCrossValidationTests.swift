import IsomorphNumerics
import IsomorphTestSupport
import Testing

/// Cross-validated LASSO against scikit-learn's `LassoCV` given the same folds.
///
/// Both sides compute the α grid on all samples, the same fold paths (same iterates, see
/// LassoPathTests) and the same held-out MSE; so grids agree to 1e-13 relative, MSE curves to
/// 1e-9 relative (differences of ~1e-12 in coefficients times held-out features of order 1), the
/// selected indices exactly, and refitted coefficients to 1e-9. The one-standard-error choice is
/// recomputed in the oracle from `LassoCV.mse_path_` with NumPy (`std(ddof=1)/√K`).
@Suite("Cross-validated LASSO against LassoCV")
struct LassoCrossValidationTests {
    static func targets(_ x: Matrix, seed: UInt64) -> Matrix {
        var g = SeededGenerator(seed: seed)
        let (n, p) = (x.rowCount, x.columnCount)
        var y = Matrix.zeros(rows: n, columns: 3)
        for t in 0..<3 {
            // Target 0: sparse and strong; 1: weak signal; 2: dense, small weights.
            let weights = (0..<p).map { j -> Double in
                switch t {
                case 0: return j % 5 == 0 ? 2 : 0
                case 1: return j == 1 ? 0.3 : 0
                default: return 0.2 * g.nextNormal()
                }
            }
            let noise = g.normals(n)
            for i in 0..<n { y[i, t] = 1 + (0..<p).reduce(0.0) { $0 + x[i, $1] * weights[$1] } + noise[i] }
        }
        return y
    }

    @Test("grid, MSE path, min and one-SE choices, refits and held-out predictions match LassoCV")
    func matchesLassoCV() async throws {
        let (x, _) = LassoPathTests.problem(n: 150, p: 20, seed: 21)
        let y = Self.targets(x, seed: 22)
        let splits = try Splitter.kFold(folds: 5, shuffle: true).splits(count: x.rowCount, seed: 3)
        let foldOf = try #require(splits.foldAssignment(count: x.rowCount))
        let cv = LassoCrossValidation(alphaCount: 30, eps: 1e-3)
        let result = try await cv.fit(x: x, y: y, splits: splits, concurrency: 2)
        var batch = OracleBatch()
        for t in 0..<3 {
            batch.add(
                "t\(t)", op: "cv",
                [
                    "X": .matrix(x), "y": .vector(y.column(t)), "fold_of": .integers(foldOf), "n_alphas": .integer(30),
                    "eps": .scalar(1e-3), "tol": .scalar(1e-4), "max_iter": .integer(1000),
                ])
        }
        let r = try batch.run("regression_lasso")
        let heldMin = result.heldOut(.minimum)
        let heldOneSE = result.heldOut(.oneStandardError)
        for t in 0..<3 {
            let name = "t\(t)"
            expectAllClose(result.alphas.row(t), try r.vector(name, "alphas"), rtol: 1e-13, atol: 0, "\(name) grid")
            expectMatrixClose(
                result.meanSquaredErrors[t], try r.matrix(name, "mse"), rtol: 1e-9, atol: 0, "\(name) mse")
            expectAllClose(
                result.selections[t].meanMSE, try r.vector(name, "mean"), rtol: 1e-9, atol: 0, "\(name) mean")
            expectAllClose(
                result.selections[t].standardError, try r.vector(name, "se"), rtol: 1e-7, atol: 0, "\(name) SE")
            #expect(result.selections[t].minimumIndex == Int(try r.scalar(name, "index_min")), "\(name): index")
            #expect(result.selections[t].oneStandardErrorIndex == Int(try r.scalar(name, "index_1se")), "\(name)")
            expectAllClose(
                [result.alpha(.minimum)[t], result.alpha(.oneStandardError)[t]],
                [try r.scalar(name, "alpha_min"), try r.scalar(name, "alpha_1se")], rtol: 1e-13, atol: 0,
                "\(name): α_min and α_1se")
            expectAllClose(
                result.coefficients(.minimum).column(t), try r.vector(name, "coef_min"), rtol: 0, atol: 1e-9,
                "\(name) refit at α_min")
            expectAllClose(
                [result.intercepts(.minimum)[t]], [try r.scalar(name, "intercept_min")], rtol: 0, atol: 1e-8,
                "\(name) intercept")
            expectAllClose(
                result.coefficients(.oneStandardError).column(t), try r.vector(name, "coef_1se"), rtol: 0, atol: 1e-9,
                "\(name) refit at α_1se")
            expectAllClose(heldMin.column(t), try r.vector(name, "held_min"), rtol: 0, atol: 1e-8, "\(name) held-out")
            expectAllClose(
                heldOneSE.column(t), try r.vector(name, "held_1se"), rtol: 0, atol: 1e-8, "\(name) held-out 1se")
        }
        // The one-SE model is at least as sparse as the minimum-MSE model.
        for t in 0..<3 {
            let nonzero = { (rule: LassoSelectionRule) in result.coefficients(rule).column(t).filter { $0 != 0 }.count }
            #expect(nonzero(.oneStandardError) <= nonzero(.minimum))
            #expect(result.alpha(.oneStandardError)[t] >= result.alpha(.minimum)[t])
        }
        // Variance explained on held-out samples: the strong target is well predicted, all are < 1.
        let ve = result.varianceExplained(.oneStandardError, y: y)
        #expect(ve[0] > 0.8 && ve.allSatisfy { $0 < 1 })
    }

    @Test("per-fold standardisation matches StandardScaler fitted inside each fold")
    func standardizedFolds() async throws {
        var (x, _) = LassoPathTests.problem(n: 100, p: 8, seed: 31)
        for i in 0..<100 { x[i, 2] *= 50 }  // very different feature scales
        let y = Self.targets(x, seed: 32)
        let splits = try Splitter.kFold(folds: 4, shuffle: false).splits(count: 100)
        let foldOf = try #require(splits.foldAssignment(count: 100))
        let result = try await LassoCrossValidation(alphaCount: 20, options: LassoOptions(standardize: true)).fit(
            x: x, y: Matrix(column: y.column(0)), splits: splits)
        var batch = OracleBatch()
        batch.add(
            "s", op: "cv_standardized",
            [
                "X": .matrix(x), "y": .vector(y.column(0)), "fold_of": .integers(foldOf), "n_alphas": .integer(20),
                "eps": .scalar(1e-3), "tol": .scalar(1e-4), "max_iter": .integer(1000),
            ])
        let r = try batch.run("regression_lasso")
        expectAllClose(result.alphas.row(0), try r.vector("s", "alphas"), rtol: 1e-13, atol: 0, "grid")
        expectMatrixClose(result.meanSquaredErrors[0], try r.matrix("s", "mse"), rtol: 1e-9, atol: 0, "mse")
        #expect(result.selections[0].minimumIndex == Int(try r.scalar("s", "index_min")))
        #expect(result.selections[0].oneStandardErrorIndex == Int(try r.scalar("s", "index_1se")))
        expectAllClose(
            result.coefficients(.oneStandardError).column(0), try r.vector("s", "coef_1se"), rtol: 0, atol: 1e-9,
            "refit on all samples, original scale")
    }

    @Test("results do not depend on the number of concurrent targets")
    func concurrencyIndependent() async throws {
        let (x, _) = LassoPathTests.problem(n: 80, p: 10, seed: 41)
        let y = Self.targets(x, seed: 42)
        let splits = try Splitter.kFold(folds: 4, shuffle: false).splits(count: 80)
        let cv = LassoCrossValidation(alphaCount: 15)
        let one = try await cv.fit(x: x, y: y, splits: splits, concurrency: 1)
        let three = try await cv.fit(x: x, y: y, splits: splits, concurrency: 3)
        #expect(one.meanSquaredErrors == three.meanSquaredErrors)
        #expect(one.coefficients(.oneStandardError) == three.coefficients(.oneStandardError))
        #expect(one.heldOut(.minimum).elements.elementsEqual(three.heldOut(.minimum).elements) { $0 == $1 })
    }

    @Test("the one-standard-error rule on a hand-made curve")
    func oneStandardErrorRule() {
        // Folds' MSE at 5 α (largest first). Means 4, 2.5, 2, 2.2, 3; the minimum is at index 2
        // with fold values 1, 2, 3: SD(ddof=1) = 1, SE = 1/√3 ≈ 0.577, threshold ≈ 2.577.
        // Index 1 (mean 2.5 ≤ 2.577) is the largest α within one SE; index 0 (4) is not.
        let mse = Matrix(rows: [[4, 4, 4], [2, 2.5, 3], [1, 2, 3], [2.2, 2.2, 2.2], [3, 3, 3]])
        let s = LassoSelection(mse: mse, ddof: 1)
        #expect(s.minimumIndex == 2)
        #expect(s.oneStandardErrorIndex == 1)
        expectAllClose([s.standardError[2]], [1 / 3.0.squareRoot()], rtol: 1e-15, atol: 0, "SE")
        // With ddof = 0 the SE shrinks to √(2/3)/√3 ≈ 0.471: 2.5 > 2.471, so the minimum itself.
        #expect(LassoSelection(mse: mse, ddof: 0).oneStandardErrorIndex == 2)
        // Ties in the minimum: the first (largest α) wins, as numpy.argmin.
        #expect(LassoSelection(meanMSE: [3, 1, 1, 2], standardError: [0, 0, 0, 0]).minimumIndex == 1)
    }

    @Test("invalid splits and settings are refused with a message naming them")
    func errors() async throws {
        let (x, y) = LassoPathTests.problem(n: 20, p: 3, seed: 1)
        let ym = Matrix(column: y)
        await #expect(throws: LassoError("lasso cross-validation: no splits given")) {
            try await LassoCrossValidation().fit(x: x, y: ym, splits: [])
        }
        await #expect(throws: LassoError("lasso cross-validation: split 0 holds index 25, outside 0..<20")) {
            try await LassoCrossValidation().fit(
                x: x, y: ym, splits: [Split(train: Array(0..<10), test: [25]), Split(test: [0, 1], count: 20)])
        }
        await #expect(throws: LassoError("lasso cross-validation: 1 split(s) give no standard error with ddof 1")) {
            try await LassoCrossValidation().fit(x: x, y: ym, splits: [Split(test: [0, 1], count: 20)])
        }
    }
}

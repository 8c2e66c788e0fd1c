import IsomorphNumerics
import IsomorphTestSupport
import Testing

/// Column moments and standardization against NumPy (`mean`, `var`, `std` with `ddof`) and
/// `scipy.stats.zscore`.
///
/// Tolerances: both sides use two-pass formulas in double precision. The data include a column
/// offset by 1e8 (its variance is 1e-16 of its squared mean, so a one-pass formula would lose
/// every digit) and a column of magnitude 1e-9; with exact centered values (Sterbenz) both agree
/// to ≲ n·ε relative, so means are compared with rtol 1e-14 and variances with rtol 1e-12.
/// Constant columns are the documented exception: Isomorph reports exactly 0 spread, NumPy a
/// rounding residue (its mean of fifty 0.1s is not exactly 0.1); that residue is checked to be
/// below (4ε·|value|)². Float input is compared with the float64 statistics of the same float32
/// numbers, since accumulation is in `Double`.
@Suite("Column statistics and standardization against NumPy/SciPy")
struct ColumnStatisticsTests {
    /// 50×6 data: normal columns, one constant column (0.1, not exactly representable), one column
    /// with a 1e8 offset, one with a tiny scale.
    static func data(rows: Int = 50, seed: UInt64 = 1) -> Matrix {
        var x = TestMatrices.normal(rows, 6, seed: seed)
        for i in 0..<rows {
            x[i, 2] = 0.1
            x[i, 3] = 1e8 + x[i, 3]
            x[i, 4] = 1e-9 * x[i, 4]
        }
        return x
    }

    @Test("means, variances and standard deviations for ddof 0, 1, 2 (Double and Float storage)")
    func moments() throws {
        let x = Self.data()
        let f = FloatMatrix(x)
        var batch = OracleBatch()
        batch.add("d", op: "moments", ["x": .matrix(x)])
        batch.add("f", op: "moments", ["x": .matrix(Matrix(f))])
        let r = try batch.run("numerics_statistics")
        for (name, m, data) in [("d", x.columnMoments(), x), ("f", f.columnMoments(), Matrix(f))] {
            let constant = (0..<6).map { j in Set(data.column(j)).count == 1 }
            #expect(m.isConstant == constant, "\(name): constant means all values equal")
            #expect(constant[2] && !constant[0], "\(name): the data have a constant column")
            expectAllClose(m.means, try r.vector(name, "mean"), rtol: 1e-14, atol: 0, "\(name) mean")
            let varying = (0..<6).filter { !constant[$0] }
            for ddof in 0...2 {
                let variances = m.variances(ddof: ddof)
                let expected = try r.vector(name, "var\(ddof)")
                expectAllClose(
                    varying.map { variances[$0] }, varying.map { expected[$0] }, rtol: 1e-12, atol: 0,
                    "\(name) var ddof=\(ddof)")
                let stds = m.standardDeviations(ddof: ddof)
                let expectedStds = try r.vector(name, "std\(ddof)")
                expectAllClose(
                    varying.map { stds[$0] }, varying.map { expectedStds[$0] }, rtol: 1e-12, atol: 0,
                    "\(name) std ddof=\(ddof)")
                for j in 0..<6 where constant[j] {
                    #expect(variances[j] == 0 && stds[j] == 0, "\(name) column \(j): exactly zero spread")
                    let residue = 4 * eps * abs(m.means[j])
                    #expect(expected[j] <= residue * residue, "\(name) column \(j): NumPy's is rounding residue")
                }
            }
            #expect(m.sumsOfSquaredDeviations[2] == 0)
        }
        #expect(x.columnMeans()[2] == 0.1, "a constant column's mean is its value, exactly")
        expectAllClose(x.columnSums(), try r.vector("d", "sum"), rtol: 1e-14, atol: 0, "sums")
        expectAllClose(x.columnSumsOfSquares(), try r.vector("d", "sumsq"), rtol: 1e-14, atol: 0, "sums of squares")
        #expect(x.columnVariances(ddof: 1) == x.columnMoments().variances(ddof: 1))
        #expect(x.columnStandardDeviations(ddof: 0) == x.columnMoments().standardDeviations(ddof: 0))
    }

    @Test("too few rows: NaN where the statistic is undefined")
    func fewRows() {
        let one = Matrix(rows: [[1, 2, 3]])
        #expect(one.columnVariances(ddof: 0) == [0, 0, 0])
        #expect(one.columnVariances(ddof: 1).allSatisfy { $0.isNaN })
        let none = Matrix.zeros(rows: 0, columns: 2)
        #expect(none.columnMeans().allSatisfy { $0.isNaN })
        #expect(none.columnVariances(ddof: 0).allSatisfy { $0.isNaN })
    }

    @Test(
        "z-scoring with training statistics: training and held-out data, constant columns left at 0", arguments: [0, 1])
    func zscore(ddof: Int) throws {
        let x = Self.data(rows: 40, seed: 2)
        let held = Self.data(rows: 7, seed: 3) + Matrix(rows: 7, columns: 6) { i, j in j == 2 ? Double(i) : 0 }
        var batch = OracleBatch()
        batch.add("z", op: "zscore", ["x": .matrix(x), "held": .matrix(held), "ddof": .integer(ddof)])
        let r = try batch.run("numerics_statistics")

        let (z, s) = x.standardized(ddof: ddof)
        #expect(s.ddof == ddof)
        #expect(s.isConstant == [false, false, true, false, false, false])
        // (x − mean)/std: error ≲ a few ε relative per element once the centered value is exact.
        expectMatrixClose(z, try r.matrix("z", "z"), rtol: 1e-12, atol: 1e-12, "training z-scores")
        expectMatrixClose(s.transform(held), try r.matrix("z", "held"), rtol: 1e-12, atol: 1e-12, "held-out z-scores")
        #expect(z.column(2) == [Double](repeating: 0, count: 40), "constant column is exactly 0, not NaN")
        #expect(s.transform(held).column(2) == [Double](repeating: 0, count: 7), "and stays 0 on held-out data")
        expectAllClose(s.means, try r.vector("z", "mean"), rtol: 1e-14, atol: 0, "means")
        let varying = [0, 1, 3, 4, 5]  // column 2 is constant: 0 here, rounding residue in NumPy
        let stds = try #require(s.standardDeviations)
        let expectedStds = try r.vector("z", "std")
        expectAllClose(varying.map { stds[$0] }, varying.map { expectedStds[$0] }, rtol: 1e-12, atol: 0, "stds")
        #expect(stds[2] == 0)

        let (c, centering) = x.centered()
        expectMatrixClose(c, try r.matrix("z", "centered"), rtol: 1e-12, atol: 1e-12, "centered")
        expectMatrixClose(
            centering.transform(held), try r.matrix("z", "held_centered"), rtol: 1e-12, atol: 1e-12, "held-out centered"
        )
        #expect(centering.standardDeviations == nil && centering.ddof == nil)

        // Float storage: statistics in Double, results rounded to Float (float32 rounding of the
        // inputs and outputs: 1e-6 relative to the unit-scale z-scores). Column 3 is left out: at
        // 1e8, float32's spacing of 8 swamps the unit noise, so it is a different column there.
        let fz = Matrix(FloatMatrix(x).standardized(ddof: ddof).matrix)
        let kept = [0, 1, 2, 4, 5]
        expectMatrixClose(
            fz.columns(at: kept), try r.matrix("z", "z").columns(at: kept), rtol: 1e-6, atol: 1e-6, "Float z")

        // Round trip, in place and back.
        var y = held
        s.transform(inPlace: &y)
        #expect(y == s.transform(held))
        let back = s.inverseTransform(y)
        for j in [0, 1, 3, 4, 5] {
            expectAllClose(back.column(j), held.column(j), rtol: 1e-12, atol: 1e-15, "inverse column \(j)")
        }
        #expect(back.column(2) == [Double](repeating: 0.1, count: 7), "a constant column comes back as its mean")
    }

    @Test("a standardizer rebuilt from stored statistics transforms identically")
    func storedStatistics() {
        let x = Self.data()
        let (_, s) = x.standardized(ddof: 1)
        let restored = ColumnStandardizer(means: s.means, standardDeviations: s.standardDeviations, ddof: 1)
        #expect(restored == s)
        #expect(restored.transform(x) == s.transform(x))
    }
}

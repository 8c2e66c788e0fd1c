import IsomorphNumerics
import IsomorphTestSupport
import Testing

/// Pearson correlations against `numpy.corrcoef` and `scipy.stats.pearsonr`.
///
/// A correlation is an inner product of unit vectors, so its rounding error is ≲ n·ε (n samples):
/// atol 1e-13 for n ≤ 60 in double precision. With Float storage the products run in single
/// precision: atol 1e-5 (≈ n·ε_float). A constant column (or row) gives NaN on both sides.
@Suite("Pearson correlations against NumPy/SciPy")
struct CorrelationTests {
    static func data() -> (x: Matrix, y: Matrix, z: Matrix) {
        var x = TestMatrices.normal(30, 5, seed: 1)
        let y = TestMatrices.normal(30, 4, seed: 2)
        // z: correlated with x column by column, so paired correlations are far from 0.
        var z = 0.7 * x + 0.5 * TestMatrices.normal(30, 5, seed: 3)
        for i in 0..<30 {
            x[i, 3] = 2.5  // constant column: NaN correlations
            z[i, 1] = -z[i, 1] + 1e6  // large offset and negative correlation
        }
        return (x, y, z)
    }

    @Test("cross, within-column, row and paired correlations (Double)")
    func agreesWithNumpy() throws {
        let (x, y, z) = Self.data()
        var batch = OracleBatch()
        batch.add("xy", op: "correlation", ["x": .matrix(x), "y": .matrix(y)])
        batch.add("xz", op: "correlation", ["x": .matrix(x), "y": .matrix(z)])
        let r = try batch.run("numerics_statistics")
        expectMatrixClose(x.columnCorrelations(with: y), try r.matrix("xy", "cross"), rtol: 0, atol: 1e-13, "x vs y")
        expectMatrixClose(x.columnCorrelationMatrix(), try r.matrix("xy", "within"), rtol: 0, atol: 1e-13, "within x")
        expectMatrixClose(x.rowCorrelationMatrix(), try r.matrix("xy", "rows"), rtol: 0, atol: 1e-13, "rows of x")
        expectAllClose(
            x.pairedColumnCorrelations(with: z), try r.vector("xz", "paired"), rtol: 0, atol: 1e-13, "paired")
        let cross = x.columnCorrelations(with: y)
        #expect(cross.row(3).allSatisfy { $0.isNaN }, "the constant column's correlations are NaN")
        #expect(cross.row(0).allSatisfy { !$0.isNaN })
        #expect(x.columnCorrelationMatrix()[0, 0] == 1)
        let all = x.columnCorrelationMatrix().elements + x.rowCorrelationMatrix().elements
        #expect(all.allSatisfy { $0.isNaN || abs($0) <= 1 }, "clipped to [−1, 1]")
    }

    @Test("Float storage: single-precision products within 1e-5")
    func floatStorage() throws {
        let (x, y, z) = Self.data()
        let (fx, fy, fz) = (FloatMatrix(x), FloatMatrix(y), FloatMatrix(z))
        var batch = OracleBatch()
        batch.add("xy", op: "correlation", ["x": .matrix(Matrix(fx)), "y": .matrix(Matrix(fy))])
        batch.add("xz", op: "correlation", ["x": .matrix(Matrix(fx)), "y": .matrix(Matrix(fz))])
        let r = try batch.run("numerics_statistics")
        expectMatrixClose(fx.columnCorrelations(with: fy), try r.matrix("xy", "cross"), rtol: 0, atol: 1e-5, "x vs y")
        expectMatrixClose(fx.rowCorrelationMatrix(), try r.matrix("xy", "rows"), rtol: 0, atol: 1e-5, "rows")
        // Paired correlations accumulate in Double even for Float storage.
        expectAllClose(
            fx.pairedColumnCorrelations(with: fz), try r.vector("xz", "paired"), rtol: 0, atol: 1e-12, "paired")
    }

    @Test("NaN in the data propagates to every correlation involving it, as in NumPy")
    func nanPropagates() throws {
        var (x, y, _) = Self.data()
        x[4, 0] = .nan
        var batch = OracleBatch()
        batch.add("nan", op: "correlation", ["x": .matrix(x), "y": .matrix(y)])
        let r = try batch.run("numerics_statistics")
        let cross = x.columnCorrelations(with: y)
        #expect(cross.row(0).allSatisfy { $0.isNaN }, "never clipped to ±1")
        expectMatrixClose(cross, try r.matrix("nan", "cross"), rtol: 0, atol: 1e-13, "x vs y with NaN")
        expectMatrixClose(x.columnCorrelationMatrix(), try r.matrix("nan", "within"), rtol: 0, atol: 1e-13, "within x")
        #expect(x.pairedColumnCorrelations(with: x)[0].isNaN)
        #expect(Matrix(rows: [[1, .nan]]).frobeniusNorm().isNaN)
    }

    @Test("fewer than two samples: every correlation is NaN")
    func tooFewSamples() {
        let one = Matrix(rows: [[1, 2, 3]])
        #expect(one.columnCorrelations(with: one).elements.allSatisfy { $0.isNaN })
        #expect(one.pairedColumnCorrelations(with: one).allSatisfy { $0.isNaN })
        #expect(Matrix(rows: [[1], [2]]).rowCorrelationMatrix().elements.allSatisfy { $0.isNaN })
        let none = Matrix.zeros(rows: 0, columns: 2)
        #expect(none.columnCorrelationMatrix().elements.allSatisfy { $0.isNaN })
    }
}

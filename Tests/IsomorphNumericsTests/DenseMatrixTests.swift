import IsomorphNumerics
import IsomorphTestSupport
import Testing

@Suite("DenseMatrix: construction, access, slicing, element-wise arithmetic")
struct DenseMatrixTests {
    @Test("construction from rows, columns, flat storage and generators agrees on layout")
    func construction() {
        let byRows = Matrix(rows: [[1, 2, 3], [4, 5, 6]])
        let byColumns = Matrix(columns: [[1, 4], [2, 5], [3, 6]])
        let flat = Matrix(rows: 2, columns: 3, elements: [1, 2, 3, 4, 5, 6])
        let generated = Matrix(rows: 2, columns: 3) { i, j in Double(3 * i + j + 1) }
        #expect(byRows == flat)
        #expect(byColumns == flat)
        #expect(generated == flat)
        #expect(flat[1, 2] == 6)
        #expect(flat.shape == (2, 3))
        #expect(Matrix(column: [1, 2]).shape == (2, 1))
        #expect(Matrix(row: [1, 2]).shape == (1, 2))
        #expect(Matrix.identity(3).elements == [1, 0, 0, 0, 1, 0, 0, 0, 1])
        #expect(Matrix.diagonal([2, 3]).elements == [2, 0, 0, 3])
        #expect(Matrix.zeros(rows: 0, columns: 4).isEmpty)
        #expect(Matrix(rows: []).shape == (0, 0))
        #expect(flat.reshaped(rows: 3, columns: 2).row(1) == [3, 4])
    }

    @Test("the flat buffer is shared, not copied, until one side mutates")
    func storageIsShared() {
        let values: [Double] = [1, 2, 3, 4]
        var m = Matrix(rows: 2, columns: 2, elements: values)
        let shared = m.withUnsafeBufferPointer { $0.baseAddress } == values.withUnsafeBufferPointer { $0.baseAddress }
        #expect(shared)
        m[0, 0] = 9
        #expect(values == [1, 2, 3, 4])
        #expect(m.elements == [9, 2, 3, 4])
    }

    @Test("Float ↔ Double conversion: widening is exact, narrowing rounds to nearest")
    func conversion() {
        let m = Matrix(rows: 1, columns: 3, elements: [0.1, 1e300, -2.5])
        let f = FloatMatrix(m)
        #expect(f.elements == [Float(0.1), .infinity, -2.5])
        #expect(Matrix(f).elements == [Double(Float(0.1)), .infinity, -2.5])
        #expect(Matrix(m) == m)
    }

    @Test("seeded random matrices are reproducible and the Float version rounds the same deviates")
    func seededRandom() {
        var g1 = SeededGenerator(seed: 7)
        var g2 = SeededGenerator(seed: 7)
        let a = Matrix.randomNormal(rows: 3, columns: 4, using: &g1)
        let b = FloatMatrix.randomNormal(rows: 3, columns: 4, using: &g2)
        #expect(FloatMatrix(a) == b)
        var g3 = SeededGenerator(seed: 8)
        #expect(Matrix.randomNormal(rows: 3, columns: 4, using: &g3) != a)
    }

    @Test("finiteness check sees NaN and both infinities")
    func finiteness() {
        #expect(Matrix.identity(3).isFinite)
        for bad in [Double.nan, .infinity, -.infinity] {
            var m = Matrix.identity(3)
            m[2, 1] = bad
            #expect(!m.isFinite)
        }
        #expect(Matrix.zeros(rows: 0, columns: 0).isFinite)
    }

    /// Shapes with one row, one column, and both orientations of rectangles.
    static let shapes: [(Int, Int)] = [(7, 5), (5, 7), (1, 6), (6, 1), (1, 1), (40, 13)]

    @Test("gathers, blocks, transposes, diagonals and masks equal NumPy's indexing (exactly)")
    func slicingMatchesNumpy() throws {
        var batch = OracleBatch()
        var expectations: [(String, Matrix, [Int], [Int])] = []
        for (k, (m, n)) in Self.shapes.enumerated() {
            let a = TestMatrices.normal(m, n, seed: UInt64(100 + k))
            let rows = [m - 1, 0, m / 2, 0]  // repeats and reorders on purpose
            let cols = [n - 1, n / 2, 0, n - 1]
            let name = "s\(k)"
            batch.add(
                name, op: "structure",
                [
                    "a": .matrix(a), "rows": .integers(rows), "cols": .integers(cols),
                    "r0": .integer(m / 3), "r1": .integer(m), "c0": .integer(n / 2), "c1": .integer(n),
                ])
            expectations.append((name, a, rows, cols))
        }
        let results = try batch.run("numerics_blas")
        for (name, a, rows, cols) in expectations {
            let (m, n) = a.shape
            // Exact: these operations only move values (and the float32 cast rounds the same way).
            #expect(a.rows(at: rows) == (try results.matrix(name, "take_rows")), "\(name)")
            #expect(a.columns(at: cols) == (try results.matrix(name, "take_cols")), "\(name)")
            #expect(
                a.submatrix(rows: (m / 3)..<m, columns: (n / 2)..<n) == (try results.matrix(name, "block")), "\(name)")
            #expect(a.transposed() == (try results.matrix(name, "transpose")), "\(name)")
            #expect(a.diagonal == (try results.vector(name, "diag")), "\(name)")
            #expect(Matrix(FloatMatrix(a)) == (try results.matrix(name, "to_float32")), "\(name)")
            let mask = (0..<m).map { $0 % 3 == 1 }
            #expect(a.rows(where: mask) == (try results.matrix(name, "mask_rows")), "\(name)")
            #expect(a.rows(1..<m) == a.rows(at: Array(1..<m)))
            #expect(a.columns(0..<n) == a)
            #expect(a.row(m - 1) == a.rows(at: [m - 1]).elements)
            #expect(a.column(n - 1) == a.columns(at: [n - 1]).elements)
            #expect(FloatMatrix(a).transposed() == FloatMatrix(a.transposed()))
        }
    }

    @Test("upper triangles equal NumPy's triu_indices and SciPy's squareform vector", arguments: [0, 1, 2, 6])
    func upperTriangle(n: Int) throws {
        let a = TestMatrices.normal(n, n, seed: 31)
        var batch = OracleBatch()
        batch.add("t", op: "triangle", ["a": .matrix(a)])
        let r = try batch.run("numerics_blas")
        #expect(a.upperTriangle(includingDiagonal: true) == (try r.vector("t", "triu0")))
        #expect(a.upperTriangle() == (try r.vector("t", "triu1")))
        var symmetric = a + a.transposed()
        for i in 0..<n { symmetric[i, i] = 0 }
        #expect(symmetric.upperTriangle() == (try r.vector("t", "squareform")))
    }

    @Test("hstack and vstack equal NumPy's, including empty blocks")
    func stacking() throws {
        let a = TestMatrices.normal(4, 3, seed: 1)
        let b = TestMatrices.normal(4, 2, seed: 2)
        let c = TestMatrices.normal(5, 3, seed: 3)
        var batch = OracleBatch()
        batch.add("st", op: "stacks", ["a": .matrix(a), "b": .matrix(b), "c": .matrix(c)])
        let results = try batch.run("numerics_blas")
        #expect(Matrix.hstack([a, b]) == (try results.matrix("st", "hstack")))
        #expect(Matrix.vstack([a, c]) == (try results.matrix("st", "vstack")))
        #expect(Matrix.hstack([a, .zeros(rows: 4, columns: 0)]) == a)
        #expect(Matrix.vstack([.zeros(rows: 0, columns: 3), a]) == a)
        #expect(a.prependingOnesColumn().column(0) == [1, 1, 1, 1])
        #expect(a.prependingOnesColumn().columns(1..<4) == a)
    }

    @Test("element-wise arithmetic, broadcasting, sums and norms equal NumPy's", arguments: [(6, 4), (1, 5), (5, 1)])
    func elementwiseMatchesNumpy(shape: (Int, Int)) throws {
        let (m, n) = shape
        let a = TestMatrices.normal(m, n, seed: 11)
        let b = TestMatrices.normal(m, n, seed: 12)
        let rowv = TestMatrices.normal(1, n, seed: 13).elements
        let colv = TestMatrices.normal(m, 1, seed: 14).elements
        var batch = OracleBatch()
        batch.add(
            "e", op: "elementwise",
            ["a": .matrix(a), "b": .matrix(b), "s": .scalar(2.5), "rowv": .vector(rowv), "colv": .vector(colv)])
        let r = try batch.run("numerics_blas")
        // Single IEEE operations per element: exact agreement.
        #expect(a + b == (try r.matrix("e", "sum")))
        #expect(a - b == (try r.matrix("e", "difference")))
        #expect(a.hadamard(b) == (try r.matrix("e", "product")))
        #expect(2.5 * a == (try r.matrix("e", "scaled")))
        #expect(a * 2.5 == (try r.matrix("e", "scaled")))
        #expect(a / 2.5 == (try r.matrix("e", "divided")))
        #expect(-a == (try r.matrix("e", "negated")))
        #expect(a.scalingRows(by: colv) == (try r.matrix("e", "scale_rows")))
        #expect(a.scalingColumns(by: rowv) == (try r.matrix("e", "scale_cols")))
        #expect(a.addingToEachRow(rowv) == (try r.matrix("e", "add_row")))
        #expect(a.maxAbs() == (try r.scalar("e", "maxabs")))
        // Reductions: NumPy sums pairwise, we sum sequentially (sum) or with scaling (norm);
        // both are within a few ulps per term of the exact value: rtol = 4·(m·n)·ε.
        let rtol = 4 * Double(m * n) * eps
        expectAllClose([a.sum()], [try r.scalar("e", "total")], rtol: rtol, atol: rtol * 10, "sum")
        expectAllClose([a.frobeniusNorm()], [try r.scalar("e", "fro")], rtol: rtol, atol: 0, "frobenius")
        expectAllClose([a.trace], [try r.scalar("e", "trace")], rtol: rtol, atol: rtol, "trace")
        var c = a
        c += b
        #expect(c == a + b)
        c -= b
        expectMatrixClose(c, a, rtol: 0, atol: 4 * eps * 8, "(a + b) − b")
        c *= 2
        c /= 2
        expectMatrixClose(c, a, rtol: 0, atol: 4 * eps * 8, "scale round trip")
    }

    @Test("the Frobenius norm neither overflows nor underflows")
    func normScaling() {
        let big = Matrix(rows: 1, columns: 2, elements: [3e200, 4e200])
        let tiny = Matrix(rows: 1, columns: 2, elements: [3e-200, 4e-200])
        expectAllClose([big.frobeniusNorm()], [5e200], rtol: 4 * eps, atol: 0, "big")
        expectAllClose([tiny.frobeniusNorm()], [5e-200], rtol: 4 * eps, atol: 0, "tiny")
    }

    @Test("descriptions show the shape and the leading elements")
    func descriptions() {
        #expect(Matrix(rows: [[1, 2], [3, 4]]).description == "2×2 Matrix\n  [1.0, 2.0]\n  [3.0, 4.0]")
        #expect(FloatMatrix.zeros(rows: 0, columns: 3).description == "0×3 DenseMatrix<Float>")
        let wide = Matrix.zeros(rows: 9, columns: 9).description.split(separator: "\n")
        #expect(wide.count == 10)
        #expect(wide[1].hasSuffix(", …]"))
        #expect(wide[9] == "  …")
    }
}

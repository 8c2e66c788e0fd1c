import IsomorphNumerics
import IsomorphTestSupport
import Testing

/// BLAS products against NumPy.
///
/// Tolerances use the standard forward error bound of a length-`k` inner product,
/// |fl(xᵀy) − xᵀy| ≤ γₖ·Σ|xᵢyᵢ| with γₖ ≈ k·u (`u` = unit roundoff of the type computed in), bounded
/// by k²·u·max|A|·max|B|, doubled for slack, plus 2u for each added `β·C` term. It is rigorous for
/// any summation order (OpenBLAS' blocked kernels and NumPy alike) yet orders of magnitude below
/// the O(1) error of an indexing or transpose mistake.
@Suite("BLAS wrappers (gemm, gemv, syrk, ger, dot, axpy) and thread control")
struct BLASTests {
    static func productTolerance(
        k: Int, unitRoundoff u: Double, maxA: Double, maxB: Double, alpha: Double = 1, beta: Double = 0,
        maxC: Double = 0
    ) -> Double {
        2 * Double(k * k) * u * maxA * maxB * abs(alpha) + 2 * u * abs(beta) * maxC + Double.leastNormalMagnitude
    }

    struct GemmCase: Sendable, CustomTestStringConvertible {
        let m: Int, n: Int, k: Int
        let transposeA: Bool, transposeB: Bool
        let alpha: Double, beta: Double
        var testDescription: String {
            "\(m)×\(k)·\(k)×\(n) tA=\(transposeA) tB=\(transposeB) α=\(alpha) β=\(beta)"
        }
    }

    static let gemmCases: [GemmCase] = [
        GemmCase(m: 7, n: 5, k: 3, transposeA: false, transposeB: false, alpha: 1, beta: 0),
        GemmCase(m: 7, n: 5, k: 3, transposeA: true, transposeB: false, alpha: 1, beta: 0),
        GemmCase(m: 7, n: 5, k: 3, transposeA: false, transposeB: true, alpha: -0.5, beta: 2),
        GemmCase(m: 7, n: 5, k: 3, transposeA: true, transposeB: true, alpha: 2, beta: -1),
        GemmCase(m: 1, n: 1, k: 9, transposeA: false, transposeB: false, alpha: 1, beta: 0),
        GemmCase(m: 9, n: 1, k: 1, transposeA: true, transposeB: false, alpha: 1, beta: 1),
        GemmCase(m: 130, n: 70, k: 257, transposeA: false, transposeB: true, alpha: 1, beta: 0.5),
        GemmCase(m: 3, n: 4, k: 0, transposeA: false, transposeB: false, alpha: 1, beta: 3),
    ]

    static func operands(_ c: GemmCase, seed: UInt64) -> (Matrix, Matrix, Matrix) {
        let a = c.transposeA ? TestMatrices.normal(c.k, c.m, seed: seed) : TestMatrices.normal(c.m, c.k, seed: seed)
        let b =
            c.transposeB ? TestMatrices.normal(c.n, c.k, seed: seed + 1) : TestMatrices.normal(c.k, c.n, seed: seed + 1)
        return (a, b, TestMatrices.normal(c.m, c.n, seed: seed + 2))
    }

    @Test("dgemm and sgemm into existing storage equal α·op(A)·op(B) + β·C", arguments: gemmCases)
    func gemm(_ c: GemmCase) throws {
        let (a, b, c0) = Self.operands(c, seed: UInt64(c.m * 1000 + c.k))
        var batch = OracleBatch()
        let fields: (Matrix, Matrix, Matrix) -> KeyValuePairs<String, OracleBatch.Field> = { a, b, c0 in
            [
                "a": .matrix(a), "b": .matrix(b), "c": .matrix(c0), "alpha": .scalar(c.alpha), "beta": .scalar(c.beta),
                "ta": .integer(c.transposeA ? 1 : 0), "tb": .integer(c.transposeB ? 1 : 0),
            ]
        }
        batch.add("d", op: "gemm", fields(a, b, c0))
        // sgemm is checked against the float64 product of the same float32 numbers.
        let (fa, fb, fc) = (FloatMatrix(a), FloatMatrix(b), FloatMatrix(c0))
        batch.add("s", op: "gemm", fields(Matrix(fa), Matrix(fb), Matrix(fc)))
        let r = try batch.run("numerics_blas")

        var out = c0
        BLAS.gemm(a, b, into: &out, transposeA: c.transposeA, transposeB: c.transposeB, alpha: c.alpha, beta: c.beta)
        let tolD = Self.productTolerance(
            k: c.k, unitRoundoff: eps / 2, maxA: a.maxAbs(), maxB: b.maxAbs(), alpha: c.alpha, beta: c.beta,
            maxC: c0.maxAbs())
        expectMatrixClose(out, try r.matrix("d", "out"), rtol: 0, atol: tolD, "dgemm \(c.testDescription)")

        var fout = fc
        BLAS.gemm(
            fa, fb, into: &fout, transposeA: c.transposeA, transposeB: c.transposeB, alpha: Float(c.alpha),
            beta: Float(c.beta))
        let tolS = Self.productTolerance(
            k: c.k, unitRoundoff: Double(Float.ulpOfOne) / 2, maxA: a.maxAbs(), maxB: b.maxAbs(), alpha: c.alpha,
            beta: c.beta, maxC: c0.maxAbs())
        expectMatrixClose(fout, try r.matrix("s", "out"), rtol: 0, atol: tolS, "sgemm \(c.testDescription)")

        if c.beta == 0 {
            let product = a.matmul(b, transposeSelf: c.transposeA, transposeOther: c.transposeB)
            expectMatrixClose(c.alpha * product, out, rtol: 0, atol: tolD, "matmul")
        }
    }

    @Test("gemm with β = 0 ignores NaN in the output buffer and reuses its storage")
    func gemmIntoStorage() {
        let a = TestMatrices.normal(4, 3, seed: 1)
        let b = TestMatrices.normal(3, 2, seed: 2)
        var c = Matrix(rows: 4, columns: 2, repeating: .nan)
        let before = c.withUnsafeBufferPointer { $0.baseAddress }
        BLAS.gemm(a, b, into: &c)
        #expect(c.isFinite)
        #expect(c.withUnsafeBufferPointer { $0.baseAddress } == before)
        #expect(c == a.matmul(b))
    }

    @Test("gemv, syrk (both forms), dot and axpy equal NumPy's")
    func levelOneAndTwo() throws {
        let a = TestMatrices.normal(9, 6, seed: 21)
        let x6 = TestMatrices.normal(6, 1, seed: 22).elements
        let x9 = TestMatrices.normal(9, 1, seed: 23).elements
        let y9 = TestMatrices.normal(9, 1, seed: 24).elements
        let y6 = TestMatrices.normal(6, 1, seed: 25).elements
        var batch = OracleBatch()
        batch.add(
            "gv", op: "gemv",
            [
                "a": .matrix(a), "x": .vector(x6), "y": .vector(y9), "alpha": .scalar(1.5), "beta": .scalar(-2),
                "t": .integer(0),
            ])
        batch.add(
            "gt", op: "gemv",
            [
                "a": .matrix(a), "x": .vector(x9), "y": .vector(y6), "alpha": .scalar(1), "beta": .scalar(0),
                "t": .integer(1),
            ])
        batch.add("sg", op: "syrk", ["a": .matrix(a), "form": .text("gram")])
        batch.add("so", op: "syrk", ["a": .matrix(a), "form": .text("outer")])
        batch.add("sf", op: "syrk", ["a": .matrix(Matrix(FloatMatrix(a))), "form": .text("gram")])
        batch.add("v", op: "vectors", ["x": .vector(x9), "y": .vector(y9), "alpha": .scalar(-3)])
        batch.add("g", op: "ger", ["a": .matrix(a), "x": .vector(x9), "y": .vector(x6), "alpha": .scalar(-0.5)])
        let r = try batch.run("numerics_blas")
        let big = max(a.maxAbs(), x9.map(abs).max()!, y9.map(abs).max()!)
        let tol = Self.productTolerance(k: 9, unitRoundoff: eps / 2, maxA: big, maxB: big, beta: 2, maxC: big)

        var y = y9
        BLAS.gemv(a, x6, into: &y, alpha: 1.5, beta: -2)
        expectAllClose(y, try r.vector("gv", "out"), rtol: 0, atol: tol * 2, "gemv")
        expectAllClose(a.matvec(x9, transposeSelf: true), try r.vector("gt", "out"), rtol: 0, atol: tol, "gemv ᵀ")

        let gram = a.gram()
        expectMatrixClose(gram, try r.matrix("sg", "out"), rtol: 0, atol: tol, "syrk gram")
        #expect(gram == gram.transposed(), "both triangles written")
        expectMatrixClose(a.outerGram(), try r.matrix("so", "out"), rtol: 0, atol: tol, "syrk outer")
        let tolS = Self.productTolerance(k: 9, unitRoundoff: Double(Float.ulpOfOne) / 2, maxA: big, maxB: big)
        expectMatrixClose(FloatMatrix(a).gram(), try r.matrix("sf", "out"), rtol: 0, atol: tolS, "ssyrk gram")

        var c = Matrix.identity(6)
        BLAS.syrk(a, into: &c, form: .gram, alpha: 2, beta: 3)
        expectMatrixClose(c, 2 * gram + 3 * Matrix.identity(6), rtol: 0, atol: 2 * tol, "syrk α, β")

        expectAllClose([BLAS.dot(x9, y9)], [try r.scalar("v", "dot")], rtol: 0, atol: tol, "dot")
        var z = y9
        BLAS.axpy(-3, x9, &z)
        #expect(z == (try r.vector("v", "axpy")), "axpy is one fused or two exact-order operations per element")
        var updated = a
        BLAS.ger(-0.5, x9, x6, into: &updated)
        // One product and one addition per element: within 2 ulps of the largest term.
        expectMatrixClose(updated, try r.matrix("g", "out"), rtol: 0, atol: 4 * eps * big * big, "ger")
        var zm = Matrix(column: y9)
        BLAS.axpy(-3, Matrix(column: x9), &zm)
        #expect(zm.elements == z)
    }

    @Test("empty operands produce correctly shaped results without calling BLAS")
    func emptyOperands() {
        let a = Matrix.zeros(rows: 0, columns: 3)
        #expect(a.matmul(TestMatrices.normal(3, 2, seed: 1)).shape == (0, 2))
        #expect(a.gram() == Matrix.zeros(rows: 3, columns: 3))
        #expect(a.outerGram().shape == (0, 0))
        #expect(a.matmul(a, transposeSelf: true) == Matrix.zeros(rows: 3, columns: 3))
        #expect(Matrix.zeros(rows: 2, columns: 0).matvec([]) == [0, 0])
        #expect(BLAS.dot([Double](), []) == 0)
    }

    @Test("thread count: set then get returns the value set; values below 1 mean 1")
    func threadCount() {
        let original = BLAS.threadCount
        defer { BLAS.threadCount = original }
        #expect(original >= 1)
        #expect(BLAS.processorCount >= 1)
        BLAS.threadCount = 1
        #expect(BLAS.threadCount == 1)
        BLAS.threadCount = 2
        #expect(BLAS.threadCount == 2)
        BLAS.threadCount = 0
        #expect(BLAS.threadCount == 1)
        BLAS.threadCount = -3
        #expect(BLAS.threadCount == 1)
        #expect(BLAS.configuration.contains("OpenBLAS"))
        #expect(!BLAS.coreName.isEmpty)
    }

    @Test("a product computed with 1 and with 2 threads agrees within rounding")
    func threadCountDoesNotChangeResults() {
        let original = BLAS.threadCount
        defer { BLAS.threadCount = original }
        let a = TestMatrices.normal(300, 200, seed: 5)
        let b = TestMatrices.normal(200, 250, seed: 6)
        BLAS.threadCount = 1
        let one = a.matmul(b)
        BLAS.threadCount = 2
        let two = a.matmul(b)
        let tol = Self.productTolerance(k: 200, unitRoundoff: eps / 2, maxA: a.maxAbs(), maxB: b.maxAbs())
        expectMatrixClose(one, two, rtol: 0, atol: tol, "1 vs 2 threads")
    }
}

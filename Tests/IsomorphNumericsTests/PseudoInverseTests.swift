import IsomorphNumerics
import IsomorphTestSupport
import Testing

/// Pseudo-inverse against `numpy.linalg.pinv`.
///
/// Default cutoff: Isomorph's default is `max(m, n)·ε·σmax`, which is NumPy's
/// `pinv(a, rtol=None)` (a bare `pinv(a)` in NumPy 2.4 still uses 1e-15; the oracle always passes
/// `rtol` explicitly). Tolerance: perturbing `A` by `E` changes the truncated pseudo-inverse by
/// about ‖E‖/σ_r² (σ_r the smallest retained singular value), so with ‖E‖ ≤ 16·max(m,n)·ε·σmax
/// the bound is 16·max(m,n)·ε·σmax/σ_r² per entry — valid when the cutoff sits in a clear gap,
/// which each case ensures.
@Suite("Pseudo-inverse (numpy.linalg.pinv semantics)")
struct PseudoInverseTests {
    @Test("random, rank-deficient and Hilbert matrices agree with NumPy at the same cutoff")
    func agreesWithNumpy() throws {
        let cases: [(String, Matrix, Double?)] = [
            ("tall", TestMatrices.normal(12, 5, seed: 1), nil),
            ("wide", TestMatrices.normal(5, 12, seed: 2), nil),
            ("square", TestMatrices.normal(6, 6, seed: 3), nil),
            ("row", TestMatrices.normal(1, 4, seed: 4), nil),
            ("column", TestMatrices.normal(4, 1, seed: 5), nil),
            ("rank3", TestMatrices.rankDeficient(15, 9, rank: 3, seed: 6), 1e-10),
            ("hilbert12", TestMatrices.hilbert(12), 1e-8),
        ]
        var batch = OracleBatch()
        for (name, a, rtol) in cases {
            if let rtol {
                batch.add(name, op: "pinv", ["a": .matrix(a), "rtol": .scalar(rtol)])
            } else {
                batch.add(name, op: "pinv", ["a": .matrix(a)])
            }
        }
        let r = try batch.run("numerics_linalg")
        for (name, a, rtol) in cases {
            let (m, n) = a.shape
            let svd = try a.svd()
            let p = try a.pseudoInverse(rtol: rtol)
            #expect(p == svd.pseudoInverse(rtol: rtol), "\(name): one SVD gives the same result")
            let s = svd.singularValues
            let retained = s[svd.rank(rtol: rtol) - 1]
            let tol = 16 * Double(max(m, n)) * eps * s[0] / (retained * retained)
            expectMatrixClose(p, try r.matrix(name, "p"), rtol: 0, atol: tol, "\(name) pinv")
            // Penrose condition A·A⁺·A = A up to the truncated part (exact for full rank).
            let truncation = rtol.map { $0 * s[0] * 2 } ?? 0
            #expect(
                distance(a.matmul(p).matmul(a), a) <= 16 * Double(max(m, n)) * eps * s[0] * 10 + truncation * 10,
                "\(name): A A⁺ A = A")
        }
    }

    @Test("the default cutoff is max(m, n)·ε·σmax with a strict comparison, not NumPy's legacy 1e-15")
    func defaultCutoff() throws {
        #expect(SingularValueDecomposition.defaultRelativeTolerance(rows: 3, columns: 7) == 7 * Double.ulpOfOne)
        let atCutoff = SingularValueDecomposition(
            u: .identity(3), singularValues: [2, 1, 2 * 3 * Double.ulpOfOne], vt: .identity(3))
        #expect(atCutoff.rank() == 2, "σ equal to the cutoff is discarded, as NumPy's `s > cutoff`")
        #expect(atCutoff.pseudoInverse() == Matrix.diagonal([0.5, 1, 0]))
        #expect(atCutoff.rank(rtol: 0) == 3)

        // σ₃/σ₁ = 7.5e-16 lies between 3ε (6.7e-16, kept) and the legacy 1e-15 (which would drop it).
        let a = Matrix.diagonal([2, 1, 1.5e-15])
        var batch = OracleBatch()
        batch.add("api", op: "pinv", ["a": .matrix(a)])
        batch.add("legacy", op: "pinv", ["a": .matrix(a), "rtol": .scalar(1e-15)])
        let r = try batch.run("numerics_linalg")
        let p = try a.pseudoInverse()
        expectMatrixClose(p, try r.matrix("api", "p"), rtol: 1e-14, atol: 0, "default cutoff keeps σ₃")
        #expect(try a.rank() == 3)
        expectMatrixClose(try a.pseudoInverse(rtol: 1e-15), try r.matrix("legacy", "p"), rtol: 1e-14, atol: 0, "1e-15")
        #expect(try a.pseudoInverse(rtol: 1e-15)[2, 2] == 0)
    }

    @Test("empty and zero matrices")
    func degenerate() throws {
        #expect(try Matrix.zeros(rows: 0, columns: 3).pseudoInverse().shape == (3, 0))
        #expect(try Matrix.zeros(rows: 3, columns: 0).pseudoInverse().shape == (0, 3))
        #expect(try Matrix.zeros(rows: 2, columns: 3).pseudoInverse() == Matrix.zeros(rows: 3, columns: 2))
        var a = Matrix.identity(2)
        a[0, 1] = .nan
        let error = #expect(throws: LinearAlgebraError.self) { try a.pseudoInverse() }
        #expect(
            error?.description == "pseudo-inverse (dgesdd) of a 2×2 matrix failed: the matrix contains NaN or infinity")
    }
}

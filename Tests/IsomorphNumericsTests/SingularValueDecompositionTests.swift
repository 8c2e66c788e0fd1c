import IsomorphNumerics
import IsomorphTestSupport
import Testing

/// SVD against `numpy.linalg.svd` (also `dgesdd`).
///
/// Tolerances follow from backward stability: each implementation returns the exact SVD of
/// `A + E` with `‖E‖ ≤ c·max(m, n)·ε·‖A‖`. So (Weyl) singular values agree within that bound,
/// reconstructions and orthogonality hold within it, and singular *vectors* agree within it
/// divided by the gap to the nearest other singular value (Wedin). We use c = 16.
///
/// Sign ambiguity: for well-separated singular values (random matrices) the vectors are compared
/// after sign normalisation (largest-magnitude entry of each `U` column made positive, the same
/// flip applied to the row of `Vᵀ`); for ill-conditioned and rank-deficient matrices, where
/// trailing singular vectors are not determined, the invariants are compared instead: the
/// orthogonal projectors onto the dominant singular subspaces.
@Suite("Singular value decomposition (dgesdd) against NumPy")
struct SingularValueDecompositionTests {
    static let c = 16.0

    static let randomShapes: [(Int, Int)] = [(7, 5), (5, 7), (1, 6), (6, 1), (1, 1), (40, 13), (13, 40)]

    @Test("random matrices: values, sign-normalised vectors, reconstruction, orthonormality, full mode")
    func randomMatrices() throws {
        var batch = OracleBatch()
        let inputs = Self.randomShapes.enumerated().map { k, s in TestMatrices.normal(s.0, s.1, seed: UInt64(200 + k)) }
        for (k, a) in inputs.enumerated() { batch.add("r\(k)", op: "svd", ["a": .matrix(a)]) }
        let r = try batch.run("numerics_linalg")
        for (k, a) in inputs.enumerated() {
            let name = "r\(k) \(a.rowCount)×\(a.columnCount)"
            let svd = try a.svd()
            let (m, n) = a.shape
            let sigmaMax = svd.singularValues[0]
            let bound = Self.c * Double(max(m, n)) * eps * sigmaMax
            expectAllClose(svd.singularValues, try r.vector("r\(k)", "s"), rtol: 0, atol: bound, "\(name) σ")
            expectAllClose(try a.singularValues(), svd.singularValues, rtol: 0, atol: bound, "\(name) values-only σ")
            #expect(distance(svd.reconstructed(), a) <= bound * Double(min(m, n)).squareRoot(), "\(name) UΣVᵀ = A")
            try expectOrthonormalColumns(svd.u, "\(name) U")
            try expectOrthonormalColumns(svd.vt.transposed(), "\(name) V")

            // Vectors: sign-normalise both sides consistently, tolerance bound / gap per index.
            let (u, vt) = normalizedPair(svd.u, svd.vt)
            let (nu, nvt) = normalizedPair(try r.matrix("r\(k)", "u"), try r.matrix("r\(k)", "vt"))
            for i in 0..<svd.singularValues.count {
                let gap = gapOf(svd.singularValues, i, rectangular: m != n)
                let tol = bound / gap
                expectAllClose(u.column(i), nu.column(i), rtol: 0, atol: tol, "\(name) U[:, \(i)] (gap \(gap))")
                expectAllClose(vt.row(i), nvt.row(i), rtol: 0, atol: tol, "\(name) Vᵀ[\(i), :]")
            }

            let full = try a.svd(.full)
            #expect(full.u.shape == (m, m) && full.vt.shape == (n, n), "\(name) full shapes")
            try expectOrthonormalColumns(full.u, "\(name) full U")
            try expectOrthonormalColumns(full.vt, "\(name) full Vᵀ")
            expectAllClose(full.singularValues, svd.singularValues, rtol: 0, atol: bound, "\(name) full σ")
            #expect(full.u.shape == (try r.matrix("r\(k)", "u_full")).shape)
            #expect(try a.rank() == Int(try r.scalar("r\(k)", "rank")), "\(name) rank")
        }
    }

    @Test("ill-conditioned and rank-deficient matrices: values, projectors and rank agree with NumPy")
    func illConditioned() throws {
        // (name, matrix, dimension of a dominant subspace with a clear gap after it)
        let cases: [(String, Matrix, Int)] = [
            ("hilbert8", TestMatrices.hilbert(8), 3),
            ("hilbert12", TestMatrices.hilbert(12), 4),
            ("rank4tall", TestMatrices.rankDeficient(30, 10, rank: 4, seed: 5), 4),
            ("rank4wide", TestMatrices.rankDeficient(10, 30, rank: 4, seed: 6), 4),
            ("huge", 1e150 * TestMatrices.normal(9, 6, seed: 7), 2),
            ("tiny", 1e-150 * TestMatrices.normal(6, 9, seed: 8), 2),
        ]
        var batch = OracleBatch()
        for (name, a, _) in cases { batch.add(name, op: "svd", ["a": .matrix(a)]) }
        let r = try batch.run("numerics_linalg")
        for (name, a, dim) in cases {
            let svd = try a.svd()
            let (m, n) = a.shape
            let s = svd.singularValues
            let bound = Self.c * Double(max(m, n)) * eps * s[0]
            expectAllClose(s, try r.vector(name, "s"), rtol: 0, atol: bound, "\(name) σ")
            #expect(distance(svd.reconstructed(), a) <= bound * Double(min(m, n)).squareRoot(), "\(name) UΣVᵀ = A")
            try expectOrthonormalColumns(svd.u, "\(name) U")
            // Projectors onto the dominant `dim`-dimensional left and right singular subspaces.
            let tol = bound / (s[dim - 1] - s[dim])
            let nu = try r.matrix(name, "u").columns(0..<dim)
            let nvt = try r.matrix(name, "vt").rows(0..<dim)
            let pu = svd.u.columns(0..<dim).outerGram()
            let pv = svd.vt.rows(0..<dim).gram()
            expectMatrixClose(pu, nu.outerGram(), rtol: 0, atol: tol, "\(name) left projector")
            expectMatrixClose(pv, nvt.gram(), rtol: 0, atol: tol, "\(name) right projector")
            #expect(try a.rank() == Int(try r.scalar(name, "rank")), "\(name) rank")
        }
        #expect(try TestMatrices.rankDeficient(30, 10, rank: 4, seed: 5).rank() == 4)
    }

    @Test(
        "empty matrices decompose into correctly shaped empty factors, as in NumPy",
        arguments: [(0, 3), (3, 0), (0, 0)])
    func emptyMatrices(shape: (Int, Int)) throws {
        let a = Matrix.zeros(rows: shape.0, columns: shape.1)
        var batch = OracleBatch()
        batch.add("e", op: "svd", ["a": .matrix(a)])
        let r = try batch.run("numerics_linalg")
        let thin = try a.svd()
        let full = try a.svd(.full)
        #expect(thin.u.shape == (try r.matrix("e", "u")).shape)
        #expect(thin.vt.shape == (try r.matrix("e", "vt")).shape)
        #expect(thin.singularValues.isEmpty)
        #expect(full.u == (try r.matrix("e", "u_full")))
        #expect(full.vt == (try r.matrix("e", "vt_full")))
        #expect(try a.rank() == 0)
    }

    @Test("NaN or infinite input is rejected with a typed error, before LAPACK sees it")
    func nonFiniteInput() {
        var a = TestMatrices.normal(4, 3, seed: 1)
        a[2, 1] = .nan
        #expect(throws: LinearAlgebraError(.svd, rows: 4, columns: 3, reason: .nonFiniteInput(operand: "matrix"))) {
            try a.svd()
        }
        a[2, 1] = -.infinity
        let error = #expect(throws: LinearAlgebraError.self) { try a.singularValues() }
        #expect(
            error?.description
                == "singular value decomposition (dgesdd) of a 4×3 matrix failed: the matrix contains NaN or infinity")
    }
}

/// The smallest distance from `s[i]` to another singular value (or to 0 for a rectangular matrix,
/// whose complementary singular subspace has singular value 0), floored to avoid division by 0.
func gapOf(_ s: [Double], _ i: Int, rectangular: Bool) -> Double {
    var gap = Double.infinity
    for j in s.indices where j != i { gap = min(gap, abs(s[i] - s[j])) }
    if rectangular { gap = min(gap, s[i]) }
    return max(gap, Double.leastNormalMagnitude)
}

/// Sign-normalises `U`'s columns and applies the same flips to `Vᵀ`'s rows (keeping `UΣVᵀ`).
func normalizedPair(_ u: Matrix, _ vt: Matrix) -> (Matrix, Matrix) {
    let nu = signNormalizedColumns(u)
    var nvt = vt
    for i in 0..<min(u.columnCount, vt.rowCount) where nu.column(i) != u.column(i) {
        nvt.setRow(i, to: vt.row(i).map { -$0 })
    }
    return (nu, nvt)
}

/// Records an issue unless `QᵀQ = I` within 16·max(m, n)·ε per entry.
func expectOrthonormalColumns(_ q: Matrix, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let tol = 16 * Double(max(q.rowCount, q.columnCount, 1)) * eps
    expectMatrixClose(
        q.gram(), Matrix.identity(q.columnCount), rtol: 0, atol: tol, what, sourceLocation: sourceLocation)
}

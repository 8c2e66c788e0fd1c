import IsomorphNumerics
import IsomorphTestSupport
import Testing

/// Symmetric eigendecomposition against `numpy.linalg.eigh` (also `dsyevd`, lower triangle).
///
/// Tolerances as for the SVD: backward error `16·n·ε·‖A‖₂` for eigenvalues, reconstruction and
/// orthogonality; divided by the eigenvalue gap for sign-normalised eigenvectors (Davis–Kahan).
/// Where an eigenvalue is repeated (a rank-deficient PSD matrix) only the projector onto the
/// dominant eigenspace is compared.
@Suite("Symmetric eigendecomposition (dsyevd) against NumPy")
struct SymmetricEigendecompositionTests {
    static func symmetric(_ n: Int, seed: UInt64) -> Matrix {
        let x = TestMatrices.normal(n, n, seed: seed)
        return 0.5 * (x + x.transposed())
    }

    /// The symmetric matrix defined by the lower triangle of `a`.
    static func fromLower(_ a: Matrix) -> Matrix {
        Matrix(rows: a.rowCount, columns: a.columnCount) { i, j in i >= j ? a[i, j] : a[j, i] }
    }

    @Test("values, vectors, both orders and values-only agree with NumPy; only the lower triangle is read")
    func agreesWithNumpy() throws {
        var asymmetric = Self.symmetric(6, seed: 3)
        asymmetric[0, 5] = 100  // upper triangle: must be ignored, as numpy.linalg.eigh(UPLO='L') does
        let cases: [(String, Matrix)] = [
            ("sym6", Self.symmetric(6, seed: 1)),
            ("sym20", Self.symmetric(20, seed: 2)),
            ("lowerOnly", asymmetric),
            ("spd", TestMatrices.spd(8, seed: 4)),
            ("hilbert8", TestMatrices.hilbert(8)),
            ("one", Matrix(rows: [[-2.5]])),
        ]
        var batch = OracleBatch()
        for (name, a) in cases { batch.add(name, op: "eigh", ["a": .matrix(a)]) }
        let r = try batch.run("numerics_linalg")
        for (name, a) in cases {
            let n = a.rowCount
            let eig = try a.symmetricEigen()
            let w = try r.vector(name, "w")
            let norm = w.map(abs).max()!
            let bound = 16 * Double(n) * eps * norm
            expectAllClose(eig.eigenvalues, w, rtol: 0, atol: bound, "\(name) λ ascending")
            #expect(eig.eigenvalues == eig.eigenvalues.sorted(), "\(name) ascending order")
            expectAllClose(
                try a.symmetricEigenvalues(), try r.vector(name, "wonly"), rtol: 0, atol: bound, "\(name) eigvalsh")
            expectMatrixClose(eig.reconstructed(), Self.fromLower(a), rtol: 0, atol: bound, "\(name) VΛVᵀ = A")
            try expectOrthonormalColumns(eig.eigenvectors, "\(name) V")

            let mine = signNormalizedColumns(eig.eigenvectors)
            let theirs = signNormalizedColumns(try r.matrix(name, "v"))
            for i in 0..<n {
                let tol = bound / gapOf(w, i, rectangular: false)
                expectAllClose(mine.column(i), theirs.column(i), rtol: 0, atol: tol, "\(name) v[:, \(i)]")
            }

            let descending = try a.symmetricEigen(order: .descending)
            #expect(descending.eigenvalues == eig.eigenvalues.reversed(), "\(name) descending values")
            #expect(
                descending.eigenvectors == eig.eigenvectors.columns(at: (0..<n).reversed()),
                "\(name) descending vectors")
            #expect(try a.symmetricEigenvalues(order: .descending) == (try a.symmetricEigenvalues()).reversed())
        }
    }

    @Test("a rank-deficient PSD matrix: repeated zero eigenvalue, dominant eigenspace agrees with NumPy")
    func repeatedEigenvalues() throws {
        let b = TestMatrices.normal(10, 3, seed: 9)
        let a = b.outerGram()
        var batch = OracleBatch()
        batch.add("psd", op: "eigh", ["a": .matrix(a)])
        let r = try batch.run("numerics_linalg")
        let eig = try a.symmetricEigen(order: .descending)
        let w = try r.vector("psd", "w")
        let bound = 16 * 10 * eps * w.last!
        expectAllClose(eig.eigenvalues, w.reversed(), rtol: 0, atol: bound, "λ")
        let top = eig.eigenvectors.columns(0..<3)
        let numpyTop = try r.matrix("psd", "v").columns(7..<10)
        expectMatrixClose(top.outerGram(), numpyTop.outerGram(), rtol: 0, atol: bound / eig.eigenvalues[2], "projector")
    }

    @Test("empty, non-square and non-finite input")
    func degenerateInput() throws {
        let empty = try Matrix.zeros(rows: 0, columns: 0).symmetricEigen()
        #expect(empty.eigenvalues.isEmpty && empty.eigenvectors.shape == (0, 0))
        let wide = Matrix.zeros(rows: 2, columns: 3)
        let error = #expect(throws: LinearAlgebraError.self) { try wide.symmetricEigen() }
        #expect(
            error?.description
                == "symmetric eigendecomposition (dsyevd) of a 2×3 matrix failed: the matrix is not square")
        var a = Matrix.identity(3)
        a[1, 0] = .nan
        #expect(
            throws: LinearAlgebraError(.symmetricEigen, rows: 3, columns: 3, reason: .nonFiniteInput(operand: "matrix"))
        ) {
            try a.symmetricEigenvalues()
        }
    }
}

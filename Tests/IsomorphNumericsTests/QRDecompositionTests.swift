import IsomorphNumerics
import IsomorphTestSupport
import Testing

/// QR against `numpy.linalg.qr` (`dgeqrf`/`dorgqr` on a transposed copy).
///
/// Isomorph applies the same Householder reflectors through `dgelqf`/`dorglq` on the transposed
/// layout, so for full-rank matrices `Q` and `R` are compared **directly, signs included**: a sign
/// or ordering difference would show up as an O(1) error. Householder QR is backward stable and,
/// for well-conditioned random matrices (κ ≲ 100), the factors' forward error is below
/// 64·max(m, n)·ε·κ·‖A‖ — we use 64·max(m, n)·ε·‖A‖·10⁴ as an outer bound that still exposes any
/// structural difference. For the rank-deficient matrix only `QR = A`, `QᵀQ = I` and triangularity
/// are checked: its trailing reflectors act on rounding noise.
@Suite("QR factorization against NumPy")
struct QRDecompositionTests {
    static let shapes: [(Int, Int)] = [(7, 5), (5, 7), (1, 6), (6, 1), (1, 1), (40, 13), (13, 40)]

    @Test("reduced and complete factors equal NumPy's, signs included")
    func agreesWithNumpy() throws {
        var batch = OracleBatch()
        let inputs = Self.shapes.enumerated().map { k, s in TestMatrices.normal(s.0, s.1, seed: UInt64(300 + k)) }
        for (k, a) in inputs.enumerated() { batch.add("q\(k)", op: "qr", ["a": .matrix(a)]) }
        let r = try batch.run("numerics_linalg")
        for (k, a) in inputs.enumerated() {
            let name = "q\(k) \(a.rowCount)×\(a.columnCount)"
            let (m, n) = a.shape
            let tol = 64 * Double(max(m, n)) * eps * (try TestMatrices.normTwo(a)) * 1e4
            let reduced = try a.qr()
            expectMatrixClose(reduced.q, try r.matrix("q\(k)", "q"), rtol: 0, atol: tol, "\(name) Q")
            expectMatrixClose(reduced.r, try r.matrix("q\(k)", "r"), rtol: 0, atol: tol, "\(name) R")
            let complete = try a.qr(.complete)
            expectMatrixClose(complete.q, try r.matrix("q\(k)", "qc"), rtol: 0, atol: tol, "\(name) complete Q")
            expectMatrixClose(complete.r, try r.matrix("q\(k)", "rc"), rtol: 0, atol: tol, "\(name) complete R")
            try expectValidQR(a, reduced, name)
            try expectValidQR(a, complete, "\(name) complete")
        }
    }

    @Test("rank-deficient and ill-conditioned input: QR = A, QᵀQ = I, R upper triangular")
    func degenerate() throws {
        try expectValidQR(
            TestMatrices.rankDeficient(20, 8, rank: 3, seed: 1),
            try TestMatrices.rankDeficient(20, 8, rank: 3, seed: 1).qr(), "rank 3")
        let h = TestMatrices.hilbert(10)
        try expectValidQR(h, try h.qr(.complete), "hilbert10")
    }

    @Test("empty matrices: NumPy's shapes (and identity Q in complete mode)", arguments: [(0, 3), (3, 0), (0, 0)])
    func empty(shape: (Int, Int)) throws {
        let a = Matrix.zeros(rows: shape.0, columns: shape.1)
        var batch = OracleBatch()
        batch.add("e", op: "qr", ["a": .matrix(a)])
        let r = try batch.run("numerics_linalg")
        #expect(try a.qr().q == (try r.matrix("e", "q")))
        #expect(try a.qr().r == (try r.matrix("e", "r")))
        #expect(try a.qr(.complete).q == (try r.matrix("e", "qc")))
        #expect(try a.qr(.complete).r == (try r.matrix("e", "rc")))
    }

    @Test("non-finite input is rejected")
    func nonFinite() {
        var a = TestMatrices.normal(3, 3, seed: 1)
        a[0, 0] = .infinity
        #expect(throws: LinearAlgebraError(.qr, rows: 3, columns: 3, reason: .nonFiniteInput(operand: "matrix"))) {
            try a.qr()
        }
    }
}

/// Records issues unless `QR = A` (16·max(m,n)·ε·‖A‖_F), `Q` has orthonormal columns and `R` is
/// upper triangular (exact zeros below the diagonal).
func expectValidQR(
    _ a: Matrix, _ f: QRDecomposition, _ what: String, sourceLocation: SourceLocation = #_sourceLocation
)
    throws
{
    let (m, n) = a.shape
    #expect(
        distance(f.q.matmul(f.r), a) <= 16 * Double(max(m, n)) * eps * max(a.frobeniusNorm(), 1e-300),
        "\(what): QR = A", sourceLocation: sourceLocation)
    try expectOrthonormalColumns(f.q, "\(what): QᵀQ = I", sourceLocation: sourceLocation)
    for i in 0..<f.r.rowCount {
        for j in 0..<min(i, n) where f.r[i, j] != 0 {
            Issue.record("\(what): R[\(i), \(j)] = \(f.r[i, j]) below the diagonal", sourceLocation: sourceLocation)
        }
    }
}

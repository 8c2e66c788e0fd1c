import Testing

@testable import IsomorphNumerics

@Suite("LinearAlgebraError: messages and LAPACK info mapping")
struct LinearAlgebraErrorTests {
    struct MessageCase: Sendable, CustomTestStringConvertible {
        let error: LinearAlgebraError
        let expected: String
        var testDescription: String { expected }
    }

    static let messages: [MessageCase] = [
        MessageCase(
            error: LinearAlgebraError(.svd, rows: 5, columns: 3, reason: .didNotConverge, info: 2),
            expected:
                "singular value decomposition (dgesdd) of a 5×3 matrix failed: the iterative algorithm did not converge [LAPACK info 2]"
        ),
        MessageCase(
            error: LinearAlgebraError(.symmetricEigen, rows: 4, columns: 4, reason: .didNotConverge, info: 7),
            expected:
                "symmetric eigendecomposition (dsyevd) of a 4×4 matrix failed: the iterative algorithm did not converge [LAPACK info 7]"
        ),
        MessageCase(
            error: LinearAlgebraError(.qr, rows: 2, columns: 9, reason: .invalidArgument(position: 4), info: -5),
            expected:
                "QR factorization (dgelqf/dorglq) of a 2×9 matrix failed: LAPACK rejected argument 4 (a bug in Isomorph; please report it) [LAPACK info -5]"
        ),
        MessageCase(
            error: LinearAlgebraError(
                .leastSquares, rows: 3, columns: 3, reason: .tooLarge(detail: "element count 3000000000")),
            expected:
                "least squares (dgelsd) of a 3×3 matrix failed: element count 3000000000 exceeds LAPACK's 32-bit integer range"
        ),
        MessageCase(
            error: LinearAlgebraError(
                .choleskySolve, rows: 2, columns: 2, reason: .nonFiniteInput(operand: "right-hand side")),
            expected: "Cholesky solve (dpotrs) of a 2×2 matrix failed: the right-hand side contains NaN or infinity"
        ),
    ]

    @Test("every reason renders one actionable line", arguments: messages)
    func message(_ c: MessageCase) {
        #expect(c.error.description == c.expected)
    }

    @Test("LAPACKE's negative info (shifted by its layout argument) maps to the routine's argument position")
    func infoMapping() {
        #expect(throws: LinearAlgebraError(.qr, rows: 2, columns: 3, reason: .invalidArgument(position: 4), info: -5)) {
            try LAPACK.check(-5, .qr, rows: 2, columns: 3) { _ in .didNotConverge }
        }
        #expect(
            throws: LinearAlgebraError(
                .cholesky, rows: 3, columns: 3, reason: .notPositiveDefinite(leadingMinor: 3), info: 3)
        ) {
            try LAPACK.check(3, .cholesky, rows: 3, columns: 3) { .notPositiveDefinite(leadingMinor: $0) }
        }
        #expect(throws: Never.self) { try LAPACK.check(0, .svd, rows: 1, columns: 1) { _ in .didNotConverge } }
    }

    @Test("sizes beyond 32-bit LAPACK integers are refused with a typed error")
    func tooLarge() {
        #expect(
            throws: LinearAlgebraError(.svd, rows: 1, columns: 1, reason: .tooLarge(detail: "element count 4294967296"))
        ) {
            try LAPACK.int(1 << 32, "element count", .svd, rows: 1, columns: 1)
        }
    }
}

/// A decomposition or solve that could not produce a result, with the operation, the shape of
/// the matrix it was given and, when LAPACK reported the failure, LAPACK's `info`.
///
/// Every LAPACK-backed function in Isomorph throws this instead of crashing or returning NaN:
/// input with NaN or ±∞ is rejected before LAPACK sees it, and a nonzero `info` is mapped to a
/// ``Reason``. The ``description`` is one line a scientist can act on, for example
/// `Cholesky factorization (dpotrf) of a 3×3 matrix failed: the matrix is not positive definite
/// (the leading minor of order 2 is not positive) [LAPACK info 2]`.
public struct LinearAlgebraError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The operation that failed, with the LAPACK routine doing the work.
    public enum Operation: String, Sendable, Hashable, CaseIterable {
        /// ``Matrix/svd(_:)`` and ``Matrix/singularValues()`` (`dgesdd`).
        case svd = "singular value decomposition (dgesdd)"
        /// ``Matrix/symmetricEigen(order:)`` and ``Matrix/symmetricEigenvalues(order:)`` (`dsyevd`).
        case symmetricEigen = "symmetric eigendecomposition (dsyevd)"
        /// ``Matrix/cholesky()`` (`dpotrf`).
        case cholesky = "Cholesky factorization (dpotrf)"
        /// ``Cholesky/solve(_:)`` (`dpotrs`).
        case choleskySolve = "Cholesky solve (dpotrs)"
        /// ``Matrix/qr(_:)`` (Householder QR through `dgelqf`/`dorglq` on the transposed layout).
        case qr = "QR factorization (dgelqf/dorglq)"
        /// ``Matrix/leastSquares(_:rcond:)`` (`dgelsd`).
        case leastSquares = "least squares (dgelsd)"
        /// ``Matrix/pseudoInverse(rtol:)`` (an SVD through `dgesdd`).
        case pseudoInverse = "pseudo-inverse (dgesdd)"
        /// ``Matrix/solve(_:)`` (`dgetrf`/`dgetrs`).
        case solve = "linear solve (dgetrf/dgetrs)"
        /// ``Matrix/inverse()`` (`dgetrf`/`dgetri`).
        case inverse = "matrix inverse (dgetrf/dgetri)"
    }

    /// Why the operation failed.
    public enum Reason: Sendable, Hashable {
        /// LAPACK rejected argument number `position` of its routine (1-based, in the Fortran
        /// routine's argument order). This indicates a bug in Isomorph, not in the data.
        case invalidArgument(position: Int)
        /// The leading minor of order `leadingMinor` (1-based) is not positive, so the matrix is
        /// not (numerically) positive definite.
        case notPositiveDefinite(leadingMinor: Int)
        /// The LU factor `U(pivot, pivot)` (1-based) is exactly zero: the matrix is singular.
        case singular(pivot: Int)
        /// The iterative part of the algorithm did not converge (``LinearAlgebraError/info``
        /// says where, in the routine's own terms).
        case didNotConverge
        /// The input holds NaN or ±∞ (`operand` names which input, for example `matrix` or
        /// `right-hand side`).
        case nonFiniteInput(operand: String)
        /// Operand shapes do not fit the operation (`detail` says how).
        case shapeMismatch(detail: String)
        /// A size exceeds LAPACK's 32-bit integers (`detail` names it).
        case tooLarge(detail: String)
    }

    /// The operation that failed.
    public let operation: Operation
    /// The number of rows of the matrix the operation was given.
    public let rows: Int
    /// The number of columns of the matrix the operation was given.
    public let columns: Int
    /// Why it failed.
    public let reason: Reason
    /// LAPACK's `info` when the failure was reported by LAPACK, else `nil`. For invalid arguments
    /// this is the raw value LAPACKE returned (LAPACKE counts its layout argument, so it is one
    /// below `-position`).
    public let info: Int32?

    /// Creates an error.
    public init(_ operation: Operation, rows: Int, columns: Int, reason: Reason, info: Int32? = nil) {
        self.operation = operation
        self.rows = rows
        self.columns = columns
        self.reason = reason
        self.info = info
    }

    /// One line naming the operation, the shape, the reason and LAPACK's info.
    public var description: String {
        var text = "\(operation.rawValue) of a \(rows)×\(columns) matrix failed: "
        switch reason {
        case .invalidArgument(let position):
            text += "LAPACK rejected argument \(position) (a bug in Isomorph; please report it)"
        case .notPositiveDefinite(let k):
            text += "the matrix is not positive definite (the leading minor of order \(k) is not positive)"
        case .singular(let pivot):
            text += "the matrix is singular (U(\(pivot),\(pivot)) of its LU factorization is exactly zero)"
        case .didNotConverge:
            text += "the iterative algorithm did not converge"
        case .nonFiniteInput(let operand):
            text += "the \(operand) contains NaN or infinity"
        case .shapeMismatch(let detail):
            text += detail
        case .tooLarge(let detail):
            text += "\(detail) exceeds LAPACK's 32-bit integer range"
        }
        if let info { text += " [LAPACK info \(info)]" }
        return text
    }
}

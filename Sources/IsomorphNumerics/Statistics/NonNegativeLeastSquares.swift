/// Non-negative least squares, `argmin ‖A·x − b‖₂` subject to `x ≥ 0`, by the active-set
/// algorithm of Lawson & Hanson (1974, ch. 23), the algorithm `scipy.optimize.nnls` implements.
///
/// The passive set `P` (variables free to be positive) grows by the variable with the largest
/// dual value `w = Aᵀ(b − A·x)`; the unconstrained least-squares problem on the columns in `P`
/// is solved by LAPACK (`leastSquares`, QR-based); if that solution leaves the feasible region,
/// the step is shortened to the boundary and the variables that hit zero leave `P`. The loop ends
/// when no variable outside `P` has a positive dual value above the tolerance
/// `10·max(m, n)·ε·‖A‖_F·‖b‖₂` (the KKT conditions hold to rounding).
public struct NonNegativeLeastSquares: Sendable, Hashable {
    /// The solution (`n` non-negative coefficients).
    public let solution: [Double]
    /// `‖A·x − b‖₂`.
    public let residualNorm: Double
    /// The outer iterations used.
    public let iterations: Int

    /// Solves the problem.
    ///
    /// - Parameters:
    ///   - a: `A`, `m × n`.
    ///   - b: `b`, `m` values.
    ///   - maxIterations: Outer iterations allowed (default `3n`, SciPy's default).
    /// - Throws: ``Failure`` for non-finite input, mismatched sizes, a failed least-squares
    ///   step, or when the iteration limit is reached.
    /// - Complexity: O(k·m·n²) for `k` iterations (one QR least-squares solve per step).
    public init(_ a: Matrix, _ b: [Double], maxIterations: Int? = nil) throws(Failure) {
        let (m, n) = (a.rowCount, a.columnCount)
        guard b.count == m else {
            throw .sizeMismatch(rows: m, values: b.count)
        }
        guard a.isFinite, b.allSatisfy(\.isFinite) else { throw .nonFiniteInput }
        let limit = maxIterations ?? max(1, 3 * n)
        var x = [Double](repeating: 0, count: n)
        var passive = [Bool](repeating: false, count: n)
        let bNorm = b.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let tolerance = 10 * Double(max(m, n)) * Double.ulpOfOne * a.frobeniusNorm() * max(bNorm, 1e-300)
        let bColumn = Matrix(column: b)

        func dual(_ x: [Double]) -> [Double] {
            let residual = zip(b, a.matvec(x)).map { $0 - $1 }
            return a.matvec(residual, transposeSelf: true)
        }
        func solvePassive(_ set: [Int]) throws(Failure) -> [Double] {
            let s: Matrix
            do {
                s = try a.columns(at: set).leastSquares(bColumn, rcond: -1).solution
            } catch {
                throw .leastSquares(error)
            }
            var full = [Double](repeating: 0, count: n)
            for (k, j) in set.enumerated() { full[j] = s[k, 0] }
            return full
        }

        var iterations = 0
        var w = dual(x)
        var blocked = [Bool](repeating: false, count: n)
        while true {
            var best = -1
            var bestValue = tolerance
            for j in 0..<n where !passive[j] && !blocked[j] && w[j] > bestValue {
                best = j
                bestValue = w[j]
            }
            guard best >= 0 else { break }
            iterations += 1
            guard iterations <= limit else {
                throw .iterationLimit(limit)
            }
            passive[best] = true
            var s = try solvePassive((0..<n).filter { passive[$0] })
            if s[best] <= 0 {
                // Rounding made the entering variable non-positive: keep it out (Lawson–Hanson's safeguard).
                passive[best] = false
                blocked[best] = true
                continue
            }
            blocked = [Bool](repeating: false, count: n)
            var inner = 0
            while (0..<n).contains(where: { passive[$0] && s[$0] <= 0 }) {
                inner += 1
                guard inner <= 3 * n + 1 else {
                    throw .iterationLimit(limit)
                }
                var alpha = Double.infinity
                for j in 0..<n where passive[j] && s[j] <= 0 { alpha = min(alpha, x[j] / (x[j] - s[j])) }
                for j in 0..<n { x[j] += alpha * (s[j] - x[j]) }
                for j in 0..<n where passive[j] && x[j] <= tolerance {
                    passive[j] = false
                    x[j] = 0
                }
                s = try solvePassive((0..<n).filter { passive[$0] })
            }
            x = s
            w = dual(x)
        }
        let residual = zip(b, a.matvec(x)).map { $0 - $1 }
        solution = x
        residualNorm = residual.reduce(0) { $0 + $1 * $1 }.squareRoot()
        self.iterations = iterations
    }

    /// Why NNLS failed.
    public enum Failure: Error, Sendable, Hashable, CustomStringConvertible {
        /// `A` has `rows` rows but `b` has `values` values.
        case sizeMismatch(rows: Int, values: Int)
        /// `A` or `b` holds NaN or ±∞.
        case nonFiniteInput
        /// A least-squares step failed.
        case leastSquares(LinearAlgebraError)
        /// No solution within the iteration limit.
        case iterationLimit(Int)

        public var description: String {
            switch self {
            case .sizeMismatch(let rows, let values): return "nnls: A has \(rows) rows but b has \(values) values"
            case .nonFiniteInput: return "nnls: A or b holds NaN or infinity"
            case .leastSquares(let error): return "nnls: a least-squares step failed: \(error)"
            case .iterationLimit(let limit): return "nnls: no solution within \(limit) iterations"
            }
        }
    }
}

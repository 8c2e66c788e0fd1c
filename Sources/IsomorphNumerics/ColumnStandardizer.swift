/// Column centering or z-scoring fitted on one matrix and applied to others, so held-out data
/// is transformed with the training statistics (no leakage across CV folds).
///
/// `transform(x)` computes `(x − mean) · factor` per column, where `factor` is
/// - 1 when centering only;
/// - `1 / std` when standardizing;
/// - **0 for a constant column** when standardizing: a column whose training values are all equal
///   has standard deviation 0 and is left at 0 (in the training data and in any data transformed
///   later) instead of becoming NaN as in `scipy.stats.zscore`. scikit-learn's `StandardScaler`
///   also yields 0 on its training data but maps held-out values to `x − mean`; Isomorph keeps
///   the column at 0 everywhere because it carries no information the model was fitted on.
///
/// When the standard deviation is undefined (`rows − ddof ≤ 0` for a non-constant column) it is
/// NaN and so is the transformed column: nothing is invented. NaN in the data propagates likewise.
///
/// Statistics are `Double` (also for ``FloatMatrix`` input); transformed values are rounded to
/// the matrix's element type.
public struct ColumnStandardizer: Sendable, Hashable {
    /// The training column means.
    public let means: [Double]
    /// The training standard deviations (0 for constant columns), or `nil` when only centering.
    public let standardDeviations: [Double]?
    /// The delta degrees of freedom the standard deviations used, or `nil` when only centering.
    public let ddof: Int?
    /// The per-column factor applied after subtracting the mean.
    public let factors: [Double]

    /// A centering-only transform fitted on the columns of `x`.
    @inlinable
    public init<S: MatrixScalar>(centering x: DenseMatrix<S>) {
        self.init(means: x.columnMoments().means, standardDeviations: nil, ddof: nil)
    }

    /// A z-scoring transform fitted on the columns of `x`.
    ///
    /// - Parameters:
    ///   - x: The training data (samples in rows).
    ///   - ddof: Delta degrees of freedom of the standard deviation, stated explicitly: 0 matches
    ///     `scipy.stats.zscore` and scikit-learn's `StandardScaler`; 1 matches R's `scale`.
    @inlinable
    public init<S: MatrixScalar>(standardizing x: DenseMatrix<S>, ddof: Int) {
        let moments = x.columnMoments()
        var stds = moments.standardDeviations(ddof: ddof)
        for j in stds.indices where moments.isConstant[j] { stds[j] = 0 }
        self.init(means: moments.means, standardDeviations: stds, ddof: ddof)
    }

    /// A transform from stored statistics (for example read back from an artifact).
    ///
    /// - Parameters:
    ///   - means: The column means.
    ///   - standardDeviations: The column standard deviations (0 marks a constant column), or `nil` to center only.
    ///   - ddof: The `ddof` the standard deviations used (recorded, not used in arithmetic).
    public init(means: [Double], standardDeviations: [Double]?, ddof: Int?) {
        if let standardDeviations {
            precondition(
                standardDeviations.count == means.count,
                "ColumnStandardizer: \(means.count) means but \(standardDeviations.count) standard deviations")
        }
        self.means = means
        self.standardDeviations = standardDeviations
        self.ddof = ddof
        self.factors = standardDeviations.map { $0.map { $0 == 0 ? 0 : 1 / $0 } } ?? means.map { _ in 1 }
    }

    /// The number of columns this transform applies to.
    @inlinable
    public var columnCount: Int { means.count }

    /// Whether each column was constant in the training data (standard deviation 0).
    @inlinable
    public var isConstant: [Bool] { standardDeviations?.map { $0 == 0 } ?? means.map { _ in false } }

    /// `x` centered (and scaled) with the training statistics.
    ///
    /// - Complexity: O(rows · columns).
    @inlinable
    public func transform<S: MatrixScalar>(_ x: DenseMatrix<S>) -> DenseMatrix<S> {
        var y = x
        transform(inPlace: &y)
        return y
    }

    /// Centers (and scales) `x` in place with the training statistics.
    ///
    /// - Complexity: O(rows · columns), no allocation when `x`'s storage is not shared.
    @inlinable
    public func transform<S: MatrixScalar>(inPlace x: inout DenseMatrix<S>) {
        precondition(
            x.columnCount == columnCount,
            "ColumnStandardizer: fitted on \(columnCount) columns, given a \(x.rowCount)×\(x.columnCount) matrix")
        let (m, n) = (x.rowCount, x.columnCount)
        x.withUnsafeMutableBufferPointer { b in
            means.withUnsafeBufferPointer { mu in
                factors.withUnsafeBufferPointer { f in
                    for i in 0..<m {
                        for j in 0..<n { b[i * n + j] = S((Double(b[i * n + j]) - mu[j]) * f[j]) }
                    }
                }
            }
        }
    }

    /// Undoes ``transform(_:)``: `x / factor + mean` (constant columns come back as their mean).
    ///
    /// - Complexity: O(rows · columns).
    @inlinable
    public func inverseTransform<S: MatrixScalar>(_ x: DenseMatrix<S>) -> DenseMatrix<S> {
        precondition(
            x.columnCount == columnCount,
            "ColumnStandardizer: fitted on \(columnCount) columns, given a \(x.rowCount)×\(x.columnCount) matrix")
        let scales = factors.map { $0 == 0 ? 0 : 1 / $0 }
        var y = x
        let (m, n) = (x.rowCount, x.columnCount)
        y.withUnsafeMutableBufferPointer { b in
            for i in 0..<m {
                for j in 0..<n { b[i * n + j] = S(Double(b[i * n + j]) * scales[j] + means[j]) }
            }
        }
        return y
    }
}

extension DenseMatrix {
    /// The matrix with each column's mean subtracted, and the fitted transform for held-out data.
    ///
    /// - Complexity: O(rows · columns).
    @inlinable
    public func centered() -> (matrix: Self, standardizer: ColumnStandardizer) {
        let s = ColumnStandardizer(centering: self)
        return (s.transform(self), s)
    }

    /// The matrix z-scored per column (constant columns left at 0), and the fitted transform
    /// for held-out data. See ``ColumnStandardizer``.
    ///
    /// - Parameter ddof: Delta degrees of freedom of the standard deviation (0 or 1), stated explicitly.
    /// - Complexity: O(rows · columns).
    @inlinable
    public func standardized(ddof: Int) -> (matrix: Self, standardizer: ColumnStandardizer) {
        let s = ColumnStandardizer(standardizing: self, ddof: ddof)
        return (s.transform(self), s)
    }
}

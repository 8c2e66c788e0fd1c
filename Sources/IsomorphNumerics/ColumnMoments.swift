/// Per-column means and sums of squared deviations of a matrix (samples in rows, variables in
/// columns), from which variances for any `ddof` follow.
///
/// ### Accuracy and cost
/// Two passes over the rows in storage order (cache-friendly for row-major data of any width):
/// the first sums, the second accumulates deviations `d = x − mean` with the corrected two-pass
/// formula `Σd² − (Σd)²/n`, which also absorbs the rounding of the mean. Sums are taken in
/// `Double` (also for ``FloatMatrix``) in blocks of rows, so the error grows with the number of
/// blocks rather than the number of rows.
///
/// ### Constant columns
/// A column is *constant* when all its values are equal (and there is at least one row). Its mean
/// is then exactly that value and its sum of squared deviations exactly 0, so centering yields
/// exact zeros and standardizing can recognise it (see ``ColumnStandardizer``).
public struct ColumnMoments: Sendable, Hashable {
    /// The number of rows (samples) the moments were computed from.
    public let sampleCount: Int
    /// The column means (NaN for every column when there are no rows, as NumPy).
    public let means: [Double]
    /// `Σᵢ (xᵢⱼ − meanⱼ)²` per column.
    public let sumsOfSquaredDeviations: [Double]
    /// Whether each column is constant (all values equal, at least one row).
    public let isConstant: [Bool]

    /// Creates moments from their parts.
    public init(sampleCount: Int, means: [Double], sumsOfSquaredDeviations: [Double], isConstant: [Bool]) {
        self.sampleCount = sampleCount
        self.means = means
        self.sumsOfSquaredDeviations = sumsOfSquaredDeviations
        self.isConstant = isConstant
    }

    /// The variances `Σd² / (n − ddof)`.
    ///
    /// - Parameter ddof: Delta degrees of freedom, stated explicitly every time: 0 for the
    ///   population (maximum-likelihood) variance, NumPy's default; 1 for the unbiased sample
    ///   variance, pandas' and R's default.
    /// - Returns: NaN for every column when `n − ddof ≤ 0` (undefined; NumPy returns ∞ or NaN
    ///   with a warning there).
    public func variances(ddof: Int) -> [Double] {
        precondition(ddof >= 0, "variances(ddof:): ddof must be ≥ 0, got \(ddof)")
        let dof = sampleCount - ddof
        guard dof > 0 else { return [Double](repeating: .nan, count: means.count) }
        return sumsOfSquaredDeviations.map { $0 / Double(dof) }
    }

    /// The standard deviations `sqrt(Σd² / (n − ddof))`; see ``variances(ddof:)``.
    public func standardDeviations(ddof: Int) -> [Double] {
        variances(ddof: ddof).map { $0.squareRoot() }
    }
}

extension DenseMatrix {
    /// The rows summed per block before the block's sums join the totals (bounds rounding growth).
    @usableFromInline static var momentBlockRows: Int { 256 }

    /// Means, sums of squared deviations and constant-column flags of every column.
    ///
    /// - Complexity: O(rows · columns), two passes in storage order.
    @inlinable
    public func columnMoments() -> ColumnMoments {
        let (m, n) = (rowCount, columnCount)
        guard m > 0 else {
            return ColumnMoments(
                sampleCount: 0, means: [Double](repeating: .nan, count: n),
                sumsOfSquaredDeviations: [Double](repeating: .nan, count: n),
                isConstant: [Bool](repeating: false, count: n))
        }
        var means = [Double](repeating: 0, count: n)
        var constant = [Bool](repeating: true, count: n)
        var ssd = [Double](repeating: 0, count: n)
        storage.withUnsafeBufferPointer { x in
            var block = [Double](repeating: 0, count: n)
            var blockDev = [Double](repeating: 0, count: n)
            var totalDev = [Double](repeating: 0, count: n)
            // Pass 1: sums, and whether each column equals its first row everywhere.
            for start in stride(from: 0, to: m, by: Self.momentBlockRows) {
                for j in 0..<n { block[j] = 0 }
                for i in start..<Swift.min(m, start + Self.momentBlockRows) {
                    let row = i * n
                    for j in 0..<n {
                        let v = x[row + j]
                        block[j] += Double(v)
                        if v != x[j] { constant[j] = false }
                    }
                }
                for j in 0..<n { means[j] += block[j] }
            }
            for j in 0..<n { means[j] = constant[j] ? Double(x[j]) : means[j] / Double(m) }
            // Pass 2: Σd and Σd² with d = x − mean (corrected two-pass formula).
            for start in stride(from: 0, to: m, by: Self.momentBlockRows) {
                for j in 0..<n {
                    block[j] = 0
                    blockDev[j] = 0
                }
                for i in start..<Swift.min(m, start + Self.momentBlockRows) {
                    let row = i * n
                    for j in 0..<n {
                        let d = Double(x[row + j]) - means[j]
                        blockDev[j] += d
                        block[j] += d * d
                    }
                }
                for j in 0..<n {
                    ssd[j] += block[j]
                    totalDev[j] += blockDev[j]
                }
            }
            for j in 0..<n {
                ssd[j] = constant[j] ? 0 : Swift.max(0, ssd[j] - totalDev[j] * totalDev[j] / Double(m))
            }
        }
        return ColumnMoments(sampleCount: m, means: means, sumsOfSquaredDeviations: ssd, isConstant: constant)
    }

    /// The sum of each column, accumulated in `Double`.
    ///
    /// - Complexity: O(rows · columns).
    @inlinable
    public func columnSums() -> [Double] {
        let (m, n) = (rowCount, columnCount)
        var sums = [Double](repeating: 0, count: n)
        storage.withUnsafeBufferPointer { x in
            for i in 0..<m {
                for j in 0..<n { sums[j] += Double(x[i * n + j]) }
            }
        }
        return sums
    }

    /// The uncentered sum of squares `Σᵢ xᵢⱼ²` of each column (squared column norms, as coordinate
    /// descent and cosine similarities need), accumulated in `Double`.
    ///
    /// - Complexity: O(rows · columns).
    @inlinable
    public func columnSumsOfSquares() -> [Double] {
        let (m, n) = (rowCount, columnCount)
        var sums = [Double](repeating: 0, count: n)
        storage.withUnsafeBufferPointer { x in
            for i in 0..<m {
                for j in 0..<n {
                    let v = Double(x[i * n + j])
                    sums[j] += v * v
                }
            }
        }
        return sums
    }

    /// The mean of each column (NaN for every column of a matrix without rows, as NumPy).
    ///
    /// - Complexity: O(rows · columns).
    @inlinable
    public func columnMeans() -> [Double] { columnMoments().means }

    /// The variance of each column with explicit delta degrees of freedom (`numpy.var(x, axis=0, ddof=ddof)`).
    ///
    /// - Parameter ddof: 0 for the population variance, 1 for the unbiased sample variance.
    /// - Returns: NaN for every column when `rows − ddof ≤ 0`.
    /// - Complexity: O(rows · columns).
    @inlinable
    public func columnVariances(ddof: Int) -> [Double] { columnMoments().variances(ddof: ddof) }

    /// The standard deviation of each column with explicit `ddof` (`numpy.std(x, axis=0, ddof=ddof)`).
    ///
    /// - Complexity: O(rows · columns).
    @inlinable
    public func columnStandardDeviations(ddof: Int) -> [Double] { columnMoments().standardDeviations(ddof: ddof) }
}

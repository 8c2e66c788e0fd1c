/// Column means and sums of squared deviations accumulated over row blocks, so a matrix that is
/// read block by block (activations too large for memory) gets the same statistics as
/// ``DenseMatrix/columnMoments()`` on the whole matrix.
///
/// Each block's moments come from the two-pass ``DenseMatrix/columnMoments()``; blocks are merged
/// with Chan, Golub & LeVeque's pairwise update (`M2 = M2ₐ + M2ᵦ + δ²·nₐ·nᵦ/(nₐ + nᵦ)`), which
/// keeps the accuracy of the two-pass formula.
public struct StreamingColumnMoments: Sendable {
    /// The number of columns.
    public let columnCount: Int
    private var count = 0
    private var means: [Double]
    private var m2: [Double]
    private var constant: [Bool]
    private var firstValues: [Double]

    /// An empty accumulator for `columns` columns.
    public init(columns: Int) {
        columnCount = columns
        means = [Double](repeating: 0, count: columns)
        m2 = [Double](repeating: 0, count: columns)
        constant = [Bool](repeating: true, count: columns)
        firstValues = [Double](repeating: 0, count: columns)
    }

    /// Adds the rows of `block`.
    ///
    /// - Precondition: `block` has ``columnCount`` columns.
    /// - Complexity: O(rows · columns).
    public mutating func add<S: MatrixScalar>(_ block: DenseMatrix<S>) {
        precondition(
            block.columnCount == columnCount,
            "StreamingColumnMoments: a block of \(block.columnCount) columns for \(columnCount)")
        guard block.rowCount > 0 else { return }
        let b = block.columnMoments()
        let nb = Double(b.sampleCount)
        if count == 0 {
            means = b.means
            m2 = b.sumsOfSquaredDeviations
            constant = b.isConstant
            firstValues = b.means
            count = b.sampleCount
            return
        }
        let na = Double(count)
        let total = na + nb
        for j in 0..<columnCount {
            let delta = b.means[j] - means[j]
            means[j] += delta * nb / total
            m2[j] += b.sumsOfSquaredDeviations[j] + delta * delta * na * nb / total
            if constant[j] && !(b.isConstant[j] && b.means[j] == firstValues[j]) { constant[j] = false }
        }
        count += b.sampleCount
    }

    /// The moments of every row added so far.
    public var moments: ColumnMoments {
        guard count > 0 else {
            return ColumnMoments(
                sampleCount: 0, means: [Double](repeating: .nan, count: columnCount),
                sumsOfSquaredDeviations: [Double](repeating: .nan, count: columnCount),
                isConstant: [Bool](repeating: false, count: columnCount))
        }
        var exactMeans = means
        var ssd = m2
        for j in 0..<columnCount where constant[j] {
            exactMeans[j] = firstValues[j]
            ssd[j] = 0
        }
        return ColumnMoments(sampleCount: count, means: exactMeans, sumsOfSquaredDeviations: ssd, isConstant: constant)
    }
}

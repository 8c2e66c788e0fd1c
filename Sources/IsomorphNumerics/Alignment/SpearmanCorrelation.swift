/// Spearman rank correlations between the columns of two matrices (samples in rows), as
/// `scipy.stats.spearmanr(a, b)` gives for every pair of columns: each column is replaced by its
/// ranks (ties get the average of the ranks they span, SciPy's `rankdata(method="average")`), then
/// Pearson correlations of the ranks are formed with one `gemm` (``DenseMatrix/columnCorrelations(with:)``).
/// Constant columns have NaN correlations, as in SciPy.
public enum SpearmanCorrelation {
    /// The `pa × pb` matrix of Spearman correlations between the columns of `a` (`n×pa`) and `b` (`n×pb`).
    ///
    /// - Precondition: both have the same number of rows.
    /// - Complexity: O((pa + pb) · n log n) to rank, plus O(n·pa·pb).
    public static func columns(_ a: Matrix, _ b: Matrix) -> Matrix {
        precondition(a.rowCount == b.rowCount, "Spearman: \(a.rowCount) samples against \(b.rowCount)")
        return ranks(a).columnCorrelations(with: ranks(b))
    }

    /// Each column replaced by its average ranks (1-based).
    ///
    /// - Complexity: O(columns · n log n).
    public static func ranks(_ x: Matrix) -> Matrix {
        Matrix(columns: (0..<x.columnCount).map { averageRanks(x.column($0)) })
    }

    /// Average ranks of `values` (1 = smallest; tied values share the mean of their ranks). A
    /// column holding NaN gets NaN ranks, so its correlations are NaN (SciPy's `nan_policy="propagate"`).
    ///
    /// - Complexity: O(n log n).
    public static func averageRanks(_ values: [Double]) -> [Double] {
        if values.contains(where: \.isNaN) { return [Double](repeating: .nan, count: values.count) }
        let order = values.indices.sorted { i, j in values[i] < values[j] || (values[i] == values[j] && i < j) }
        var ranks = [Double](repeating: 0, count: values.count)
        var start = 0
        while start < order.count {
            var end = start + 1
            while end < order.count && values[order[end]] == values[order[start]] { end += 1 }
            let rank = Double(start + end + 1) / 2  // mean of 1-based ranks start+1 … end
            for k in start..<end { ranks[order[k]] = rank }
            start = end
        }
        return ranks
    }
}

/// Model selection as in Higgins et al. 2020: among many trained instances, keep the best by an
/// unsupervised criterion (such as UDR), then drop instances that explain the neurons unusually
/// poorly.
///
/// Within each group (a model class, or one hyperparameter setting):
/// 1. rank the instances by `criterion`, larger is better, ties broken by input order, and keep the
///    top `topK` (all if `topK` is nil); NaN criteria rank last;
/// 2. among the kept ones, compute the mean `m` and standard deviation `s` (`ddof`) of their mean
///    variance explained, and drop those with `meanVE < m − sdFactor · s`.
public struct ModelSelection: Sendable, Hashable {
    /// Whether each instance is kept.
    public let kept: [Bool]
    /// Each instance's rank by criterion within its group (1 = best).
    public let ranks: [Int]
    /// Whether each instance survived step 1 (top-k by criterion).
    public let inTopK: [Bool]
    /// The variance-explained cut-off `m − sdFactor·s` of each instance's group.
    public let cutoffs: [Double]

    /// Selects instances.
    ///
    /// - Parameters:
    ///   - criterion: The unsupervised criterion per instance (larger is better).
    ///   - meanVarianceExplained: Each instance's mean variance explained over neurons.
    ///   - groups: A group id per instance (`nil`: one group).
    ///   - topK: How many to keep per group by criterion (`nil`: all).
    ///   - sdFactor: How many standard deviations below the mean VE an instance may fall (default 1).
    ///   - ddof: Delta degrees of freedom of that standard deviation (default 1).
    /// - Complexity: O(n log n).
    public init(
        criterion: [Double], meanVarianceExplained: [Double], groups: [Int]? = nil, topK: Int? = nil,
        sdFactor: Double = 1, ddof: Int = 1
    ) {
        let n = criterion.count
        precondition(meanVarianceExplained.count == n, "ModelSelection: \(meanVarianceExplained.count) VE for \(n)")
        let group = groups ?? [Int](repeating: 0, count: n)
        var ranks = [Int](repeating: 0, count: n)
        var top = [Bool](repeating: false, count: n)
        var kept = [Bool](repeating: false, count: n)
        var cutoffs = [Double](repeating: .nan, count: n)
        for g in Set(group).sorted() {
            let members = (0..<n).filter { group[$0] == g }
            let order = members.sorted { a, b in
                let (x, y) = (criterion[a], criterion[b])
                if x.isNaN != y.isNaN { return !x.isNaN }
                return x > y || (x == y && a < b) || (x.isNaN && y.isNaN && a < b)
            }
            for (r, i) in order.enumerated() {
                ranks[i] = r + 1
                top[i] = topK.map { r < $0 } ?? true
            }
            let survivors = order.filter { top[$0] }
            let values = survivors.map { meanVarianceExplained[$0] }.filter { !$0.isNaN }
            let mean = values.reduce(0, +) / Double(values.count)
            let ss = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
            let sd = values.count > ddof ? (ss / Double(values.count - ddof)).squareRoot() : 0
            let cutoff = mean - sdFactor * sd
            for i in members { cutoffs[i] = cutoff }
            for i in survivors { kept[i] = !(meanVarianceExplained[i] < cutoff) && !meanVarianceExplained[i].isNaN }
        }
        self.kept = kept
        self.ranks = ranks
        self.inTopK = top
        self.cutoffs = cutoffs
    }
}

/// How the penalty is chosen from a cross-validated MSE curve.
public enum LassoSelectionRule: String, Sendable, Hashable, Codable, CaseIterable {
    /// The α with the smallest mean held-out MSE (scikit-learn's `LassoCV.alpha_`, glmnet's
    /// `lambda.min`); among equal minima the largest α.
    case minimum = "min"
    /// The largest α whose mean held-out MSE is at most the minimum plus one standard error of
    /// the MSE at the minimum (Breiman et al. 1984; glmnet's `lambda.1se`): the sparsest model
    /// statistically indistinguishable from the best.
    case oneStandardError = "one-se"
}

/// The mean cross-validated MSE curve of one target and the α it selects under each rule.
public struct LassoSelection: Sendable, Hashable {
    /// The mean over folds of the held-out MSE at each α (unweighted, as scikit-learn's
    /// `mse_path_.mean(axis=1)`; glmnet weights folds by their size).
    public let meanMSE: [Double]
    /// The standard error of that mean at each α: the standard deviation of the fold MSEs with
    /// `ddof` delta degrees of freedom, divided by √folds. With `ddof = 1` this is glmnet's
    /// `cvsd` for equally sized folds.
    public let standardError: [Double]
    /// The index of the smallest mean MSE (the first, i.e. largest α, among ties).
    public let minimumIndex: Int
    /// The index the one-standard-error rule selects (≤ ``minimumIndex``).
    public let oneStandardErrorIndex: Int

    /// Selects from an `alphas × folds` matrix of held-out MSEs whose rows follow a decreasing α grid.
    ///
    /// - Parameters:
    ///   - mse: Held-out MSE, one row per α (largest first), one column per fold.
    ///   - ddof: Delta degrees of freedom of the fold standard deviation (1 = sample SD).
    /// - Precondition: at least one α and one fold; `folds > ddof`.
    /// - Complexity: O(alphas · folds).
    public init(mse: Matrix, ddof: Int) {
        let (a, k) = (mse.rowCount, mse.columnCount)
        precondition(a >= 1 && k >= 1, "LassoSelection: an empty MSE matrix \(a)×\(k)")
        precondition(k > ddof, "LassoSelection: \(k) folds leave no degrees of freedom with ddof \(ddof)")
        var means = [Double](repeating: 0, count: a)
        var errors = [Double](repeating: 0, count: a)
        for i in 0..<a {
            let row = mse.row(i)
            let mean = row.reduce(0, +) / Double(k)
            let ss = row.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
            means[i] = mean
            errors[i] = (ss / Double(k - ddof)).squareRoot() / Double(k).squareRoot()
        }
        self.init(meanMSE: means, standardError: errors)
    }

    /// Selects from a mean MSE curve and its standard errors (both over a decreasing α grid).
    public init(meanMSE: [Double], standardError: [Double]) {
        precondition(meanMSE.count == standardError.count && !meanMSE.isEmpty, "LassoSelection: curve lengths differ")
        self.meanMSE = meanMSE
        self.standardError = standardError
        // numpy.argmin: the first minimum; NaN never wins here (a NaN curve selects index 0).
        var best = 0
        for i in meanMSE.indices where meanMSE[i] < meanMSE[best] { best = i }
        minimumIndex = best
        let threshold = meanMSE[best] + standardError[best]
        oneStandardErrorIndex = meanMSE.firstIndex { $0 <= threshold } ?? best
    }

    /// The index a rule selects.
    public func index(_ rule: LassoSelectionRule) -> Int {
        rule == .minimum ? minimumIndex : oneStandardErrorIndex
    }
}

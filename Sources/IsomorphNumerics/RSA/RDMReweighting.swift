/// Cross-validated reweighting of several model RDMs (layers) onto reference RDMs by
/// non-negative least squares (Khaligh-Razavi & Kriegeskorte 2014; Storrs et al. 2021).
///
/// In each fold, the weights `w ≥ 0` minimise `‖Σₖ wₖ·dₖ + c − d̄‖²` over the training pairs,
/// `dₖ` the layer RDMs, `d̄` the mean of the training reference RDMs and `c` an optional free
/// intercept (fitted by centring both sides on the training pairs, which leaves an NNLS problem).
/// The reweighted RDM `Σₖ wₖ·dₖ + c` is then compared with the held-out references:
/// - **over stimuli**: a fold's training pairs are the pairs of two training stimuli; its test
///   RDM is the RDM of the test stimuli, compared with every reference restricted to them
///   (pairs between a training and a test stimulus are used for neither);
/// - **over subjects**: the target is the mean RDM of the training groups (all pairs) and the
///   reweighted RDM is compared with every RDM of the test groups.
/// A fold's score is the mean over its test references; pairs missing in any RDM are dropped.
public enum RDMReweighting {
    /// What the folds split.
    public enum Axis: String, Sendable, Hashable, CaseIterable, Codable {
        /// Conditions (stimuli).
        case stimuli
        /// Groups of reference RDMs (subjects).
        case subjects
    }

    /// One fold's fit.
    public struct Fold: Sendable, Hashable {
        /// The non-negative weight of each model RDM.
        public var weights: [Double]
        /// The intercept (0 when not fitted).
        public var intercept: Double
        /// The held-out score (mean over test references).
        public var score: Double
        /// The training pairs used.
        public var trainingPairs: Int
    }

    /// Fits and evaluates every split.
    ///
    /// - Parameters:
    ///   - models: The model RDMs to combine (condensed, `n` conditions).
    ///   - references: The reference RDMs.
    ///   - groups: The group of each reference (used when `axis` is ``Axis/subjects``).
    ///   - splits: Train/test splits of the conditions (``Axis/stimuli``) or of the groups.
    ///   - axis: What the splits index.
    ///   - method: How the reweighted RDM is scored against held-out references.
    ///   - intercept: Whether to fit a free intercept.
    /// - Throws: ``RSAError`` for inconsistent inputs, a fold without training pairs, or a failed fit.
    /// - Complexity: per fold O(N·K² + K³·iterations) for `N` pairs and `K` models, plus the scoring.
    public static func crossValidate(
        models: [RDMVector], references: [RDMVector], groups: [Int], splits: [Split], axis: Axis,
        method: RDMComparisonMethod, intercept: Bool
    ) throws(RSAError) -> [Fold] {
        guard let pairs = models.first?.count, let n = CondensedRDM.conditionCount(length: pairs) else {
            throw .tooFew(what: "reweighting: model RDMs", minimum: 1, actual: 0)
        }
        for v in models + references where v.count != pairs {
            throw .sizeMismatch(what: "reweighting: pairs per RDM", expected: pairs, actual: v.count)
        }
        var folds = [Fold]()
        for split in splits {
            switch axis {
            case .stimuli:
                let train = split.train
                let test = split.test
                let target = mean(references.map { CondensedRDM.subsample($0.values, conditions: n, indices: train) })
                let design = models.map { CondensedRDM.subsample($0.values, conditions: n, indices: train) }
                let (w, c, used) = try fit(design, target, intercept: intercept)
                let predicted = combine(
                    models.map { CondensedRDM.subsample($0.values, conditions: n, indices: test) }, w, c)
                var score = 0.0
                for ref in references {
                    score += try RDMComparison.score(
                        predicted, CondensedRDM.subsample(ref.values, conditions: n, indices: test), method: method)
                }
                folds.append(
                    Fold(weights: w, intercept: c, score: score / Double(references.count), trainingPairs: used))
            case .subjects:
                let trainSet = Set(split.train)
                let testSet = Set(split.test)
                let trainRefs = references.indices.filter { trainSet.contains(groups[$0]) }
                let testRefs = references.indices.filter { testSet.contains(groups[$0]) }
                guard !trainRefs.isEmpty, !testRefs.isEmpty else {
                    throw .tooFew(
                        what: "reweighting: reference RDMs in a fold's training and test groups", minimum: 1, actual: 0)
                }
                let target = mean(trainRefs.map { references[$0].values })
                let (w, c, used) = try fit(models.map(\.values), target, intercept: intercept)
                let predicted = RDMVector(combine(models.map(\.values), w, c))
                var score = 0.0
                for r in testRefs { score += try RDMComparison.score(predicted, references[r], method: method) }
                folds.append(Fold(weights: w, intercept: c, score: score / Double(testRefs.count), trainingPairs: used))
            }
        }
        return folds
    }

    /// The elementwise mean (`NaN` where any is `NaN`).
    static func mean(_ vectors: [[Double]]) -> [Double] {
        var out = [Double](repeating: 0, count: vectors[0].count)
        for v in vectors { for i in out.indices { out[i] += v[i] } }
        return out.map { $0 / Double(vectors.count) }
    }

    /// `Σₖ wₖ·dₖ + c`.
    static func combine(_ design: [[Double]], _ w: [Double], _ c: Double) -> [Double] {
        var out = [Double](repeating: c, count: design[0].count)
        for (k, d) in design.enumerated() where w[k] != 0 { for i in out.indices { out[i] += w[k] * d[i] } }
        return out
    }

    /// NNLS of `target` on the columns `design` over the complete pairs.
    static func fit(
        _ design: [[Double]], _ target: [Double], intercept: Bool
    ) throws(RSAError) -> ([Double], Double, Int) {
        let rows = target.indices.filter { i in !target[i].isNaN && !design.contains { $0[i].isNaN } }
        guard rows.count >= 2 else {
            throw .tooFew(what: "reweighting: complete training pairs", minimum: 2, actual: rows.count)
        }
        var a = Matrix(rows: rows.count, columns: design.count) { i, k in design[k][rows[i]] }
        var b = rows.map { target[$0] }
        var means = [Double](repeating: 0, count: design.count)
        var targetMean = 0.0
        if intercept {
            means = a.columnMeans()
            targetMean = b.reduce(0, +) / Double(b.count)
            a = a.addingToEachRow(means.map { -$0 })
            b = b.map { $0 - targetMean }
        }
        let solution: NonNegativeLeastSquares
        do {
            solution = try NonNegativeLeastSquares(a, b)
        } catch {
            throw .invalidArgument("reweighting: \(error)")
        }
        let w = solution.solution
        let c = intercept ? targetMean - zip(w, means).reduce(0) { $0 + $1.0 * $1.1 } : 0
        return (w, c, rows.count)
    }
}

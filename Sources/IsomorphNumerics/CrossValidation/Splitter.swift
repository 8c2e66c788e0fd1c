/// A cross-validation scheme: how observations are divided into train/test splits.
///
/// Deterministic schemes (`kFold` without shuffling, `stratifiedKFold` without shuffling,
/// `leaveOneGroupOut`, `groupKFold`) reproduce scikit-learn's index sets exactly (tested against
/// it). Shuffled schemes draw from ``SeededGenerator`` with the given seed, so they are
/// reproducible but not numerically equal to NumPy's random streams; their properties (sizes,
/// stratification, disjointness) are tested instead.
public enum Splitter: Sendable, Hashable, Codable {
    /// K folds of consecutive (or shuffled) observations; the first `n % k` folds have one
    /// extra observation (`sklearn.model_selection.KFold`).
    case kFold(folds: Int, shuffle: Bool)
    /// K folds preserving class proportions (`StratifiedKFold`, its allocation rule); needs labels.
    case stratifiedKFold(folds: Int, shuffle: Bool)
    /// Each distinct group is one test fold, in sorted group order (`LeaveOneGroupOut`: leave one
    /// run, session or subject out); needs groups.
    case leaveOneGroupOut
    /// K folds with no group split across folds: groups, largest first, go to the fold with
    /// the fewest observations so far, ties to the lower fold (`GroupKFold`; groups of equal
    /// size are taken in descending sorted-name order, as scikit-learn's reversed argsort does
    /// for fewer than 16 groups); needs groups.
    case groupKFold(folds: Int)
    /// `splits` independent random splits with `testFraction` of the observations held out
    /// (rounded up, as scikit-learn's `ShuffleSplit`).
    case shuffleSplit(splits: Int, testFraction: Double)
    /// `splits` random splits holding out `testFraction` of each class (class test counts are
    /// rounded to the nearest integer, at least one per class with two or more members); needs labels.
    case stratifiedShuffleSplit(splits: Int, testFraction: Double)
    /// A scheme repeated `repeats` times with independent shuffles (stream `r` of the seed).
    indirect case repeated(Splitter, repeats: Int)
    /// Explicit test index lists; each train set is the complement.
    case explicit(tests: [[Int]])

    /// Splits `0..<count`.
    /// - Parameters:
    ///   - count: Number of observations.
    ///   - labels: Class labels per observation (stratified schemes).
    ///   - groups: Group ids per observation (group schemes).
    ///   - seed: Seed for shuffled schemes.
    /// - Throws: ``SplitError`` when the scheme cannot apply (too few observations per fold,
    ///   missing labels or groups, an index out of range, a fraction outside (0, 1)).
    public func splits(count: Int, labels: [String]? = nil, groups: [String]? = nil, seed: UInt64 = 0) throws -> [Split]
    {
        switch self {
        case .kFold(let k, let shuffle):
            try Splitter.checkFolds(k, count: count)
            var order = Array(0..<count)
            if shuffle {
                var g = SeededGenerator(seed: seed)
                order = g.permutation(count)
            }
            var splits = [Split]()
            var start = 0
            for fold in 0..<k {
                let size = count / k + (fold < count % k ? 1 : 0)
                splits.append(Split(test: Array(order[start..<(start + size)]), count: count))
                start += size
            }
            return splits
        case .stratifiedKFold(let k, let shuffle):
            let y = try Splitter.require(labels, "labels", count: count, scheme: "stratified K-fold")
            return try StratifiedFolds.kFold(labels: y, folds: k, shuffle: shuffle, seed: seed)
        case .leaveOneGroupOut:
            let g = try Splitter.require(groups, "groups", count: count, scheme: "leave-one-group-out")
            let distinct = Set(g).sorted()
            guard distinct.count >= 2 else {
                throw SplitError("leave-one-group-out needs at least 2 groups, got \(distinct.count)")
            }
            return distinct.map { group in Split(test: g.indices.filter { g[$0] == group }, count: count) }
        case .groupKFold(let k):
            let g = try Splitter.require(groups, "groups", count: count, scheme: "group K-fold")
            return try GroupFolds.kFold(groups: g, folds: k)
        case .shuffleSplit(let n, let fraction):
            try Splitter.checkFraction(fraction, splits: n)
            let testCount = Int((fraction * Double(count)).rounded(.up))
            guard testCount >= 1, testCount < count else {
                throw SplitError(
                    "a test fraction of \(fraction) leaves no training or no test data for \(count) observations")
            }
            return (0..<n).map { r in
                var g = SeededGenerator(seed: seed, stream: UInt64(r))
                let order = g.permutation(count)
                return Split(test: Array(order.prefix(testCount)), count: count)
            }
        case .stratifiedShuffleSplit(let n, let fraction):
            try Splitter.checkFraction(fraction, splits: n)
            let y = try Splitter.require(labels, "labels", count: count, scheme: "stratified shuffle-split")
            return try StratifiedFolds.shuffleSplit(labels: y, splits: n, testFraction: fraction, seed: seed)
        case .repeated(let inner, let repeats):
            guard repeats >= 1 else { throw SplitError("repeats must be at least 1, got \(repeats)") }
            var all = [Split]()
            for r in 0..<repeats {
                var stream = SeededGenerator(seed: seed, stream: UInt64(r))
                let streamSeed = stream.next()
                all += try inner.splits(count: count, labels: labels, groups: groups, seed: streamSeed)
            }
            return all
        case .explicit(let tests):
            guard !tests.isEmpty else { throw SplitError("explicit folds: no test lists given") }
            for (k, t) in tests.enumerated() {
                if let bad = t.first(where: { $0 < 0 || $0 >= count }) {
                    throw SplitError("explicit fold \(k): index \(bad) is out of range 0..<\(count)")
                }
                if Set(t).count != t.count { throw SplitError("explicit fold \(k) repeats an index") }
                if t.isEmpty || t.count == count {
                    throw SplitError("explicit fold \(k) leaves no test or no training data")
                }
            }
            return tests.map { Split(test: $0, count: count) }
        }
    }

    /// Splits of the training part of `outer` for choosing hyperparameters (nested CV): the
    /// inner scheme applied to `outer.train`, with indices mapped back to the full data.
    public func nested(
        in outer: Split, labels: [String]? = nil, groups: [String]? = nil, seed: UInt64 = 0
    ) throws -> [Split] {
        let sub = outer.train
        let inner = try splits(
            count: sub.count, labels: labels.map { l in sub.map { l[$0] } },
            groups: groups.map { g in sub.map { g[$0] } },
            seed: seed)
        return inner.map { Split(train: $0.train.map { sub[$0] }, test: $0.test.map { sub[$0] }) }
    }

    static func checkFolds(_ k: Int, count: Int) throws {
        guard k >= 2 else { throw SplitError("cross-validation needs at least 2 folds, got \(k)") }
        guard k <= count else { throw SplitError("\(k) folds need at least \(k) observations, got \(count)") }
    }

    static func checkFraction(_ f: Double, splits: Int) throws {
        guard splits >= 1 else { throw SplitError("the number of splits must be at least 1, got \(splits)") }
        guard f > 0, f < 1 else { throw SplitError("the test fraction must be in (0, 1), got \(f)") }
    }

    static func require(_ values: [String]?, _ what: String, count: Int, scheme: String) throws -> [String] {
        guard let values else { throw SplitError("\(scheme) needs \(what) for every observation") }
        guard values.count == count else {
            throw SplitError("\(scheme): \(values.count) \(what) for \(count) observations")
        }
        return values
    }
}

/// One train/test split of `0..<n` observation indices. Both lists are sorted ascending.
public struct Split: Sendable, Hashable, Codable {
    /// Indices used to fit.
    public var train: [Int]
    /// Indices used to evaluate.
    public var test: [Int]

    public init(train: [Int], test: [Int]) {
        self.train = train
        self.test = test
    }

    /// The split whose test set is `test` and whose training set is every other index below `n`.
    public init(test: [Int], count n: Int) {
        let sorted = test.sorted()
        var isTest = [Bool](repeating: false, count: n)
        for i in sorted { isTest[i] = true }
        self.test = sorted
        self.train = (0..<n).filter { !isTest[$0] }
    }
}

extension Array where Element == Split {
    /// The test fold of each observation, when the splits' test sets partition `0..<n`
    /// (K-fold-like schemes); `nil` otherwise (shuffle-split, repeated, explicit overlapping lists).
    public func foldAssignment(count n: Int) -> [Int]? {
        var fold = [Int](repeating: -1, count: n)
        for (k, split) in enumerated() {
            for i in split.test {
                guard i >= 0, i < n, fold[i] == -1 else { return nil }
                fold[i] = k
            }
        }
        return fold.contains(-1) ? nil : fold
    }
}

/// Why a splitter cannot split the data it was given.
public struct SplitError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

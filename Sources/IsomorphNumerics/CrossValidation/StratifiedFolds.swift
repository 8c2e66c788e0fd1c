/// Class-preserving splits.
enum StratifiedFolds {
    /// Classes encoded by order of first appearance (what scikit-learn's StratifiedKFold uses).
    static func encode(_ labels: [String]) -> (codes: [Int], classCount: Int) {
        var code = [String: Int]()
        var codes = [Int]()
        codes.reserveCapacity(labels.count)
        for l in labels {
            if let c = code[l] {
                codes.append(c)
            } else {
                code[l] = code.count
                codes.append(code.count - 1)
            }
        }
        return (codes, code.count)
    }

    /// scikit-learn's StratifiedKFold allocation: sort the class codes, deal them round-robin to
    /// the folds, count per fold and class; then each class's members, in data order, go to
    /// folds 0, 0, ..., 1, 1, ... by those counts (shuffled per class when asked).
    static func kFold(labels: [String], folds k: Int, shuffle: Bool, seed: UInt64) throws -> [Split] {
        let n = labels.count
        try Splitter.checkFolds(k, count: n)
        let (codes, classCount) = encode(labels)
        var counts = [Int](repeating: 0, count: classCount)
        for c in codes { counts[c] += 1 }
        if let smallest = counts.min(), smallest < k, counts.allSatisfy({ $0 < k }) {
            throw SplitError("stratified \(k)-fold: every class has fewer than \(k) members (smallest \(smallest))")
        }
        let sorted = codes.sorted()
        var allocation = Array(repeating: [Int](repeating: 0, count: classCount), count: k)
        for (i, c) in sorted.enumerated() { allocation[i % k][c] += 1 }
        var testFold = [Int](repeating: 0, count: n)
        var g = SeededGenerator(seed: seed)
        for c in 0..<classCount {
            var foldsForClass = [Int]()
            for fold in 0..<k { foldsForClass += Array(repeating: fold, count: allocation[fold][c]) }
            if shuffle { foldsForClass.shuffle(using: &g) }
            var next = 0
            for i in 0..<n where codes[i] == c {
                testFold[i] = foldsForClass[next]
                next += 1
            }
        }
        return (0..<k).map { fold in Split(test: (0..<n).filter { testFold[$0] == fold }, count: n) }
    }

    /// Random splits holding out `testFraction` of each class.
    static func shuffleSplit(labels: [String], splits: Int, testFraction: Double, seed: UInt64) throws -> [Split] {
        let n = labels.count
        let (codes, classCount) = encode(labels)
        var members = Array(repeating: [Int](), count: classCount)
        for (i, c) in codes.enumerated() { members[c].append(i) }
        let testCounts = members.map { m -> Int in
            guard m.count >= 2 else { return 0 }
            return min(m.count - 1, max(1, Int((testFraction * Double(m.count)).rounded())))
        }
        guard testCounts.reduce(0, +) > 0 else {
            throw SplitError("stratified shuffle-split: no class has 2 or more members")
        }
        return (0..<splits).map { r in
            var g = SeededGenerator(seed: seed, stream: UInt64(r))
            var test = [Int]()
            for (c, m) in members.enumerated() {
                let order = g.permutation(m.count)
                test += order.prefix(testCounts[c]).map { m[$0] }
            }
            return Split(test: test, count: n)
        }
    }
}

/// Group-preserving folds.
enum GroupFolds {
    /// Groups (encoded in sorted order), largest first, ties by descending code, each to the
    /// currently lightest fold (ties to the lowest fold index).
    static func kFold(groups: [String], folds k: Int) throws -> [Split] {
        let n = groups.count
        let distinct = Set(groups).sorted()
        var index = [String: Int]()
        for (i, g) in distinct.enumerated() { index[g] = i }
        let groupOf = groups.map { index[$0]! }
        var sizes = [Int](repeating: 0, count: distinct.count)
        for g in groupOf { sizes[g] += 1 }
        guard k >= 2 else { throw SplitError("cross-validation needs at least 2 folds, got \(k)") }
        guard sizes.count >= k else {
            throw SplitError("group \(k)-fold needs at least \(k) groups, got \(sizes.count)")
        }
        let order = sizes.indices.sorted { sizes[$0] != sizes[$1] ? sizes[$0] > sizes[$1] : $0 > $1 }
        var foldSize = [Int](repeating: 0, count: k)
        var foldOfGroup = [Int](repeating: 0, count: sizes.count)
        for g in order {
            let lightest = foldSize.indices.min {
                foldSize[$0] != foldSize[$1] ? foldSize[$0] < foldSize[$1] : $0 < $1
            }!
            foldOfGroup[g] = lightest
            foldSize[lightest] += sizes[g]
        }
        return (0..<k).map { fold in Split(test: (0..<n).filter { foldOfGroup[groupOf[$0]] == fold }, count: n) }
    }
}

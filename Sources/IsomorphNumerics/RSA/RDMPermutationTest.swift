/// Permutation tests of model–reference RDM agreement over stimulus labels.
///
/// Under the null hypothesis the model's condition labels are exchangeable: each permutation `π`
/// relabels the model RDM's conditions (rows and columns together, ``CondensedRDM/permuted(_:conditions:permutation:)``)
/// and the score is recomputed against the unchanged references (the mean over references, as the
/// observed score). The one-sided p-value counts permutations that score at least as high as the
/// observed score, with the observed labelling counted once (Phipson & Smyth 2010):
///
///     p = (1 + #{b : score_b ≥ observed}) / (1 + B)
///
/// so `p` is never 0 and is exact for a test that draws permutations at random. Permutation `b`
/// comes from the sub-stream `b` of the seed, so the null distribution does not depend on the
/// thread count.
public enum RDMPermutationTest {
    /// The result for each model.
    public struct Result: Sendable {
        /// The observed mean score of each model.
        public var observed: [Double]
        /// The null distribution, permutations × models.
        public var null: Matrix
        /// `(1 + #{null ≥ observed}) / (1 + B)` per model.
        public var pValues: [Double]
        /// The permutations (`B × n`; row `b` maps each condition `i` to `π(i)`).
        public var permutations: [[Int]]
    }

    /// Runs `permutations` random relabellings of each model's conditions.
    ///
    /// - Parameters:
    ///   - models: Model RDMs (condensed).
    ///   - references: Reference RDMs; a model's score is its mean score against them.
    ///   - method: The comparison method.
    ///   - covariance: Pattern covariance for whitened methods.
    ///   - permutations: The number of permutations `B`.
    ///   - seed: The seed.
    ///   - threads: Parallel tasks.
    ///   - progress: Receives the fraction done.
    /// - Throws: ``RSAError`` for inconsistent sizes; `CancellationError` when cancelled.
    /// - Complexity: O(B·M·R·N) (Kendall: times log N).
    public static func run(
        models: [RDMVector], references: [RDMVector], method: RDMComparisonMethod,
        covariance: PatternCovariance? = nil, permutations: Int, seed: UInt64, threads: Int,
        progress: @Sendable (Double) -> Void = { _ in }
    ) async throws -> Result {
        guard let pairs = references.first?.count, let n = CondensedRDM.conditionCount(length: pairs) else {
            throw RSAError.tooFew(what: "permutation test: reference RDMs", minimum: 1, actual: 0)
        }
        let observedMatrix = try RDMComparison.scores(models, references, method: method, covariance: covariance)
        let observed = (0..<models.count).map { m in
            (0..<references.count).reduce(0.0) { $0 + observedMatrix[m, $1] } / Double(references.count)
        }
        let fast = FastPermutedScores(models: models, references: references, method: method)
        var null = Matrix(rows: permutations, columns: models.count, repeating: .nan)
        let workers = max(1, min(threads, permutations))
        let chunk = max(1, (permutations + workers * 8 - 1) / (workers * 8))
        let chunks = stride(from: 0, to: permutations, by: chunk).map { $0..<min(permutations, $0 + chunk) }
        var done = 0
        try await withThrowingTaskGroup(of: (Range<Int>, [[Double]]).self) { group in
            var next = 0
            func submit() {
                guard next < chunks.count else { return }
                let range = chunks[next]
                next += 1
                group.addTask {
                    var rows = [[Double]]()
                    for b in range {
                        try Task.checkCancellation()
                        var g = SeededGenerator(seed: seed, stream: UInt64(b))
                        let permutation = g.permutation(n)
                        if let fast {
                            rows.append(fast.scores(permutation: permutation, conditions: n))
                            continue
                        }
                        var row = [Double]()
                        for model in models {
                            let permuted = RDMVector(
                                CondensedRDM.permuted(model.values, conditions: n, permutation: permutation))
                            var s = 0.0
                            for ref in references {
                                s += try RDMComparison.score(permuted, ref, method: method, covariance: covariance)
                            }
                            row.append(s / Double(references.count))
                        }
                        rows.append(row)
                    }
                    return (range, rows)
                }
            }
            for _ in 0..<workers { submit() }
            while let (range, rows) = try await group.next() {
                for (b, row) in zip(range, rows) { for m in row.indices { null[b, m] = row[m] } }
                done += range.count
                progress(Double(done) / Double(permutations))
                submit()
            }
        }
        let pValues = (0..<models.count).map { m -> Double in
            guard !observed[m].isNaN else { return .nan }
            var exceed = 0
            for b in 0..<permutations where null[b, m] >= observed[m] { exceed += 1 }
            return Double(1 + exceed) / Double(1 + permutations)
        }
        let drawn = (0..<permutations).map { b in
            var g = SeededGenerator(seed: seed, stream: UInt64(b))
            return g.permutation(n)
        }
        return Result(observed: observed, null: null, pValues: pValues, permutations: drawn)
    }
}

/// Permuted scores without re-ranking, for measures that are inner products of a per-RDM
/// transform (Pearson: centered values; cosine: values; Spearman: centered ranks; rho-a) on
/// complete RDMs: relabelling conditions permutes the transformed entries and leaves their norms
/// unchanged, so each permutation costs one gather and one dot product per model and reference.
struct FastPermutedScores: Sendable {
    let models: [[Double]]
    let references: [[Double]]
    let modelNorms: [Double]
    let referenceNorms: [Double]
    let scale: Double?

    init?(models: [RDMVector], references: [RDMVector], method: RDMComparisonMethod) {
        guard !(models + references).contains(where: { $0.hasMissing }) else { return nil }
        let transform: (RDMVector) -> [Double]
        switch method {
        case .pearson:
            transform = { v in
                let mean = v.values.reduce(0, +) / Double(v.count)
                return RDMComparison.isConstant(v.values, v.values.map { _ in 1 })
                    ? v.values.map { _ in 0 } : v.values.map { $0 - mean }
            }
        case .cosine: transform = { $0.values }
        case .spearman, .spearmanRhoA: transform = { $0.centeredRanks().ranks }
        default: return nil
        }
        self.models = models.map(transform)
        self.references = references.map(transform)
        let norm = { (x: [Double]) in x.reduce(0) { $0 + $1 * $1 }.squareRoot() }
        modelNorms = self.models.map(norm)
        referenceNorms = self.references.map(norm)
        let count = Double(models.first?.count ?? 0)
        scale = method == .spearmanRhoA ? 12 / (count * count * count - count) : nil
    }

    func scores(permutation: [Int], conditions n: Int) -> [Double] {
        models.indices.map { m in
            let permuted = CondensedRDM.permuted(models[m], conditions: n, permutation: permutation)
            var total = 0.0
            for r in references.indices {
                let dot = zip(permuted, references[r]).reduce(0.0) { $0 + $1.0 * $1.1 }
                if let scale {
                    total += scale * dot
                } else {
                    let d = modelNorms[m] * referenceNorms[r]
                    total += d > 0 ? dot / d : 0
                }
            }
            return total / Double(references.count)
        }
    }
}

/// What a bootstrap resamples.
public enum ResamplingScheme: String, Sendable, Hashable, CaseIterable, Codable {
    /// Conditions (stimuli), with replacement (rsatoolbox's `bootstrap_sample_pattern`).
    case stimuli
    /// Groups of reference RDMs (subjects), with replacement (`bootstrap_sample_rdm`).
    case subjects
    /// Both at once (`bootstrap_sample`).
    case both
}

/// One bootstrap sample: the drawn condition indices and/or the drawn group (subject) indices.
/// Stored in outputs so that every resampled score can be traced and reproduced.
public struct BootstrapSample: Sendable, Hashable {
    /// The drawn conditions (`n` draws from `0..<n`), or `nil` when conditions are not resampled.
    public var stimuli: [Int]?
    /// The drawn groups (`g` draws from `0..<g`), or `nil` when groups are not resampled.
    public var groups: [Int]?

    /// Creates a sample from explicit index lists.
    public init(stimuli: [Int]?, groups: [Int]?) {
        self.stimuli = stimuli
        self.groups = groups
    }

    /// How often each of `n` items occurs in `indices`.
    public static func counts(_ indices: [Int], _ n: Int) -> [Int] {
        var c = [Int](repeating: 0, count: n)
        for i in indices { c[i] += 1 }
        return c
    }
}

/// Bootstrap distributions of model–reference RDM comparisons (and of the noise ceiling), as
/// rsatoolbox's `eval_bootstrap_pattern` / `eval_bootstrap_rdm` / `eval_bootstrap` compute them,
/// over explicit, stored index lists.
///
/// For a sample, a model's score is the mean of its scores against the reference RDMs in the
/// sample (an RDM of a subject drawn `k` times counts `k` times). Resampled conditions enter as
/// pair multiplicities (``CondensedRDM/pairWeights(counts:)``): a pair of two copies of one
/// condition is excluded, as rsatoolbox's `subsample_pattern` makes it `NaN`. A sample with fewer
/// than 3 distinct conditions scores `NaN` (rsatoolbox's rule).
///
/// Samples are independent given their index lists, so they are evaluated in parallel (structured
/// concurrency, up to `threads` tasks); results do not depend on the thread count.
public enum RDMBootstrap {
    /// The bootstrap distribution.
    public struct Evaluation: Sendable {
        /// Scores, samples × models (`NaN` for a degenerate sample).
        public var scores: Matrix
        /// The lower noise-ceiling bound per sample (if asked).
        public var ceilingLower: [Double]?
        /// The upper noise-ceiling bound per sample (if asked).
        public var ceilingUpper: [Double]?
    }

    /// Draws `count` samples with replacement; sample `b` uses the sub-stream `b` of `seed`
    /// (``SeededGenerator/init(seed:stream:)``), so a sample does not depend on how many are drawn.
    ///
    /// - Parameters:
    ///   - count: The number of samples.
    ///   - conditions: The number of conditions `n` (each sample draws `n`).
    ///   - groups: The number of groups `g` (each sample draws `g`).
    ///   - scheme: What to resample.
    ///   - seed: The seed.
    public static func draw(
        _ count: Int, conditions: Int, groups: Int, scheme: ResamplingScheme, seed: UInt64
    ) -> [BootstrapSample] {
        (0..<count).map { b in
            var g = SeededGenerator(seed: seed, stream: UInt64(b))
            let s = scheme == .subjects ? nil : (0..<conditions).map { _ in Int.random(in: 0..<conditions, using: &g) }
            let r = scheme == .stimuli ? nil : (0..<groups).map { _ in Int.random(in: 0..<groups, using: &g) }
            return BootstrapSample(stimuli: s, groups: r)
        }
    }

    /// Evaluates `models` against `references` on every sample.
    ///
    /// - Parameters:
    ///   - models: Model RDMs (condensed, `n` conditions).
    ///   - references: Reference (brain) RDMs.
    ///   - groups: The group (subject) of each reference RDM, `0..<groupCount`.
    ///   - groupCount: The number of groups.
    ///   - method: The comparison method.
    ///   - covariance: Pattern covariance for whitened methods.
    ///   - samples: The index lists (from ``draw(_:conditions:groups:scheme:seed:)`` or given).
    ///   - noiseCeiling: Whether to compute the noise ceiling of each sample too.
    ///   - threads: Parallel tasks.
    ///   - progress: Receives the fraction of samples done.
    /// - Throws: ``RSAError`` for inconsistent sizes; `CancellationError` when cancelled.
    /// - Complexity: per sample O(M·R·N) (Spearman and rho-a: one pass per model and reference
    ///   over the pre-sorted entries), O(M·R·N log N) for Kendall, and O(n²·(M+R) + M·R·n³) for
    ///   whitened methods, which materialise the sample.
    public static func evaluate(
        models: [RDMVector], references: [RDMVector], groups: [Int], groupCount: Int,
        method: RDMComparisonMethod, covariance: PatternCovariance? = nil, samples: [BootstrapSample],
        noiseCeiling: Bool, threads: Int, progress: @Sendable (Double) -> Void = { _ in }
    ) async throws -> Evaluation {
        guard let pairs = references.first?.count ?? models.first?.count,
            let n = CondensedRDM.conditionCount(length: pairs)
        else { throw RSAError.tooFew(what: "bootstrap: RDMs", minimum: 1, actual: 0) }
        for v in models + references where v.count != pairs {
            throw RSAError.sizeMismatch(what: "bootstrap: pairs per RDM", expected: pairs, actual: v.count)
        }
        guard groups.count == references.count else {
            throw RSAError.sizeMismatch(
                what: "bootstrap: group labels", expected: references.count, actual: groups.count)
        }
        let kernel =
            (method == .spearman || method == .spearmanRhoA)
                && SpearmanBootstrapKernel.applies(to: models + references, conditions: n)
            ? SpearmanBootstrapKernel(models: models, references: references, conditions: n) : nil
        let evaluator = SampleEvaluator(
            models: models, references: references, groups: groups, groupCount: groupCount, conditions: n,
            method: method, covariance: covariance, noiseCeiling: noiseCeiling, kernel: kernel)

        var scores = Matrix(rows: samples.count, columns: models.count, repeating: .nan)
        var lower = [Double](repeating: .nan, count: samples.count)
        var upper = [Double](repeating: .nan, count: samples.count)
        let workers = max(1, min(threads, samples.count))
        let chunk = max(1, (samples.count + workers * 8 - 1) / (workers * 8))
        let chunks = stride(from: 0, to: samples.count, by: chunk).map { $0..<min(samples.count, $0 + chunk) }
        var done = 0
        try await withThrowingTaskGroup(of: (Range<Int>, [SampleResult]).self) { group in
            var next = 0
            func submit() {
                guard next < chunks.count else { return }
                let range = chunks[next]
                next += 1
                group.addTask {
                    var buffer = [[Float]]()
                    var out = [SampleResult]()
                    for b in range {
                        try Task.checkCancellation()
                        out.append(try evaluator.evaluate(samples[b], buffer: &buffer))
                    }
                    return (range, out)
                }
            }
            for _ in 0..<workers { submit() }
            while let (range, results) = try await group.next() {
                for (b, r) in zip(range, results) {
                    for m in 0..<models.count { scores[b, m] = r.scores[m] }
                    lower[b] = r.lower
                    upper[b] = r.upper
                }
                done += range.count
                progress(Double(done) / Double(samples.count))
                submit()
            }
        }
        return Evaluation(
            scores: scores, ceilingLower: noiseCeiling ? lower : nil, ceilingUpper: noiseCeiling ? upper : nil)
    }

    /// One sample's results.
    struct SampleResult: Sendable {
        var scores: [Double]
        var lower: Double
        var upper: Double
    }

    /// Evaluates single samples (shared, immutable, across tasks).
    struct SampleEvaluator: Sendable {
        let models: [RDMVector]
        let references: [RDMVector]
        let groups: [Int]
        let groupCount: Int
        let conditions: Int
        let method: RDMComparisonMethod
        let covariance: PatternCovariance?
        let noiseCeiling: Bool
        let kernel: SpearmanBootstrapKernel?

        func evaluate(_ sample: BootstrapSample, buffer: inout [[Float]]) throws -> SampleResult {
            let nan = SampleResult(scores: models.map { _ in .nan }, lower: .nan, upper: .nan)
            let groupWeights = sample.groups.map { BootstrapSample.counts($0, groupCount).map(Double.init) }
            if let stimuli = sample.stimuli, Set(stimuli).count < 3 { return nan }
            let rdmWeights = references.indices.map { groupWeights?[groups[$0]] ?? 1 }
            let weightSum = rdmWeights.reduce(0, +)
            guard weightSum > 0 else { return nan }

            var models = self.models
            var references = self.references
            var pairWeights: [Double]?
            var pairScores: Matrix
            if let stimuli = sample.stimuli, method.isWhitened {
                // Whitened measures need the sample's RDMs themselves.
                let sub = { (v: RDMVector) in
                    RDMVector(CondensedRDM.subsample(v.values, conditions: conditions, indices: stimuli.sorted()))
                }
                models = models.map(sub)
                references = references.map(sub)
                pairScores = try RDMComparison.scores(models, references, method: method, covariance: covariance)
            } else if let stimuli = sample.stimuli {
                let counts = BootstrapSample.counts(stimuli, conditions)
                if let kernel {
                    pairScores = kernel.scores(counts: counts, rhoA: method == .spearmanRhoA, buffer: &buffer)
                } else {
                    let w = CondensedRDM.pairWeights(counts: counts)
                    pairWeights = w
                    pairScores = Matrix.zeros(rows: models.count, columns: references.count)
                    for (m, a) in models.enumerated() {
                        for (r, b) in references.enumerated() where rdmWeights[r] > 0 {
                            pairScores[m, r] = try RDMComparison.score(
                                a, b, method: method, weights: w, covariance: covariance)
                        }
                    }
                }
                if kernel != nil && noiseCeiling { pairWeights = CondensedRDM.pairWeights(counts: counts) }
            } else {
                pairScores = try RDMComparison.scores(models, references, method: method, covariance: covariance)
            }
            var scores = [Double](repeating: 0, count: models.count)
            for m in 0..<models.count {
                for r in references.indices where rdmWeights[r] > 0 { scores[m] += rdmWeights[r] * pairScores[m, r] }
                scores[m] /= weightSum
            }
            guard noiseCeiling else { return SampleResult(scores: scores, lower: .nan, upper: .nan) }
            // A ceiling needs two distinct groups in the sample.
            let drawnGroups = Set(groups).filter { (groupWeights?[$0] ?? 1) > 0 }
            guard drawnGroups.count >= 2 else { return SampleResult(scores: scores, lower: .nan, upper: .nan) }
            let ceiling = try NoiseCeiling.compute(
                references, groups: groups, groupCount: groupCount, method: method, groupWeights: groupWeights,
                pairWeights: pairWeights, covariance: covariance)
            return SampleResult(scores: scores, lower: ceiling.lower, upper: ceiling.upper)
        }
    }
}

import IsomorphNumerics
import IsomorphTestSupport
import Testing

/// Bootstrap and permutation distributions against rsatoolbox on the same, explicitly passed
/// index lists (rsatoolbox forms the samples itself with `subsample`/`subsample_pattern`).
///
/// Tolerance: per-sample means of comparisons of ≤ 4186 pairs (Spearman through the weighted-rank
/// kernel, which sums in a different order than `rankdata` on the expanded sample): atol 1e-11.
@Suite("bootstrap and permutation distributions against rsatoolbox")
struct RDMBootstrapTests {
    /// The (method, scheme) cases, all run through one Python process.
    static let cases: [(RDMComparisonMethod, ResamplingScheme)] = [
        (.spearman, .stimuli), (.spearman, .both), (.pearson, .subjects), (.kendallTauA, .stimuli),
        (.whitenedCosine, .both), (.spearmanRhoA, .stimuli), (.spearman, .stimuli), (.spearmanRhoA, .both),
    ]
    /// Cases from this index on use heavily tied RDMs (values rounded to 0.5), which exercises the
    /// tie groups of the Spearman kernel.
    static let firstTiedCase = 6

    static let refs = RSATestData.noisy(6, conditions: 14, noise: 1.0, seed: 20)
    static let models = RSATestData.noisy(2, conditions: 14, noise: 2.0, seed: 40)
    static let tiedRefs = refs.map { $0.map { ($0 * 2).rounded() / 2 } }
    static let tiedModels = models.map { $0.map { ($0 * 2).rounded() / 2 } }
    static func data(_ k: Int) -> (models: [[Double]], refs: [[Double]]) {
        k >= firstTiedCase ? (tiedModels, tiedRefs) : (models, refs)
    }
    static let groups = [0, 0, 1, 2, 2, 3]

    /// The index lists of case `k` (sample 3 has fewer than 3 distinct stimuli).
    static func samples(_ k: Int) -> [BootstrapSample] {
        var samples = RDMBootstrap.draw(12, conditions: 14, groups: 4, scheme: cases[k].1, seed: UInt64(9 + k))
        if cases[k].1 != .subjects { samples[3].stimuli = [1, 1, 2, 2, 1, 1, 2, 1, 1, 1, 1, 2, 2, 1] }
        return samples
    }

    /// Adds the bootstrap cases to a batch (see ``RSAOracles/inference``).
    static func addCases(to batch: inout OracleBatch) {
        for k in cases.indices {
            let samples = Self.samples(k)
            let stim = samples.compactMap(\.stimuli).map { $0.map(Double.init) }
            let subj = samples.compactMap(\.groups).map { $0.map(Double.init) }
            batch.add(
                "c\(k)", op: "bootstrap",
                [
                    "models": .matrix(Matrix(rows: data(k).models)), "refs": .matrix(Matrix(rows: data(k).refs)),
                    "groups": .integers(groups), "method": .text(cases[k].0.rawValue),
                    "stim": .matrix(stim.isEmpty ? Matrix.zeros(rows: 0, columns: 0) : Matrix(rows: stim)),
                    "subj": .matrix(subj.isEmpty ? Matrix.zeros(rows: 0, columns: 0) : Matrix(rows: subj)),
                ])
        }
        for method in permutationMethods {
            let perms = (0..<40).map { b in
                var g = SeededGenerator(seed: 3, stream: UInt64(b))
                return g.permutation(12).map(Double.init)
            }
            batch.add(
                String(method.rawValue.filter { $0 != "-" }), op: "permutation",
                [
                    "models": .matrix(Matrix(rows: permutationModels)), "refs": .matrix(Matrix(rows: permutationRefs)),
                    "perms": .matrix(Matrix(rows: perms)), "method": .text(method.rawValue),
                ])
        }
    }

    @Test("per-sample scores and noise ceilings over stimuli, subjects and both")
    func agreesWithRsatoolbox() async throws {
        var evaluations = [RDMBootstrap.Evaluation]()
        for (k, (method, _)) in Self.cases.enumerated() {
            evaluations.append(
                try await RDMBootstrap.evaluate(
                    models: Self.data(k).models.map(RDMVector.init), references: Self.data(k).refs.map(RDMVector.init),
                    groups: Self.groups, groupCount: 4, method: method, samples: Self.samples(k), noiseCeiling: true,
                    threads: 2))
        }
        let r = try RSAOracles.inference.get()
        for (k, (method, scheme)) in Self.cases.enumerated() {
            let e = evaluations[k]
            let what = "\(method) over \(scheme)\(k >= Self.firstTiedCase ? ", tied" : "")"
            expectMatrixClose(e.scores, try r.matrix("c\(k)", "scores"), rtol: 0, atol: 1e-11, "\(what): scores")
            expectAllClose(
                try require(e.ceilingLower), try r.vector("c\(k)", "lower"), rtol: 0, atol: 1e-11, "\(what): lower")
            expectAllClose(
                try require(e.ceilingUpper), try r.vector("c\(k)", "upper"), rtol: 0, atol: 1e-11, "\(what): upper")
            if scheme != .subjects { #expect(e.scores[3, 0].isNaN, "\(what): fewer than 3 distinct stimuli give NaN") }
            #expect(e.scores.elements.filter { !$0.isNaN }.count >= 20, "\(what): most samples are scored")
        }
    }

    @Test("samples are drawn per index from the seed's sub-streams; results do not depend on threads")
    func reproducible() async throws {
        let a = RDMBootstrap.draw(20, conditions: 10, groups: 3, scheme: .both, seed: 4)
        let b = RDMBootstrap.draw(5, conditions: 10, groups: 3, scheme: .both, seed: 4)
        #expect(Array(a.prefix(5)) == b, "sample b does not depend on how many are drawn")
        #expect(a.allSatisfy { $0.stimuli?.count == 10 && $0.groups?.count == 3 })
        #expect(
            RDMBootstrap.draw(3, conditions: 10, groups: 3, scheme: .stimuli, seed: 4).allSatisfy { $0.groups == nil })
        let refs = RSATestData.noisy(3, conditions: 10, noise: 1, seed: 2).map(RDMVector.init)
        let models = RSATestData.noisy(2, conditions: 10, noise: 1, seed: 3).map(RDMVector.init)
        let one = try await RDMBootstrap.evaluate(
            models: models, references: refs, groups: [0, 1, 2], groupCount: 3, method: .spearman, samples: a,
            noiseCeiling: false, threads: 1)
        let four = try await RDMBootstrap.evaluate(
            models: models, references: refs, groups: [0, 1, 2], groupCount: 3, method: .spearman, samples: a,
            noiseCeiling: false, threads: 4)
        #expect(one.scores == four.scores)
    }

    static let permutationRefs = RSATestData.noisy(3, conditions: 12, noise: 1.0, seed: 60)
    static let permutationModels =
        RSATestData.noisy(1, conditions: 12, noise: 1.0, seed: 70) + [TestMatrices.normal(1, 66, seed: 71).row(0)]
    static let permutationMethods: [RDMComparisonMethod] = [.spearman, .kendallTauA, .pearson, .whitenedCosine]

    @Test("permutation null distributions and p = (1 + #{null ≥ observed}) / (1 + B)")
    func permutations() async throws {
        let r = try RSAOracles.inference.get()
        for method in Self.permutationMethods {
            // The second model is unrelated noise: its p-value should be large.
            let result = try await RDMPermutationTest.run(
                models: Self.permutationModels.map(RDMVector.init),
                references: Self.permutationRefs.map(RDMVector.init),
                method: method, permutations: 40, seed: 3, threads: 2)
            let name = String(method.rawValue.filter { $0 != "-" })
            expectMatrixClose(result.null, try r.matrix(name, "null"), rtol: 0, atol: 1e-12, "\(method) null")
            for m in 0..<2 {
                let exceed = (0..<40).filter { result.null[$0, m] >= result.observed[m] }.count
                #expect(result.pValues[m] == Double(1 + exceed) / 41)
            }
            #expect(result.pValues[0] == 1.0 / 41, "\(method): the related model beats every permutation")
            #expect(result.pValues[1] > 0.05, "\(method): the unrelated model does not")
        }
    }
}

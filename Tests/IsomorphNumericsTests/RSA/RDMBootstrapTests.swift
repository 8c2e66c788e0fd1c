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
        (.whitenedCosine, .both), (.spearmanRhoA, .stimuli),
    ]

    @Test("per-sample scores and noise ceilings over stimuli, subjects and both")
    func agreesWithRsatoolbox() async throws {
        let refs = RSATestData.noisy(6, conditions: 14, noise: 1.0, seed: 20)
        let models = RSATestData.noisy(2, conditions: 14, noise: 2.0, seed: 40)
        let groups = [0, 0, 1, 2, 2, 3]
        var batch = OracleBatch()
        var evaluations = [RDMBootstrap.Evaluation]()
        for (k, (method, scheme)) in Self.cases.enumerated() {
            var samples = RDMBootstrap.draw(12, conditions: 14, groups: 4, scheme: scheme, seed: UInt64(9 + k))
            if scheme != .subjects { samples[3].stimuli = [1, 1, 2, 2, 1, 1, 2, 1, 1, 1, 1, 2, 2, 1] }  // < 3 distinct
            evaluations.append(
                try await RDMBootstrap.evaluate(
                    models: models.map(RDMVector.init), references: refs.map(RDMVector.init), groups: groups,
                    groupCount: 4, method: method, samples: samples, noiseCeiling: true, threads: 2))
            let stim = samples.compactMap(\.stimuli).map { $0.map(Double.init) }
            let subj = samples.compactMap(\.groups).map { $0.map(Double.init) }
            batch.add(
                "c\(k)", op: "bootstrap",
                [
                    "models": .matrix(Matrix(rows: models)), "refs": .matrix(Matrix(rows: refs)),
                    "groups": .integers(groups), "method": .text(method.rawValue),
                    "stim": .matrix(stim.isEmpty ? Matrix.zeros(rows: 0, columns: 0) : Matrix(rows: stim)),
                    "subj": .matrix(subj.isEmpty ? Matrix.zeros(rows: 0, columns: 0) : Matrix(rows: subj)),
                ])
        }
        let r = try batch.run("rsa_inference")
        for (k, (method, scheme)) in Self.cases.enumerated() {
            let e = evaluations[k]
            let what = "\(method) over \(scheme)"
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

    @Test("permutation null distributions and p = (1 + #{null ≥ observed}) / (1 + B)")
    func permutations() async throws {
        let refs = RSATestData.noisy(3, conditions: 12, noise: 1.0, seed: 60)
        var models = RSATestData.noisy(1, conditions: 12, noise: 1.0, seed: 70)
        models.append(TestMatrices.normal(1, 66, seed: 71).row(0))  // unrelated: p should be large
        let methods: [RDMComparisonMethod] = [.spearman, .kendallTauA, .pearson, .whitenedCosine]
        var batch = OracleBatch()
        var results = [RDMPermutationTest.Result]()
        for method in methods {
            let result = try await RDMPermutationTest.run(
                models: models.map(RDMVector.init), references: refs.map(RDMVector.init), method: method,
                permutations: 40, seed: 3, threads: 2)
            results.append(result)
            batch.add(
                String(method.rawValue.filter { $0 != "-" }), op: "permutation",
                [
                    "models": .matrix(Matrix(rows: models)), "refs": .matrix(Matrix(rows: refs)),
                    "perms": .matrix(Matrix(rows: result.permutations.map { $0.map(Double.init) })),
                    "method": .text(method.rawValue),
                ])
        }
        let r = try batch.run("rsa_inference")
        for (method, result) in zip(methods, results) {
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

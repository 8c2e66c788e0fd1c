import IsomorphArrays
import IsomorphCore
import IsomorphNumerics
import IsomorphStages
import IsomorphTestSupport
import Testing

@Suite("align.variance-explained and align.completeness: Higgins et al.'s LASSO alignment")
struct AlignVarianceExplainedStageTests {
    @Test("passes the stage conformance kit")
    func conformance() async throws {
        let sim = try await StageFixtures.simulate(.init(stimuli: 40, units: 6, neurons: 3), seed: 1)
        try await StageConformance.check(
            AlignVarianceExplainedStage.self, parameters: "{ cv: { folds: 4, shuffle: true }, n_alphas: 10 }",
            inputs: StageFixtures.inputs(["model": sim["features"]!, "neurons": sim["responses"]!]))
        let weights = try await StageFixtures.run(
            try AlignVarianceExplainedStage(parameters: .init(cv: CrossValidationParameters(folds: 4), n_alphas: 10)),
            StageFixtures.inputs(["model": sim["features"]!, "neurons": sim["responses"]!]))
        try await StageConformance.check(
            AlignCompletenessStage.self, parameters: "{}",
            inputs: StageFixtures.inputs(["weights": weights["weights"]!]))
        try await StageConformance.check(
            AlignDisentanglementStage.self, parameters: "{ normalize: informative }",
            inputs: StageFixtures.inputs(["weights": weights["weights"]!]))
    }

    @Test("variance explained and weights agree with LassoCV on standardised units and neurons; dead units are zeroed")
    func matchesLassoCV() async throws {
        let sim = try await StageFixtures.simulate(
            .init(
                stimuli: 160, latents: 4, units: 8, neurons: 3, neuron_noise: 0.6, disentanglement: 0.5, alignment: 1),
            seed: 5)
        // Make unit 7 nearly dead: 1e-3 of its values (variance ratio 1e-6 ≪ 0.01).
        var features = try sim["features"]!.variable("features").data.matrix()
        for i in 0..<160 { features[i, 7] *= 1e-3 }
        let model = try StageFixtures.representation(features, variable: "features", dimension: "unit", prefix: "u")
        var neuronsData = sim["responses"]!
        neuronsData = try Dataset(
            variable: "responses", dimensions: ["stimulus", "neuron"], data: neuronsData.variable("responses").data,
            labels: [
                "stimulus": NDArray((0..<160).map { "s\($0)" }), "neuron": neuronsData.coordinates["neuron"]!.data,
            ])
        let stage = try AlignVarianceExplainedStage(
            parameters: .init(cv: CrossValidationParameters(folds: 5), n_alphas: 30))
        let out = try await StageFixtures.run(stage, StageFixtures.inputs(["model": model, "neurons": neuronsData]))
        let informative = try #require(out["scores"]?.variable("informative").data.values(as: UInt8.self))
        #expect(informative == [1, 1, 1, 1, 1, 1, 1, 0])
        // The reference: scikit-learn's LassoCV on z-scored units (dead unit set to 0) and z-scored neurons.
        var x = features.standardized(ddof: 0).matrix
        for i in 0..<160 { x[i, 7] = 0 }
        let y = try neuronsData.variable("responses").data.matrix().standardized(ddof: 0).matrix
        let fold = (0..<160).map { $0 / 32 }
        var oracle = StageOracle()
        for t in 0..<3 {
            oracle.add(
                "t\(t)", op: "cv",
                [
                    "X": .matrix(x), "y": .vector(y.column(t)), "fold_of": .integers(fold), "n_alphas": .integer(30),
                    "eps": .scalar(1e-3), "tol": .scalar(1e-4), "max_iter": .integer(1000),
                ])
        }
        let r = try oracle.run("regression_lasso")
        let weights = try #require(out["weights"]).variable("weights")
        #expect(weights.dimensions == ["unit", "neuron"])
        let w = try weights.data.matrix()
        let ve = try StageFixtures.values(out["scores"], "variance_explained")
        for t in 0..<3 {
            // Same iterates as scikit-learn (LassoPathTests): rounding-level agreement.
            expectAllClose(
                w.column(t), try r.vector("t\(t)", "coef_1se"), rtol: 0, atol: 1e-9, "weights of neuron \(t)")
            let held = try r.vector("t\(t)", "held_1se")
            let observed = y.column(t)
            let sse = zip(observed, held).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
            let sst = observed.reduce(0) { $0 + $1 * $1 }  // standardised: mean 0
            expectAllClose([ve[t]], [1 - sse / sst], rtol: 1e-9, atol: 1e-12, "VE of neuron \(t)")
        }
        #expect(w.row(7).allSatisfy { $0 == 0 })
        let mean = try StageFixtures.values(out["scores"], "mean_variance_explained")
        expectAllClose(mean, [ve.reduce(0, +) / 3], rtol: 1e-15, atol: 0, "mean VE")
        // Completeness of these weights through the stage equals the numerics' DCI score.
        let completeness = try await StageFixtures.run(
            try AlignCompletenessStage(parameters: .init()), StageFixtures.inputs(["weights": out["weights"]!]))
        expectAllClose(
            try StageFixtures.values(completeness["scores"], "score"), [DCIScore.completeness(w).score], rtol: 0,
            atol: 1e-15, "completeness")
    }

    @Test("end to end: alignment ranks simulated models by their true disentanglement")
    func ranksByDisentanglement() async throws {
        // The same seed gives the same latents, neurons and noise for every setting: only the
        // model's mixing differs. Neurons each read one latent (alignment 1).
        var scores = [Double]()
        let levels = [0.0, 0.4, 0.6, 1.0]
        for level in levels {
            let sim = try await StageFixtures.simulate(
                .init(
                    stimuli: 300, latents: 5, units: 5, neurons: 15, feature_noise: 0.05, neuron_noise: 0.5,
                    disentanglement: level, alignment: 1), seed: 21)
            let ve = try await StageFixtures.run(
                try AlignVarianceExplainedStage(
                    parameters: .init(cv: CrossValidationParameters(folds: 5), n_alphas: 30)),
                StageFixtures.inputs(["model": sim["features"]!, "neurons": sim["responses"]!]))
            let c = try await StageFixtures.run(
                try AlignCompletenessStage(parameters: .init()), StageFixtures.inputs(["weights": ve["weights"]!]))
            scores.append(try StageFixtures.values(c["scores"], "score")[0])
        }
        #expect(
            scores == scores.sorted() && Set(scores).count == levels.count,
            "completeness \(scores) increases with disentanglement")
        #expect(scores.last! > 0.8 && scores.first! < 0.6)
    }

    @Test("hand-derived weights through align.completeness and align.disentanglement; errors name the variable")
    func dciStages() async throws {
        // Blocks of 2 among 8 units and 8 neurons: both scores 2/3 (see DCIScoreTests for the derivation).
        let w = Matrix(rows: 8, columns: 8) { i, j in i / 2 == j / 2 ? 1 : 0 }
        let d = try StageFixtures.representation(w, variable: "weights", dimension: "neuron", prefix: "n")
        var weights = try Dataset(
            variable: "weights", dimensions: ["unit", "neuron"], data: NDArray(w),
            labels: ["neuron": d.coordinates["neuron"]!.data])
        try weights.setVariable(
            "informative", Variable(dimensions: ["unit"], data: NDArray([UInt8](repeating: 1, count: 8))))
        for stage in [
            try AlignCompletenessStage(parameters: .init()),
            try AlignCompletenessStage(parameters: .init(normalize: "informative")),
        ] {
            let out = try await StageFixtures.run(stage, StageFixtures.inputs(["weights": weights]))
            expectAllClose(try StageFixtures.values(out["scores"], "score"), [2.0 / 3], rtol: 0, atol: 1e-15, "C")
            #expect(out["scores"]?.labels(of: "neuron")?.count == 8)
        }
        let dis = try await StageFixtures.run(
            try AlignDisentanglementStage(parameters: .init()), StageFixtures.inputs(["weights": weights]))
        expectAllClose(try StageFixtures.values(dis["scores"], "score"), [2.0 / 3], rtol: 0, atol: 1e-15, "D")
        await #expect(
            throws: StageFailure("input 'weights' has no variable 'coefficients' (variables: weights, informative)")
        ) {
            try await StageFixtures.run(
                try AlignCompletenessStage(parameters: .init(variable: "coefficients")),
                StageFixtures.inputs(["weights": weights]))
        }
    }
}

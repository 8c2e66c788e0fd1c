import IsomorphArrays
import IsomorphCore
import IsomorphNumerics
import IsomorphStages
import IsomorphTestSupport
import Testing

@Suite("lasso: cross-validated LASSO per target")
struct LassoStageTests {
    @Test("passes the stage conformance kit")
    func conformance() async throws {
        let sim = try await StageFixtures.simulate(.init(stimuli: 40, units: 6, neurons: 3), seed: 1)
        try await StageConformance.check(
            LassoStage.self, parameters: "{ cv: { folds: 4, shuffle: true }, n_alphas: 10 }",
            inputs: StageFixtures.inputs(["x": sim["features"]!, "y": sim["responses"]!]))
    }

    @Test("on a simulated study, every target agrees with LassoCV given the same folds")
    func matchesLassoCV() async throws {
        let sim = try await StageFixtures.simulate(
            .init(stimuli: 150, latents: 4, units: 12, neurons: 4, neuron_noise: 0.8, disentanglement: 0.5), seed: 3)
        // Responses listed in reverse stimulus order: the exact join must realign them.
        var responses = sim["responses"]!
        let reversed = Array((0..<150).reversed())
        let stimulus = try responses.coordinates["stimulus"]!.data.selecting(rows: reversed)
        let values = try responses.variable("responses").data.selecting(rows: reversed)
        responses = try Dataset(
            variable: "responses", dimensions: ["stimulus", "neuron"], data: values,
            labels: ["stimulus": stimulus, "neuron": responses.coordinates["neuron"]!.data])
        let stage = try LassoStage(
            parameters: .init(cv: CrossValidationParameters(folds: 5), n_alphas: 25, rule: "one-se"))
        let out = try await StageFixtures.run(stage, StageFixtures.inputs(["x": sim["features"]!, "y": responses]))
        let x = try sim["features"]!.variable("features").data.matrix()
        let y = try sim["responses"]!.variable("responses").data.matrix()
        let fold = try #require(out["cv"]?.variable("fold_of").data.values(as: Int32.self)).map(Int.init)
        #expect(fold == (0..<150).map { $0 / 30 }, "5 contiguous folds of 30")
        var batch = StageOracle()
        for t in 0..<4 {
            batch.add(
                "t\(t)", op: "cv",
                [
                    "X": .matrix(x), "y": .vector(y.column(t)), "fold_of": .integers(fold), "n_alphas": .integer(25),
                    "eps": .scalar(1e-3), "tol": .scalar(1e-4), "max_iter": .integer(1000),
                ])
        }
        let r = try batch.run("regression_lasso")
        let coefficients = try #require(out["model"]).variable("coefficients")
        #expect(coefficients.dimensions == ["unit", "neuron"])
        let w = try coefficients.data.matrix()
        let alpha = try StageFixtures.values(out["model"], "alpha")
        let alphaMin = try StageFixtures.values(out["model"], "alpha_min")
        let mse = try StageFixtures.values(out["cv"], "mse")
        for t in 0..<4 {
            // Same iterates as scikit-learn (see LassoPathTests): rounding-level agreement.
            let reference = try r.matrix("t\(t)", "mse")
            expectAllClose(
                Array(mse[(t * 125)..<((t + 1) * 125)]), reference.elements, rtol: 1e-9, atol: 0, "mse t\(t)")
            expectAllClose(
                [alpha[t], alphaMin[t]], [try r.scalar("t\(t)", "alpha_1se"), try r.scalar("t\(t)", "alpha_min")],
                rtol: 1e-13, atol: 0, "α t\(t)")
            expectAllClose(w.column(t), try r.vector("t\(t)", "coef_1se"), rtol: 0, atol: 1e-9, "coefficients t\(t)")
        }
        // Predictions are labelled with the stimuli; scores have one value per neuron.
        let predictions = try #require(out["predictions"])
        #expect(predictions.labels(of: "stimulus")?.first == "s000")
        let r2 = try StageFixtures.values(out["scores"], "r2")
        let ve = try r.vector("t0", "held_1se")
        let observed = y.column(0)
        let mean = observed.reduce(0, +) / 150
        let expectedR2 =
            1 - zip(observed, ve).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
            / observed.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        expectAllClose([r2[0]], [expectedR2], rtol: 1e-9, atol: 0, "held-out R² of target 0")
        #expect(r2.allSatisfy { $0 > 0.3 && $0 < 1 })
    }

    @Test("bad parameters and misaligned inputs are refused with messages naming them")
    func errors() async throws {
        #expect(throws: StageFailure("parameter 'alphas' must hold positive values, got 0.0")) {
            try LassoStage(parameters: .init(alphas: [1, 0]))
        }
        #expect(throws: StageFailure("cv scheme 'explicit' needs 'tests' (lists of test indices)")) {
            try LassoStage(parameters: .init(cv: CrossValidationParameters(scheme: "explicit")))
        }
        let x = try StageFixtures.representation(Matrix.ones(rows: 4, columns: 2), dimension: "unit", prefix: "u")
        var y = try StageFixtures.representation(Matrix.ones(rows: 4, columns: 1), dimension: "neuron", prefix: "n")
        y = try Dataset(
            variable: "x", dimensions: ["stimulus", "neuron"], data: y.variable("x").data,
            labels: ["stimulus": NDArray(["s0", "s1", "s2", "zz"])])
        await #expect(
            throws: StageFailure(
                "inputs 'x' and 'y' have different 'stimulus' labels (missing from 'y': 's3'; missing from 'x': 'zz'); "
                    + "fix the inputs or set 'join: intersection'")
        ) {
            try await StageFixtures.run(
                try LassoStage(parameters: .init(cv: CrossValidationParameters(folds: 2))),
                StageFixtures.inputs(["x": x, "y": y]))
        }
    }
}

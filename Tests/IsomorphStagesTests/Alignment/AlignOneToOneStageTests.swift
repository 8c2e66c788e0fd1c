import IsomorphArrays
import IsomorphCore
import IsomorphNumerics
import IsomorphStages
import IsomorphTestSupport
import Testing

@Suite("align.one-to-one: Hungarian assignment and single-neuron decoding")
struct AlignOneToOneStageTests {
    @Test("passes the stage conformance kit")
    func conformance() async throws {
        let sim = try await StageFixtures.simulate(.init(stimuli: 40, latents: 3, units: 3, neurons: 8), seed: 1)
        try await StageConformance.check(
            AlignOneToOneStage.self, parameters: "{ cv: { folds: 4, shuffle: true } }",
            inputs: StageFixtures.inputs(["model": sim["truth"]!, "neurons": sim["responses"]!]).renaming(
                model: "latents"))
    }

    @Test(
        "decoding true latents from aligned neurons: every latent finds a neuron reading it; cosine distance is small")
    func simulated() async throws {
        let sim = try await StageFixtures.simulate(
            .init(stimuli: 300, latents: 4, units: 4, neurons: 12, neuron_noise: 0.3, alignment: 1), seed: 2)
        let inputs = StageFixtures.inputs(["model": sim["truth"]!, "neurons": sim["responses"]!])
        let out = try await StageFixtures.run(
            try AlignOneToOneStage(
                parameters: .init(cv: CrossValidationParameters(folds: 5), model_variable: "latents")), inputs)
        let scores = try #require(out["scores"])
        // simulate's aligned neurons: neuron j reads latent j mod 4, so latent d's neuron is ≡ d (mod 4).
        let assigned = try #require(scores.variable("assigned_neuron").data.values(as: Int32.self))
        #expect(assigned.enumerated().allSatisfy { $0.element >= 0 && Int($0.element) % 4 == $0.offset })
        #expect(try StageFixtures.values(out["scores"], "cosine_distance")[0] < 0.05)
        #expect(try #require(scores.variable("neurons_used").data.values(as: Int32.self)) == [4])
        #expect(try #require(scores.variable("matched_at_threshold").data.values(as: Int32.self)) == [4])
        #expect(try StageFixtures.values(out["scores"], "bottleneck")[0] > 0.9)
        #expect(
            try #require(scores.variable("assigned_neuron_label").data.values(as: String.self)).allSatisfy {
                $0.hasPrefix("n")
            })
        #expect(try #require(scores.variable("fold_of").data.values(as: Int32.self)).count == 300)
    }
}

extension StageInputs {
    /// The same bindings with `model` pointing at a dataset's `latents` variable only.
    func renaming(model variable: String) throws -> StageInputs {
        let d = try dataset("model")
        var only = try Dataset(
            variable: variable, dimensions: try d.variable(variable).dimensions, data: try d.variable(variable).data)
        for (name, c) in d.coordinates where try d.variable(variable).dimensions.contains(name) {
            try only.setCoordinate(name, c)
        }
        var copy = self
        copy.bindings["model"] = .single(source: "model", artifact: InMemoryArtifact(only))
        return copy
    }
}

import IsomorphArrays
import IsomorphCore
import IsomorphNumerics
import IsomorphStages
import IsomorphTestSupport
import Testing

@Suite("simulate: a synthetic study with known ground truth")
struct SimulateStageTests {
    @Test("passes the stage conformance kit")
    func conformance() async throws {
        try await StageConformance.check(SimulateStage.self, parameters: "{ stimuli: 20, units: 5, neurons: 4 }")
    }

    @Test("the data follow the documented generative model (checked with numpy.linalg.lstsq)")
    func groundTruth() async throws {
        let stage = try SimulateStage(
            parameters: .init(
                stimuli: 400, latents: 5, units: 24, neurons: 18, subjects: 4, feature_noise: 0.1, neuron_noise: 0.5,
                disentanglement: 0.5, alignment: 0.25))
        let scratch = try TemporaryDirectory()
        let out = try await stage.run(StageInputs(), in: .forTesting(seed: 42, scratch: scratch))
        func dataset(_ port: String) throws -> Dataset {
            guard case .dataset(let d)? = out[port] else { throw StageFailure("no \(port)") }
            return d
        }
        let truth = try dataset("truth")
        let z = try truth.variable("latents").data
        let fit = try Oracle.run(
            "stages_lstsq",
            inputs: [
                "features__x": z, "features__y": try dataset("features").variable("features").data,
                "responses__x": z, "responses__y": try dataset("responses").variable("responses").data,
            ])
        // OLS error SD ≈ noise / sqrt(stimuli · subjects-averaged): features 0.1/√400 = 0.005,
        // responses (0.5/√4)/√400 = 0.0125. Five standard errors:
        let a = try #require(truth.variable("feature_mixing").data.doubles)
        let b = try #require(truth.variable("neuron_mixing").data.doubles)
        expectAllClose(try #require(fit["features"]?.doubles), a, rtol: 0, atol: 0.025, "feature mixing recovered")
        expectAllClose(try #require(fit["responses"]?.doubles), b, rtol: 0, atol: 0.0625, "neuron mixing recovered")
        // Aligned units read exactly one latent (12 of 24 units, 4 or 5 of 18 neurons).
        let mixing = try truth.variable("feature_mixing").data.matrix()
        for j in 0..<12 { #expect((0..<5).map { mixing[$0, j] } == (0..<5).map { $0 == j % 5 ? 1 : 0 }) }
        // Responses are the subject mean; labels the sign of latent 0.
        let subjects = try dataset("subject_responses").variable("responses").data.matrix()
        let mean = try dataset("responses").variable("responses").data.doubles!
        let perSubject = 400 * 18
        let recomputed = (0..<perSubject).map { i in
            (0..<4).map { subjects.elements[$0 * perSubject + i] }.reduce(0, +) / 4
        }
        expectAllClose(mean, recomputed, rtol: 1e-12, atol: 1e-12, "responses = subject mean")
        let labels = try #require(truth.variable("label").data.values(as: Int32.self))
        let zm = try z.matrix()
        #expect(labels == (0..<400).map { zm[$0, 0] > 0 ? 1 : 0 })
        #expect(try dataset("features").labels(of: "stimulus")?.first == "s000")
    }

    @Test("bad settings are refused when the pipeline is validated")
    func badSettings() throws {
        var registry = StageRegistry()
        registry.register(SimulateStage.self)
        let node = try YAMLReader.parse("{ stimuli: 2, disentanglement: 1.5 }", file: "p.yaml")
        #expect {
            try registry.entry("simulate")!.configure(
                node, owner: SourceLocation(file: "p.yaml", line: 1, column: 1), subject: "stage 'sim'")
        } throws: { error in
            "\(error)"
                == "p.yaml:1:12: error: stage 'sim': parameter 'stimuli' must be an integer ≥ 4, got 2\n"
                + "p.yaml:1:32: error: stage 'sim': parameter 'disentanglement' must be a number ≤ 1.0, got 1.5"
        }
    }
}

import IsomorphArrays
import IsomorphCore
import IsomorphNumerics
import IsomorphStages
import IsomorphTestSupport
import Testing

@Suite("align.correlation-ratio")
struct AlignCorrelationRatioStageTests {
    @Test("passes the stage conformance kit")
    func conformance() async throws {
        let sim = try await StageFixtures.simulate(.init(stimuli: 40, units: 6, neurons: 5), seed: 1)
        try await StageConformance.check(
            AlignCorrelationRatioStage.self, parameters: "{ per_unit: mean }",
            inputs: StageFixtures.inputs(["model": sim["features"]!, "neurons": sim["responses"]!]))
    }

    @Test("a disentangled model's ratios exceed an entangled one's; the stage matches the numerics with labels")
    func simulated() async throws {
        var averages = [Double]()
        for level in [0.0, 1.0] {
            let sim = try await StageFixtures.simulate(
                .init(
                    stimuli: 200, latents: 5, units: 5, neurons: 20, feature_noise: 0.05, disentanglement: level,
                    alignment: 1),
                seed: 8)
            let out = try await StageFixtures.run(
                try AlignCorrelationRatioStage(parameters: .init()),
                StageFixtures.inputs(["model": sim["features"]!, "neurons": sim["responses"]!]))
            let x = try sim["features"]!.variable("features").data.matrix()
            let y = try sim["responses"]!.variable("responses").data.matrix()
            let reference = CorrelationRatio(units: x, neurons: y)
            expectAllClose(
                try StageFixtures.values(out["scores"], "ratio"), reference.ratios, rtol: 0, atol: 0,
                "per-neuron ratios")
            let average = try StageFixtures.values(out["scores"], "average_ratio")[0]
            #expect(average == reference.averageRatio)
            #expect(out["scores"]?.labels(of: "neuron")?.count == 20 && out["scores"]?.labels(of: "unit")?.count == 5)
            averages.append(average)
            if level == 1 {
                #expect(try StageFixtures.values(out["scores"], "unit_proportion") == [1], "every unit wins a neuron")
            }
        }
        #expect(averages[1] > averages[0] + 0.2, "ratios: entangled \(averages[0]), disentangled \(averages[1])")
    }
}

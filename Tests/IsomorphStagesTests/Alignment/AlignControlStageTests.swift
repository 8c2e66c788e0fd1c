import IsomorphArrays
import IsomorphCore
import IsomorphNumerics
import IsomorphStages
import IsomorphTestSupport
import Testing

@Suite("alignment controls: artificial neurons and the neuron-subset ceiling")
struct AlignControlStageTests {
    @Test("both control stages pass the conformance kit")
    func conformance() async throws {
        let sim = try await StageFixtures.simulate(.init(stimuli: 40, neurons: 12), seed: 1)
        try await StageConformance.check(
            AlignArtificialNeuronsStage.self, parameters: "{ count: 5 }",
            inputs: StageFixtures.inputs(["neurons": sim["responses"]!]))
        try await StageConformance.check(
            AlignNeuronSubsetsStage.self,
            parameters: "{ min_size: 2, max_size: 4, sizes: 2, per_size: 2, n_alphas: 5, cv: { folds: 3 } }",
            inputs: StageFixtures.inputs(["neurons": sim["responses"]!]))
    }

    @Test("subsets of aligned neurons reach a high ceiling; against artificial neurons the alignment drops")
    func ceilingAndArtificial() async throws {
        let sim = try await StageFixtures.simulate(
            .init(stimuli: 200, latents: 4, units: 4, neurons: 16, neuron_noise: 0.3, disentanglement: 1, alignment: 1),
            seed: 3)
        let artificial = try await StageFixtures.run(
            try AlignArtificialNeuronsStage(parameters: .init()), StageFixtures.inputs(["neurons": sim["responses"]!]),
            seed: 4)
        let mixed = try #require(artificial["neurons"])
        let mixing = try #require(artificial["mixing"]).variable("mixing").data.matrix()
        #expect(mixing.shape == (16, 16))
        for c in 0..<16 { expectAllClose([mixing.column(c).reduce(0, +)], [1], rtol: 0, atol: 1e-14, "column \(c)") }
        #expect(mixed.labels(of: "neuron")?.first == "a00" && mixed.labels(of: "stimulus")?.count == 200)

        let settings = AlignNeuronSubsetsStage.Parameters(
            min_size: 4, max_size: 8, sizes: 2, per_size: 2, cv: CrossValidationParameters(folds: 4), n_alphas: 20)
        let ceiling = try await StageFixtures.run(
            try AlignNeuronSubsetsStage(parameters: settings), StageFixtures.inputs(["neurons": sim["responses"]!]),
            seed: 5)
        let sizes = try #require(ceiling["scores"]?.variable("size").data.values(as: Int32.self))
        #expect(sizes.count == 4 && sizes.allSatisfy { (4...8).contains($0) })
        let members = try #require(ceiling["scores"]).variable("members").data.matrix()
        #expect((0..<4).allSatisfy { Int32(members.row($0).reduce(0, +)) == sizes[$0] })
        let real = try StageFixtures.values(ceiling["scores"], "score")
        let against = try await StageFixtures.run(
            try AlignNeuronSubsetsStage(parameters: settings),
            StageFixtures.inputs(["neurons": sim["responses"]!, "targets": mixed]), seed: 5)
        let artificialScores = try StageFixtures.values(against["scores"], "score")
        #expect(real.allSatisfy { $0 > 0.6 }, "ceiling \(real)")
        #expect(zip(real, artificialScores).allSatisfy { $0 > $1 + 0.2 }, "\(real) vs artificial \(artificialScores)")
    }
}

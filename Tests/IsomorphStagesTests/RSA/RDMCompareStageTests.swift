import IsomorphArrays
import IsomorphCore
import IsomorphNumerics
import IsomorphStages
import IsomorphTestSupport
import Testing

/// `rsa.compare` on the Kriegeskorte et al. (2008) data: the monkey IT RDM against the human IT
/// RDMs of 4 subjects × 2 sessions, against rsatoolbox (`compare`, `boot_noise_ceiling`, and the
/// bootstrap over stimuli on the stage's stored index lists).
///
/// Tolerances: scores are correlations of 4,186 pairs (atol 1e-12); bootstrap samples go through
/// the weighted-rank kernel versus `rankdata` on the expanded sample (atol 1e-11).
@Suite("rsa.compare: model RDMs against brain RDMs")
struct RDMCompareStageTests {
    static func inputs() throws -> StageInputs {
        StageInputs([
            "models": RSAStageFixtures.collection([("mIT", try RSAStageFixtures.monkeyIT())]),
            "brain": RSAStageFixtures.single(try RSAStageFixtures.humanIT(), "data.hit"),
        ])
    }

    @Test("passes the stage conformance kit (bootstrap over both, permutations)")
    func conformance() async throws {
        let d = try await RSAStageFixtures.simulated(stimuli: 12)
        let rdms = try RSAStageFixtures.dataset(
            try await RSAStageFixtures.run(
                try RDMStage(parameters: .init(stack: "subject")),
                StageInputs(["x": RSAStageFixtures.single(d["subject_responses"]!)])
            ).values["rdm"])
        let model = try RSAStageFixtures.dataset(
            try await RSAStageFixtures.run(
                try RDMStage(parameters: .init()), StageInputs(["x": RSAStageFixtures.single(d["features"]!)])
            )
            .values["rdm"])
        try await StageConformance.check(
            RDMCompareStage.self,
            parameters: "{ method: pearson, bootstrap: { over: both, samples: 20 }, permutations: 19 }",
            inputs: StageInputs([
                "models": RSAStageFixtures.collection([("a", model), ("b", model)]),
                "brain": RSAStageFixtures.single(rdms),
            ]))
    }

    @Test("mIT vs hIT scores, noise ceiling and stimulus bootstrap agree with rsatoolbox")
    func kriegeskorte() async throws {
        let stage = try RDMCompareStage(
            parameters: .init(
                method: "spearman", bootstrap: .init(over: "stimuli", samples: 25), permutations: 49,
                correction: "bonferroni"))
        let out = try await RSAStageFixtures.run(stage, try Self.inputs(), seed: 11)
        let scores = try RSAStageFixtures.dataset(out["scores"])
        let boot = try RSAStageFixtures.dataset(out["bootstrap"])
        #expect(try scores.variable("score").dimensions == ["model", "subject", "session"])
        #expect(scores.labels(of: "model") == ["mIT"] && scores.labels(of: "group") == ["BE", "KO", "SN", "TI"])

        let hit = try RSAStageFixtures.condensed(try RSAStageFixtures.humanIT())
        let mit = try RSAStageFixtures.condensed(try RSAStageFixtures.monkeyIT())
        let stim = try boot.variable("stimulus_index").data
        let inputs: OrderedDictionary<String, NDArray> = [
            "cmp__op": NDArray(scalar: "scores"), "cmp__models": NDArray(Matrix(rows: mit)),
            "cmp__refs": NDArray(Matrix(rows: hit)), "cmp__method": NDArray(scalar: "spearman"),
            "nc__op": NDArray(scalar: "ceiling"), "nc__refs": NDArray(Matrix(rows: hit)),
            "nc__groups": NDArray([0, 0, 1, 1, 2, 2, 3, 3].map { Int64($0) }),
            "bs__op": NDArray(scalar: "bootstrap"), "bs__models": NDArray(Matrix(rows: mit)),
            "bs__refs": NDArray(Matrix(rows: hit)), "bs__groups": NDArray([0, 0, 1, 1, 2, 2, 3, 3].map { Int64($0) }),
            "bs__method": NDArray(scalar: "spearman"), "bs__stim": try stim.converted(to: .float64),
            "bs__subj": NDArray(shape: [0, 0], values: [Double]()),
        ]
        let inf = try Oracle.run("rsa_inference", inputs: inputs)
        expectAllClose(
            try require(try scores.variable("score").data.doubles), try require(inf["cmp__scores"]?.doubles), rtol: 0,
            atol: 1e-12, "per-RDM Spearman")
        expectAllClose(
            try require(try scores.variable("ceiling_lower").data.doubles)
                + (try require(try scores.variable("ceiling_upper").data.doubles)),
            try require(inf["nc__lower_spearman"]?.doubles) + (try require(inf["nc__upper_spearman"]?.doubles)),
            rtol: 0,
            atol: 1e-12, "noise ceiling")
        expectAllClose(
            try require(try boot.variable("score").data.doubles), try require(inf["bs__scores"]?.doubles), rtol: 0,
            atol: 1e-11, "bootstrap scores")
        expectAllClose(
            try require(try boot.variable("ceiling_lower").data.doubles), try require(inf["bs__lower"]?.doubles),
            rtol: 0,
            atol: 1e-11, "bootstrap lower ceiling")
        // Summaries follow from the stored samples.
        let samples = try require(try boot.variable("score").data.doubles)
        let summary = BootstrapSummary(samples, confidence: 0.95)
        #expect(try scores.variable("score_ci").data.doubles == [summary.lower, summary.upper])
        #expect(try scores.variable("score_se").data.doubles == [summary.standardError])
        // The monkey IT RDM predicts human IT far beyond chance: every permutation scores lower.
        #expect(try scores.variable("p_value").data.doubles == [1.0 / 50])
        #expect(try scores.variable("p_adjusted").data.doubles == [1.0 / 50], "Bonferroni with one model")
        let mean = try require(try scores.variable("score_mean").data.doubles)[0]
        let upper = try require(try scores.variable("ceiling_upper").data.doubles)[0]
        #expect(mean > 0.1 && mean < upper, "mIT explains hIT above 0 and below the upper ceiling")
    }

    @Test("a labelled model against unlabelled brain RDMs is refused with the join hint")
    func joinRefusal() async throws {
        let d = try await RSAStageFixtures.simulated(stimuli: 92)
        let model = try RSAStageFixtures.dataset(
            try await RSAStageFixtures.run(
                try RDMStage(parameters: .init()), StageInputs(["x": RSAStageFixtures.single(d["features"]!)])
            )
            .values["rdm"])
        let inputs = StageInputs([
            "models": RSAStageFixtures.collection([("sim", model)]),
            "brain": RSAStageFixtures.single(try RSAStageFixtures.humanIT()),
        ])
        await #expect(
            throws: StageFailure(
                "input 'brain' has no 'stimulus' labels but 'rdm[sim]' has; label both, or set 'join: positional' if the "
                    + "orders are known to match")
        ) {
            try await RSAStageFixtures.run(try RDMCompareStage(parameters: .init()), inputs)
        }
        let positional = try await RSAStageFixtures.run(
            try RDMCompareStage(parameters: .init(join: "positional")), inputs)
        #expect(try RSAStageFixtures.dataset(positional["scores"]).variable("score").shape == [1, 4, 2])
    }
}

import IsomorphArrays
import IsomorphCore
import IsomorphNumerics
import IsomorphStages
import IsomorphTestSupport
import Testing

/// `rsa.noise-ceiling`, `cka`, `rsa.reweight`, `rsa.variance-partition`: conformance and
/// realistic runs on the hIT RDMs and on `simulate` data. Their numerics are checked against
/// rsatoolbox, SciPy and the published formulas in the numerics suites; here the stages must
/// reproduce the numerics they wrap on the same inputs (exactly, or 1e-12 where the stage
/// reorders work).
@Suite("rsa.noise-ceiling, cka, rsa.reweight and rsa.variance-partition")
struct RSAAnalysisStageTests {
    @Test("rsa.noise-ceiling: conformance, hIT bounds per subject, bootstrap over subjects")
    func noiseCeiling() async throws {
        let brain = StageInputs(["brain": RSAStageFixtures.single(try RSAStageFixtures.humanIT())])
        try await StageConformance.check(
            NoiseCeilingStage.self, parameters: "{ method: pearson, bootstrap: { over: subjects, samples: 10 } }",
            inputs: brain)
        let hit = try RSAStageFixtures.condensed(try RSAStageFixtures.humanIT()).map(RDMVector.init)
        let groups = [0, 0, 1, 1, 2, 2, 3, 3]
        let tau = try RSAStageFixtures.dataset(
            try await RSAStageFixtures.run(try NoiseCeilingStage(parameters: .init(method: "tau-a")), brain)["ceiling"])
        let expectedTau = try NoiseCeiling.compute(hit, groups: groups, groupCount: 4, method: .kendallTauA)
        #expect(try tau.variable("ceiling_lower").data.doubles == [expectedTau.lower])
        #expect(try tau.variable("ceiling_upper_group").data.doubles == expectedTau.groupUpper)
        #expect(tau.labels(of: "group") == ["BE", "KO", "SN", "TI"])
        let out = try RSAStageFixtures.dataset(
            try await RSAStageFixtures.run(
                try NoiseCeilingStage(
                    parameters: .init(method: "spearman", bootstrap: .init(over: "subjects", samples: 30))),
                brain)["ceiling"])
        let expected = try NoiseCeiling.compute(hit, groups: groups, groupCount: 4, method: .spearman)
        #expect(try out.variable("ceiling_upper").data.doubles == [expected.upper])
        #expect(try out.variable("subject_index").shape == [30, 4])
        let ci = try require(try out.variable("ceiling_upper_ci").data.doubles)
        #expect(ci[0] <= expected.upper && expected.upper <= ci[1] + 1e-12, "the interval covers the estimate")
    }

    @Test("cka: conformance; layers ordered by how much they share with the responses")
    func cka() async throws {
        let d = try await RSAStageFixtures.simulated(stimuli: 60)
        let features = d["features"]!
        var noise = try Dataset(
            variable: "noise", dimensions: ["stimulus", "unit"], data: NDArray(normalMatrix(60, 30, seed: 5)),
            labels: ["stimulus": try require(features.coordinates["stimulus"]).data])
        noise.attributes = [:]
        let inputs = StageInputs([
            "models": .collection([
                StageInputs.Item(
                    labels: ["layer": .string("features")], source: "f", artifact: InMemoryArtifact(features)),
                StageInputs.Item(labels: ["layer": .string("noise")], source: "n", artifact: InMemoryArtifact(noise)),
            ]),
            "brain": RSAStageFixtures.single(d["responses"]!),
        ])
        try await StageConformance.check(CKAStage.self, parameters: "{ estimator: unbiased }", inputs: inputs)
        for estimator in CKA.Estimator.allCases {
            let out = try RSAStageFixtures.dataset(
                try await RSAStageFixtures.run(try CKAStage(parameters: .init(estimator: estimator.rawValue)), inputs)[
                    "cka"])
            let values = try require(try out.variable("cka").data.doubles)
            let expected = try CKA.linear(
                try features.variable("features").data.matrix(),
                try d["responses"]!.variable("responses").data.matrix(),
                estimator: estimator)
            #expect(values[0] == expected)
            #expect(values[0] > values[1] + 0.2, "\(estimator): the generating features beat noise")
            #expect(out.labels(of: "model") == ["features", "noise"])
        }
    }

    static func layerInputs() throws -> (StageInputs, [[Double]], [[Double]]) {
        let n = 30
        let pairs = CondensedRDM.pairCount(n)
        let layers = (0..<3).map { normalMatrix(1, pairs, seed: UInt64(70 + $0)).row(0).map { abs($0) + 0.5 } }
        var brain = [Double]()
        for s in 0..<5 {
            let e = normalMatrix(1, pairs, seed: UInt64(80 + s)).row(0)
            for i in 0..<pairs { brain.append(0.6 * layers[1][i] + 0.3 * layers[2][i] + 0.15 * e[i]) }
        }
        func square(_ v: [Double]) -> [Double] { CondensedRDM.matrix(v).elements }
        let brainData = try Dataset(
            variable: "rdm", dimensions: ["subject", "stimulus", "stimulus_2"],
            data: NDArray(
                shape: [5, n, n], values: (0..<5).flatMap { s in square(Array(brain[(s * pairs)..<((s + 1) * pairs)])) }
            ))
        let models = try layers.enumerated().map { k, v in
            (
                "layer\(k)",
                try Dataset(
                    variable: "rdm", dimensions: ["stimulus", "stimulus_2"], data: NDArray(CondensedRDM.matrix(v)))
            )
        }
        let refs = (0..<5).map { Array(brain[($0 * pairs)..<(($0 + 1) * pairs)]) }
        return (
            StageInputs(["models": RSAStageFixtures.collection(models), "brain": RSAStageFixtures.single(brainData)]),
            layers, refs
        )
    }

    @Test("rsa.reweight: conformance; recovers the generating weights over stimuli and subjects")
    func reweight() async throws {
        let (inputs, layers, refs) = try Self.layerInputs()
        try await StageConformance.check(
            RDMReweightStage.self, parameters: "{ cv: { folds: 3, shuffle: true } }", inputs: inputs)
        let out = try RSAStageFixtures.dataset(
            try await RSAStageFixtures.run(try RDMReweightStage(parameters: .init()), inputs, seed: 4)["reweighting"])
        let splits = try Splitter.kFold(folds: 5, shuffle: true).splits(count: 30, seed: 4)
        let expected = try RDMReweighting.crossValidate(
            models: layers.map(RDMVector.init), references: refs.map(RDMVector.init), groups: Array(0..<5),
            splits: splits,
            axis: .stimuli, method: .pearson, intercept: true)
        #expect(try out.variable("weight").data.doubles == expected.flatMap(\.weights))
        #expect(try out.variable("fold_of").shape == [30], "realised folds over stimuli")
        let bySubject = try RSAStageFixtures.dataset(
            try await RSAStageFixtures.run(
                try RDMReweightStage(parameters: .init(over: "subjects", cv: .init(folds: 5))), inputs)["reweighting"])
        let w = try bySubject.variable("weight").data.matrix()
        for f in 0..<5 { expectAllClose(w.row(f), [0, 0.6, 0.3], rtol: 0, atol: 0.03, "fold \(f) weights") }
        #expect(bySubject.labels(of: "model") == ["layer0", "layer1", "layer2"])
    }

    @Test("rsa.variance-partition: conformance; components per subject equal the numerics")
    func variancePartition() async throws {
        let (inputs, layers, refs) = try Self.layerInputs()
        let two = StageInputs([
            "models": .collection(Array(try inputs.collection("models").suffix(2))), "brain": inputs.bindings["brain"]!,
        ])
        try await StageConformance.check(VariancePartitionStage.self, parameters: "{}", inputs: two)
        let out = try RSAStageFixtures.dataset(
            try await RSAStageFixtures.run(try VariancePartitionStage(parameters: .init()), two)["partition"])
        #expect(out.labels(of: "component") == ["unique_layer1", "unique_layer2", "shared_layer1_layer2"])
        let vp = try VariancePartitioning(target: refs[2], predictors: [layers[1], layers[2]])
        let variance = try out.variable("variance").data.matrix()
        #expect(variance.column(2) == [vp.components[1], vp.components[2], vp.components[3]])
        await #expect(
            throws: StageFailure("input 'models' holds 1 RDMs (layer0); variance partitioning takes 2 or 3")
        ) {
            try await RSAStageFixtures.run(
                try VariancePartitionStage(parameters: .init()),
                StageInputs([
                    "models": .collection(Array(try inputs.collection("models").prefix(1))),
                    "brain": inputs.bindings["brain"]!,
                ]))
        }
    }
}

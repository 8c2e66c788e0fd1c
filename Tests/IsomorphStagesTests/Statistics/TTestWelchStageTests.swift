import IsomorphArrays
import IsomorphCore
import IsomorphNumerics
import IsomorphStages
import IsomorphTestSupport
import Testing

@Suite("stats.welch: Welch's t-test between collections of scores")
struct TTestWelchStageTests {
    static func scores(_ values: [Double], class name: String) throws -> StageInputs.Binding {
        StageFixtures.collection(
            try values.enumerated().map { i, v in
                (
                    ["class": .string(name), "seed": .int(i)],
                    try Dataset(variables: ["score": Variable(dimensions: [], data: NDArray(scalar: v))])
                )
            }, source: name)
    }

    static let a = [0.61, 0.72, 0.66, 0.70, 0.58, 0.64]
    static let b = [0.41, 0.55, 0.38, 0.52, 0.47]

    @Test("passes the stage conformance kit")
    func conformance() async throws {
        try await StageConformance.check(
            TTestWelchStage.self, parameters: "{ alternative: greater }",
            inputs: StageInputs(["a": try Self.scores(Self.a, class: "vae"), "b": try Self.scores(Self.b, class: "ae")])
        )
    }

    @Test("scalar scores of two model classes, and a vector of ceiling scores, match scipy's ttest_ind")
    func matchesScipy() async throws {
        let inputs = StageInputs([
            "a": try Self.scores(Self.a, class: "vae"), "b": try Self.scores(Self.b, class: "ae"),
        ])
        var oracle = StageOracle()
        oracle.add("w", op: "welch", ["a": .vector(Self.a), "b": .vector(Self.b)])
        let r = try oracle.run("statistics_ttest")
        for alternative in ["two-sided", "less", "greater"] {
            let out = try await StageFixtures.run(
                try TTestWelchStage(parameters: .init(alternative: alternative)), inputs)
            expectAllClose(
                try ["statistic", "df", "p_value"].map { try StageFixtures.values(out["test"], $0)[0] },
                [
                    try r.scalar("w", "\(alternative)_t"), try r.scalar("w", "\(alternative)_df"),
                    try r.scalar("w", "\(alternative)_p"),
                ],
                rtol: 1e-12, atol: 0, alternative)
        }
        // A ceiling artifact holding one score per neuron subset is one sample of its values.
        let ceiling = try Dataset(
            variable: "score", dimensions: ["subset"], data: NDArray(Self.b))
        let vector = StageInputs([
            "a": try Self.scores(Self.a, class: "vae"),
            "b": .single(source: "ceiling", artifact: InMemoryArtifact(ceiling)),
        ])
        let out = try await StageFixtures.run(try TTestWelchStage(parameters: .init()), vector)
        expectAllClose(
            try StageFixtures.values(out["test"], "p_value"), [try r.scalar("w", "two-sided_p")], rtol: 1e-12, atol: 0,
            "vector b")
        #expect(out["test"]?.labels(of: "sample_b")?.first == "ceiling#0")
    }

    @Test("a selection drops the models it did not keep; too small samples are refused")
    func selection() async throws {
        var selection = try Dataset(
            variable: "kept", dimensions: ["model"], data: NDArray([UInt8](arrayLiteral: 1, 0, 1, 1, 1, 1)),
            labels: ["model": NDArray((0..<6).map { "class=vae,seed=\($0)" })])
        selection.attributes = [:]
        let inputs = StageInputs([
            "a": try Self.scores(Self.a, class: "vae"), "b": try Self.scores(Self.b, class: "ae"),
            "selection": .single(source: "select", artifact: InMemoryArtifact(selection)),
        ])
        let out = try await StageFixtures.run(try TTestWelchStage(parameters: .init()), inputs)
        let kept = Self.a.enumerated().filter { $0.offset != 1 }.map(\.element)
        expectAllClose(try StageFixtures.values(out["test"], "values_a"), kept, rtol: 0, atol: 0, "seed 1 dropped")
        let expected = TTest.welch(kept, Self.b)
        expectAllClose(try StageFixtures.values(out["test"], "p_value"), [expected.pValue], rtol: 1e-15, atol: 0, "p")
        await #expect(throws: StageFailure("input 'b' gives 1 value(s); a t-test needs at least 2 per sample")) {
            try await StageFixtures.run(
                try TTestWelchStage(parameters: .init()),
                StageInputs(["a": try Self.scores(Self.a, class: "vae"), "b": try Self.scores([0.5], class: "ae")]))
        }
    }

    @Test("one fan-in collection split by a matrix label gives the same test as two collections")
    func splitBy() async throws {
        guard case .collection(let vae) = try Self.scores(Self.a, class: "vae"),
            case .collection(let ae) = try Self.scores(Self.b, class: "ae")
        else { throw StageFailure("collections expected") }
        let mixed = StageInputs(["a": .collection(ae + vae)])
        let split = try await StageFixtures.run(
            try TTestWelchStage(parameters: .init(split_by: "class", groups: ["vae", "ae"])), mixed)
        let expected = TTest.welch(Self.a, Self.b)
        expectAllClose(
            try ["statistic", "p_value"].map { try StageFixtures.values(split["test"], $0)[0] },
            [expected.statistic, expected.pValue], rtol: 1e-15, atol: 0, "split collection")
        #expect(throws: StageFailure("parameter 'groups' must name the two values of 'split_by' forming the samples")) {
            try TTestWelchStage(parameters: .init(split_by: "class"))
        }
        await #expect(
            throws: StageFailure("sample 'cnn' of 'class' gives 0 value(s); a t-test needs at least 2 per sample")
        ) {
            try await StageFixtures.run(
                try TTestWelchStage(parameters: .init(split_by: "class", groups: ["vae", "cnn"])), mixed)
        }
    }
}

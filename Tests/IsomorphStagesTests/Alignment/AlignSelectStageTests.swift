import IsomorphArrays
import IsomorphCore
import IsomorphNumerics
import IsomorphStages
import IsomorphTestSupport
import Testing

@Suite("align.select: top-k by criterion, then drop low-VE models")
struct AlignSelectStageTests {
    static func scalar(_ name: String, _ value: Double) throws -> Dataset {
        try Dataset(variables: [name: Variable(dimensions: [], data: NDArray(scalar: value))])
    }

    /// Five models of class "vae", one of class "ae"; criteria and VE as in ModelSelection's hand case.
    static func inputs() throws -> StageInputs {
        let criteria = [5.0, 4, 3, 2, 1, 7]
        let ve = [0.5, 0.52, 0.48, 0.1, 0.6, 0.3]
        let labels: [[String: CanonicalValue]] = (0..<6).map { i in
            ["class": .string(i < 5 ? "vae" : "ae"), "seed": .int(i)]
        }
        return StageInputs([
            "criterion": StageFixtures.collection(
                try (0..<6).map { (labels[$0], try scalar("score", criteria[$0])) }, source: "udr"),
            "variance_explained": StageFixtures.collection(
                try (0..<6).map { (labels[$0], try scalar("mean_variance_explained", ve[$0])) }, source: "ve"),
        ])
    }

    @Test("passes the stage conformance kit")
    func conformance() async throws {
        try await StageConformance.check(
            AlignSelectStage.self, parameters: "{ top_k: 4, group_by: [class] }", inputs: try Self.inputs())
    }

    @Test("keeps the top 4 per class by criterion, then drops the VE outlier")
    func handCase() async throws {
        let out = try await StageFixtures.run(
            try AlignSelectStage(parameters: .init(top_k: 4, group_by: ["class"])), try Self.inputs())
        let selection = try #require(out["selection"])
        #expect(selection.labels(of: "model")?[0] == "class=vae,seed=0")
        #expect(try #require(selection.variable("kept").data.values(as: UInt8.self)) == [1, 1, 1, 0, 0, 1])
        #expect(try #require(selection.variable("rank").data.values(as: Int32.self)) == [1, 2, 3, 4, 5, 1])
        await #expect(
            throws: StageFailure(
                "models 'class=vae,seed=0', 'class=vae,seed=1', 'class=vae,seed=2', 'class=vae,seed=3', 'class=vae,seed=4', "
                    + "'class=ae,seed=5' have a criterion but no variance explained (models with VE: 'x')")
        ) {
            var inputs = try Self.inputs()
            inputs.bindings["variance_explained"] = .collection([
                StageInputs.Item(
                    labels: [:], source: "x", artifact: InMemoryArtifact(try Self.scalar("mean_variance_explained", 1)))
            ])
            return try await StageFixtures.run(try AlignSelectStage(parameters: .init()), inputs)
        }
    }
}

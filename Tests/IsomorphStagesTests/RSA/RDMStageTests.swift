import IsomorphArrays
import IsomorphCore
import IsomorphNumerics
import IsomorphStages
import IsomorphTestSupport
import Testing

/// `rsa.rdm`: conformance, the artifact layout, streaming versus in memory, condition averaging,
/// crossnobis folds from a run coordinate, stacks, and refusals. The numbers themselves are
/// checked against SciPy and rsatoolbox in the numerics suites; here they are compared with the
/// numerics they wrap (exactly, same code path) or with the in-memory route (1e-12).
@Suite("rsa.rdm: RDMs of representations")
struct RDMStageTests {
    @Test("passes the stage conformance kit")
    func conformance() async throws {
        let d = try await RSAStageFixtures.simulated()
        try await StageConformance.check(
            RDMStage.self, parameters: "{ distance: euclidean, unit_scaling: zscore }",
            inputs: StageInputs(["x": RSAStageFixtures.single(d["features"]!)]))
    }

    @Test("writes the documented layout and equals the numerics", arguments: ["float64", "float32"])
    func layout(_ dtype: String) async throws {
        let features = try await RSAStageFixtures.simulated()["features"]!
        let stage = try RDMStage(parameters: .init(distance: "correlation", dtype: dtype))
        let out = try RSAStageFixtures.dataset(
            try await RSAStageFixtures.run(stage, StageInputs(["x": RSAStageFixtures.single(features)])).values["rdm"])
        let rdm = try out.variable("rdm")
        #expect(rdm.dimensions == ["stimulus", "stimulus_2"] && rdm.shape == [40, 40])
        #expect(rdm.dtype == (dtype == "float32" ? .float32 : .float64))
        #expect(rdm.attributes["distance"] == .string("correlation"))
        #expect(out.labels(of: "stimulus") == features.labels(of: "stimulus"))
        #expect(out.labels(of: "stimulus_2") == features.labels(of: "stimulus"))
        let expected = RDMBuilder(measure: .correlation).rdm(try features.variable("features").data.matrix())
        // float32 storage rounds values below 2 to 2⁻²³·2 ≈ 1.2e-7.
        expectAllClose(
            try require(rdm.data.doubles), expected.elements, rtol: 0, atol: dtype == "float32" ? 2.4e-7 : 0, dtype)
    }

    @Test("a float32 input larger than the memory budget streams out of core in two panels")
    func outOfCore() async throws {
        // 120 stimuli × 2,000 units; 1 MiB holds 65 rows of doubles, i.e. 4 blocks of 16: 2 panels.
        var g = SeededGenerator(seed: 8)
        let x = FloatMatrix(Matrix.randomNormal(rows: 120, columns: 2000, using: &g))
        let d = try Dataset(variable: "act", dimensions: ["stimulus", "unit"], data: NDArray(x))
        let stage = try RDMStage(parameters: .init(distance: "euclidean", memory_mb: 1, block_rows: 16))
        let out = try RSAStageFixtures.dataset(
            try await RSAStageFixtures.run(stage, StageInputs(["x": RSAStageFixtures.single(d)])).values["rdm"])
        let expected = RDMBuilder(measure: .euclidean).rdm(Matrix(x))
        // Distances ≈ 63 from products of 2,000 terms: rtol 1e-12.
        expectAllClose(try require(try out.variable("rdm").data.doubles), expected.elements, rtol: 1e-12, atol: 1e-10)
    }

    @Test("crossnobis folds from a run coordinate, repeated conditions averaged, stacks over subjects")
    func conditionsAndStacks() async throws {
        // 5 conditions × 3 runs × 2 repeats, labels repeating along the observations.
        var g = SeededGenerator(seed: 4)
        let x = Matrix.randomNormal(rows: 30, columns: 12, using: &g)
        let conditions = (0..<30).map { "c\(($0 / 2) % 5)" }
        let runs = (0..<30).map { "run\($0 / 10)" }
        var d = try Dataset(variable: "x", dimensions: ["stimulus", "voxel"], data: NDArray(x))
        try d.setCoordinate("condition", Variable("stimulus", conditions))
        try d.setCoordinate("run", Variable("stimulus", runs))
        let inputs = StageInputs(["x": RSAStageFixtures.single(d)])
        let cn = try RSAStageFixtures.dataset(
            try await RSAStageFixtures.run(
                try RDMStage(parameters: .init(distance: "crossnobis", conditions: "condition", partitions: "run")),
                inputs
            ).values["rdm"])
        let expected = try Crossnobis.rdm(
            x, conditions: conditions.map { Int(String($0.dropFirst()))! }, conditionCount: 5,
            partitions: runs.map { Int(String($0.dropFirst(3)))! }, partitionCount: 3)
        expectAllClose(
            try require(try cn.variable("rdm").data.doubles), expected.elements, rtol: 0, atol: 1e-14, "crossnobis")
        #expect(cn.labels(of: "stimulus") == ["c0", "c1", "c2", "c3", "c4"])

        let averaged = try RSAStageFixtures.dataset(
            try await RSAStageFixtures.run(
                try RDMStage(parameters: .init(distance: "euclidean", conditions: "condition")), inputs
            ).values["rdm"])
        var means = Matrix.zeros(rows: 5, columns: 12)
        for r in 0..<30 { for j in 0..<12 { means[(r / 2) % 5, j] += x[r, j] / 6 } }
        expectAllClose(
            try require(try averaged.variable("rdm").data.doubles), RDMBuilder(measure: .euclidean).rdm(means).elements,
            rtol: 1e-12, atol: 1e-12, "condition means")

        let subjects = try await RSAStageFixtures.simulated()["subject_responses"]!
        let stacked = try RSAStageFixtures.dataset(
            try await RSAStageFixtures.run(
                try RDMStage(parameters: .init(stack: "subject")), StageInputs(["x": RSAStageFixtures.single(subjects)])
            ).values["rdm"])
        let rdm = try stacked.variable("rdm")
        #expect(rdm.dimensions == ["subject", "stimulus", "stimulus_2"] && rdm.shape == [4, 40, 40])
        #expect(stacked.labels(of: "subject") == subjects.labels(of: "subject"))
        let first = try subjects.variable("responses").data.selecting([0], along: 0).reshaped([40, 25]).matrix()
        expectAllClose(
            Array(try require(rdm.data.doubles).prefix(1600)), RDMBuilder(measure: .correlation).rdm(first).elements,
            rtol: 0, atol: 1e-13, "subject 0")
    }

    @Test("refusals name the parameter or input and what to do")
    func refusals() async throws {
        #expect(
            throws: StageFailure(
                "distance 'crossnobis' needs 'partitions' (a coordinate naming each observation's run)")
        ) {
            try RDMStage(parameters: .init(distance: "crossnobis"))
        }
        #expect(throws: StageFailure("'partitions' is only used by distance 'crossnobis' (got 'correlation')")) {
            try RDMStage(parameters: .init(partitions: "run"))
        }
        var d = try Dataset(variable: "x", dimensions: ["stimulus", "unit"], data: NDArray(Matrix.identity(3)))
        try d.setCoordinate("stimulus", Variable("stimulus", ["a", "b", "a"]))
        await #expect(
            throws: StageFailure(
                "input 'x' repeats observation labels; set 'conditions:' to average repeated observations per condition"
            )
        ) {
            try await RSAStageFixtures.run(
                try RDMStage(parameters: .init()), StageInputs(["x": RSAStageFixtures.single(d)]))
        }
        var runs = try Dataset(variable: "x", dimensions: ["stimulus", "unit"], data: NDArray(Matrix.identity(4)))
        try runs.setCoordinate("run", Variable("stimulus", ["r0", "r0", "r1", "r1"]))
        try runs.setCoordinate("stimulus", Variable("stimulus", ["a", "b", "a", "a"]))
        await #expect(
            throws: StageFailure(
                "input 'x': crossnobis: condition 1 has no observation in partition 1; every condition must occur in "
                    + "every partition (conditions from 'stimulus', partitions from 'run')")
        ) {
            try await RSAStageFixtures.run(
                try RDMStage(parameters: .init(distance: "crossnobis", partitions: "run")),
                StageInputs(["x": RSAStageFixtures.single(runs)]))
        }
    }
}

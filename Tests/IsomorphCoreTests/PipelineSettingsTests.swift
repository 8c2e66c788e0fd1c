import IsomorphCore
import Testing

/// Names, parameters and overrides, seeds, and warnings.
@Suite struct PipelineSettingsTests {
    private let spec = """
        isomorph: 1
        params: { seed: 7, factor: 2.5, unused: x, layers: [a, b] }
        data:
          lonely: lonely.npy
        stages:
          noise:
            uses: test.noise
            with: { count: 1 }
          fixed:
            uses: test.noise
            with: { count: 1 }
            seed: 3
          per:
            uses: test.noise
            matrix: { rep: [10, 11] }
            with: { count: 1 }
            seed: "${matrix.rep}"
          scaled:
            uses: test.scale
            in: { x: noise }
            with: { factor: "${factor}" }
        """

    @Test func seedsComeFromTheStageTheParamsOrZero() throws {
        let p = try loadSpec(spec)
        #expect(p.graph.nodes.filter { $0.kindName != "data" }.map(\.seed) == [7, 3, 10, 11, 7])
        let noSeed = try loadSpec("isomorph: 1\nstages:\n  a: { uses: test.noise, with: { count: 1 } }\n")
        #expect(noSeed.graph.nodes.map(\.seed) == [0])
    }

    @Test func overridesReplaceDefaultsAndKeepTypes() throws {
        let p = try loadSpec(
            spec,
            options: LoadOptions(parameterOverrides: ["seed": 8, "factor": 10, "layers": .array(["c"]), "unused": 3]))
        #expect(p.parameters.map(\.name) == ["seed", "factor", "unused", "layers"])
        #expect(p.parameters.map(\.value) == [8, 10.0, "3", .array(["c"])])
        #expect(p.graph[NodeID("noise")]?.seed == 8)
        guard case .builtin(let scaled)? = p.graph[NodeID("scaled")]?.action else {
            Issue.record("expected a built-in stage")
            return
        }
        #expect(scaled.keyParameters == .object(["factor": 10.0]))
    }

    @Test func unusedDataAndParametersAreWarnings() throws {
        let p = try loadSpec(spec)
        #expect(
            p.warnings.map(\.description) == [
                "spec.yaml:2:33: warning: parameter 'unused' is never used",
                "spec.yaml:2:44: warning: parameter 'layers' is never used",
                "spec.yaml:4:3: warning: data source 'lonely' is never read",
            ])
        #expect(p.warnings.first?.sourceLine == "params: { seed: 7, factor: 2.5, unused: x, layers: [a, b] }")
    }

    @Test func theNameDefaultsToTheFileStem() throws {
        let f = try SpecFixture()
        #expect(try f.load(spec, name: "pipelines/study-1.yaml").name == "study-1")
        #expect(try f.load("name: given\n" + spec).name == "given")
    }

    @Test func outputsOfEachKindOfNode() throws {
        let p = try loadSpec(
            """
            isomorph: 1
            data:
              d: d.npy
            stages:
              s:
                uses: test.scale
                in: { x: data.d }
              c:
                run: [x, "${in.a}", "${out.b}", "${out.a}"]
                in: { a: s }
                out: [b, a]
            """)
        #expect(p.graph.nodes.map(\.outputs) == [["data"], ["out"], ["b", "a"]])
        #expect(p.graph.nodes.map(\.kindName) == ["data", "test.scale", "command"])
    }
}

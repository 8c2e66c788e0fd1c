import Foundation
import IsomorphArrays
import IsomorphCore
import IsomorphTestSupport
import Testing

/// The generated JSON Schema, checked with the real validator (check-jsonschema): valid under
/// its metaschema, accepting good specs and rejecting bad ones, in agreement with the loader.
@Suite struct PipelineSchemaTests {
    static let shared = """
        isomorph: 1
        params: { alpha: 1.5 }
        stages:
          fromshared:
            uses: test.scale
            matrix: { rep: [1, 2] }
            in: { x: n }
            with: { factor: "${alpha}" }
        """

    static let good: [(String, String)] = [
        (
            "brief.yaml",
            """
            isomorph: 1
            name: demo
            params: { seed: 7, factors: [1, 10] }
            data:
              stimuli: { path: "${data_root}/x/stimuli.npy", axes: [stimulus, y, x, channel], coords: { stimulus: labels.txt } }
              hit:     { path: hit.npz, variable: rdms, axes: [subject, stimulus, stimulus2] }
            stages:
              act:
                uses: test.constant
                with: { values: [1, 2, 3] }
              scaled:
                uses: test.scale
                matrix: { factor: "${factors}", include: [{ factor: 100 }], exclude: [{ factor: 10 }] }
                in: { x: act }
                with: { factor: "${matrix.factor}" }
                seed: 3
                resources: { cpus: 2, memory: 4G, time: 30m, gpus: 0, partition: gpu }
              total:
                uses: test.sum
                in: { xs: [scaled, data.stimuli, data.hit] }
              train:
                run: [python3, scripts/train.py, --beta, "${matrix.beta}", --in, "${in.x}", --out, "${out.latents}"]
                code: [scripts/train.py]
                env: { OMP_NUM_THREADS: "1", LEVEL: 2 }
                matrix: { beta: [1, 4] }
                in: { x: act }
                out: [latents]
            """
        ),
        (
            "include.yaml",
            """
            isomorph: 1
            include: [shared.yaml]
            data:
              d: d.csv
            stages:
              n:
                uses: test.noise
                matrix: { rep: [1, 2] }
                with: { count: 4 }
                seed: "${matrix.rep}"
              s:
                uses: test.sleep
                in: { x: data.d }
                with: { seconds: 0 }
                resources: { time: 1h30m, memory: 512M }
              t:
                uses: test.sum
                in: { xs: fromshared }
            """
        ),
        ("shared.yaml", shared),
        (
            "command.yaml",
            """
            isomorph: 1
            stages:
              fail:
                uses: test.fail
              c:
                run: [sh, "--flag=${out.a}", 3, true]
                in: { x: fail, ys: [fail, fail] }
                out: a
                resources: { time: 90 }
            """
        ),
    ]

    /// Bad specs, and a JSON path the validator's message must name.
    static let bad: [(String, String, String)] = [
        ("top-level.yaml", "isomorph: 1\nstage: {}\n", "('stage' was unexpected)"),
        ("version.yaml", "isomorph: 2\nstages: {}\n", "$.isomorph: 1 was expected"),
        ("kind.yaml", "isomorph: 1\nstages:\n  a: { uses: test.scal }\n", "$.stages.a"),
        (
            "parameter.yaml", "isomorph: 1\nstages:\n  a: { uses: test.constant, with: { values: [1], chnk: 2 } }\n",
            "$.stages.a"
        ),
        ("type.yaml", "isomorph: 1\nstages:\n  a: { uses: test.constant, with: { values: [one] } }\n", "$.stages.a"),
        ("required.yaml", "isomorph: 1\nstages:\n  a: { uses: test.noise }\n", "$.stages.a"),
        ("shell.yaml", "isomorph: 1\nstages:\n  a: { run: python3 x.py, out: [y] }\n", "$.stages.a"),
        ("both.yaml", "isomorph: 1\nstages:\n  a: { uses: test.fail, run: [x], out: [y] }\n", "$.stages.a"),
        (
            "memory.yaml", "isomorph: 1\nstages:\n  a: { uses: test.fail, resources: { memory: 16X } }\n",
            "$.stages.a"
        ),
        ("data-stage.yaml", "isomorph: 1\nstages:\n  data: { uses: test.fail }\n", "$.stages"),
        ("format.yaml", "isomorph: 1\ndata:\n  x: { path: x.bin, format: hdf }\nstages: {}\n", "$.data.x"),
        ("matrix.yaml", "isomorph: 1\nstages:\n  a: { uses: test.fail, matrix: { f: 3 } }\n", "$.stages.a"),
        ("out.yaml", "isomorph: 1\nstages:\n  a: { run: [x], out: [../y] }\n", "$.stages.a"),
    ]

    private func fixture() throws -> SpecFixture {
        var files = Dictionary(uniqueKeysWithValues: Self.good)
        for (name, text, _) in Self.bad { files[name] = text }
        files["scripts/train.py"] = "print('train')\n"
        files["schema.json"] = PipelineSchema.generate(registry: TestStages.registry)
        return try SpecFixture(files)
    }

    @Test func generatedSchemaIsValid() throws {
        let f = try fixture()
        let result = try SchemaCheck.metaschema(f.path("schema.json"))
        #expect(result.ok, "\(result.errors)")
    }

    @Test func goodSpecsValidateAndLoad() throws {
        let f = try fixture()
        let results = try SchemaCheck.validate(schema: f.path("schema.json"), files: Self.good.map { f.path($0.0) })
        for r in results { #expect(r.ok, "\(r.file): \(r.errors)") }
        for (name, text) in Self.good where name != "shared.yaml" {
            #expect(throws: Never.self, "\(name)") {
                try f.load(text, name: name, options: LoadOptions(dataRoot: "/d"))
            }
        }
    }

    @Test func badSpecsAreRejectedByTheValidatorAndTheLoader() throws {
        let f = try fixture()
        let results = try SchemaCheck.validate(schema: f.path("schema.json"), files: Self.bad.map { f.path($0.0) })
        for ((name, text, fragment), r) in zip(Self.bad, results) {
            #expect(!r.ok, "\(name) passed the schema")
            #expect(r.errors.contains { $0.contains(fragment) }, "\(name): \(r.errors)")
            #expect(throws: SpecError.self, "\(name) loaded") { try f.load(text, name: name) }
        }
    }

    @Test func parametersAreDescribedPerKind() throws {
        let schema = PipelineSchema.document(registry: TestStages.registry)
        let constant = schema["$defs"]?["with.test.constant"]
        #expect(constant?["required"] == ["values"])
        #expect(constant?["additionalProperties"] == false)
        let chunk = constant?["properties"]?["chunk"]
        #expect(chunk?["default"] == 64)
        #expect(chunk?["description"] == "Ignored; never in the key. Does not affect results (not in the cache key).")
        #expect(
            chunk?["anyOf"]
                == [["type": "integer", "minimum": 1], ["$ref": "#/$defs/interpolation"]])
        let sleep = schema["$defs"]?["with.test.sleep"]?["properties"]?["seconds"]
        #expect(sleep?["default"] == .number(0.1))
        #expect(
            schema["$defs"]?["builtinStage"]?["properties"]?["uses"]?["enum"]
                == .array(TestStages.registry.kinds.map { .string($0) }))
        #expect(
            PipelineSchema.generate(registry: TestStages.registry)
                == PipelineSchema.generate(registry: TestStages.registry))
    }
}

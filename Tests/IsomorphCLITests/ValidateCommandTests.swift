import IsomorphCLI
import Testing

@Suite struct ValidateCommandTests {
    static let good = """
        isomorph: 1
        params: { seed: 7, root: "${data_root}" }
        data:
          stim: { path: "${root}/s.npy" }
        stages:
          act:
            uses: test.constant
            with: { values: [1, 2] }
          scaled:
            uses: test.scale
            matrix: { f: [1, 2] }
            in: { x: data.stim }
            with: { factor: "${matrix.f}" }
          total:
            uses: test.sum
            in: { xs: [scaled, act] }
        """

    @Test func validSpecPrintsASummary() async throws {
        let files = try SpecFiles(["good.yaml": Self.good])
        let r = await runCLI(["validate", files.path("good.yaml"), "--data-root", "/data", "-p", "seed=8"])
        #expect(r.status == 0)
        #expect(r.output == "ok: 3 stages, 4 nodes, 1 data source\n")
        #expect(r.errors == "")
    }

    @Test func theDataRootComesFromTheEnvironmentToo() async throws {
        let files = try SpecFiles(["good.yaml": Self.good])
        let r = await runCLI(["validate", files.path("good.yaml")], variables: ["ISOMORPH_DATA_ROOT": "/data"])
        #expect(r.status == 0)
        let unset = await runCLI(["validate", files.path("good.yaml")])
        #expect(unset.status == 64)
        #expect(
            unset.errors == """
                \(files.path("good.yaml")):2:26: error: parameter 'root': '${data_root}' is used but no data root is set: pass --data-root DIR or set ISOMORPH_DATA_ROOT
                params: { seed: 7, root: "${data_root}" }
                                         ^

                """)
    }

    @Test func everyErrorIsPrintedWithItsLineAndCaret() async throws {
        let spec = """
            isomorph: 1
            stages:
              a:
                uses: test.scal
              b:
                uses: test.scale
                in: { x: aa }
            """
        let files = try SpecFiles(["bad.yaml": spec])
        let r = await runCLI(["validate", files.path("bad.yaml")])
        #expect(r.status == 64)
        #expect(r.output == "")
        let file = files.path("bad.yaml")
        #expect(
            r.errors == """
                \(file):4:11: error: stage 'a': unknown stage kind 'test.scal' (see 'isomorph stages'). Did you mean 'test.scale'?
                    uses: test.scal
                          ^
                \(file):7:14: error: stage 'b': input 'x' reads 'aa', which is neither a stage nor a data source. Did you mean 'a'?
                    in: { x: aa }
                             ^

                """)
    }

    @Test func warningsGoToStandardError() async throws {
        let files = try SpecFiles(["w.yaml": "isomorph: 1\nparams: { extra: 1 }\nstages:\n  a: { uses: test.fail }\n"])
        let r = await runCLI(["validate", files.path("w.yaml")])
        #expect(r.status == 0)
        #expect(r.output == "ok: 1 stage, 1 node\n")
        #expect(
            r.errors == """
                \(files.path("w.yaml")):2:11: warning: parameter 'extra' is never used
                params: { extra: 1 }
                          ^

                """)
    }

    @Test func unknownOverrideAndMissingFile() async throws {
        let files = try SpecFiles(["good.yaml": Self.good])
        let r = await runCLI(["validate", files.path("good.yaml"), "--data-root", "/d", "-p", "sed=1"])
        #expect(r.status == 64)
        #expect(
            r.errors.hasPrefix(
                "\(files.path("good.yaml")):2:1: error: -p sed=1: the spec has no parameter 'sed' (parameters: seed, root). Did you mean 'seed'?\n"
            ))
        let missing = await runCLI(["validate", files.path("nope.yaml")])
        #expect(missing.status == 64)
        #expect(missing.errors == "\(files.path("nope.yaml")): error: cannot read the spec file: no such file\n")
    }

    @Test func malformedOverrideIsAUsageError() async throws {
        let r = await runCLI(["validate", "x.yaml", "-p", "seed"])
        #expect(r.status == 64)
        #expect(r.errors.hasPrefix("Error: -p expects name=value, got 'seed'\n"))
    }
}

@Suite struct ValidateTrustTests {
    @Test func untrustedCommandsFromIncludesGetANote() async throws {
        let files = try SpecFiles([
            "main.yaml": "isomorph: 1\ninclude: [lib/tools.yaml]\n",
            "lib/tools.yaml": "isomorph: 1\nstages:\n  tool:\n    run: [echo, \"${out.y}\"]\n    out: [y]\n",
        ])
        let r = await runCLI(["validate", files.path("main.yaml")])
        #expect(r.status == 0)
        #expect(r.output == "ok: 1 stage, 1 node\n")
        #expect(
            r.errors == """
                \(files.path("lib/tools.yaml")):3:3: note: stage 'tool': runs a program from an included file that is not trusted: 'isomorph run' needs --trust, or pin the include with sha256:

                """)
        let trusted = await runCLI(["validate", files.path("main.yaml"), "--trust"])
        #expect(trusted.errors == "")
    }
}

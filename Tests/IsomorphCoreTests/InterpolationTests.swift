import Foundation
import IsomorphCore
import Testing

/// `${...}` in `with:`, `run:`, `env:`, data paths and references.
@Suite struct InterpolationTests {
    private func command(_ p: LoadedPipeline, _ id: String) throws -> CommandAction {
        guard case .command(let c)? = p.graph[NodeID(id)]?.action else {
            throw TestFailure("\(id) is not a command")
        }
        return c
    }

    @Test func wholeReferencesKeepTheirTypeAndTextIsText() throws {
        let p = try loadSpec(
            """
            isomorph: 1
            params: { seed: 7, alphas: [1, 10], tag: run }
            stages:
              train:
                run: [python3, train.py, --beta, "${matrix.beta}", "--tag=${tag}-${matrix.beta}", "${alphas}", "$${HOME}"]
                matrix: { beta: [4, 0.5] }
                out: [latents]
            """)
        let c = try command(p, "train[0.5]")
        #expect(
            c.argv == [
                .literal("python3"), .literal("train.py"), .literal("--beta"), .literal("0.5"),
                .literal("--tag=run-0.5"),
                .literal("1"), .literal("10"), .literal("${HOME}"),
            ])
        #expect(c.argvTemplate.last == "$${HOME}")
    }

    @Test func pathsInRunBecomeArgumentsNeverLiteralPaths() throws {
        let p = try loadSpec(
            """
            isomorph: 1
            stages:
              a:
                uses: test.constant
                with: { values: [1] }
              train:
                run: [python3, x.py, --in, "${in.x}", "--out=${out.latents}", "${scratch}", "${in.x}${out.latents}"]
                in: { x: a }
                out: [latents]
            """)
        let c = try command(p, "train")
        #expect(
            c.argv == [
                .literal("python3"), .literal("x.py"), .literal("--in"), .input("x"),
                .concatenation([.literal("--out="), .output("latents")]), .scratch,
                .concatenation([.input("x"), .output("latents")]),
            ])
        #expect(
            c.argvTemplate == [
                "python3", "x.py", "--in", "${in.x}", "--out=${out.latents}", "${scratch}", "${in.x}${out.latents}",
            ])
    }

    @Test func environmentAndParametersInterpolate() throws {
        let p = try loadSpec(
            """
            isomorph: 1
            params: { threads: 2 }
            stages:
              train:
                run: [python3, x.py]
                env: { OMP_NUM_THREADS: "${params.threads}", MODE: "fast-${matrix.m}", FLAG: 1 }
                matrix: { m: [x] }
                out: [y]
            """)
        #expect(try command(p, "train[x]").environment == ["OMP_NUM_THREADS": "2", "MODE": "fast-x", "FLAG": "1"])
    }

    @Test func withValuesKeepNumbersAndFillDefaults() throws {
        let p = try loadSpec(
            """
            isomorph: 1
            params: { values: [1, 2.5] }
            stages:
              a:
                uses: test.constant
                with: { values: "${values}" }
            """)
        guard case .builtin(let stage)? = p.graph[NodeID("a")]?.action else {
            Issue.record("expected a built-in stage")
            return
        }
        #expect(stage.allParameters == .object(["values": .array([1.0, 2.5]), "chunk": 64]))
        #expect(stage.keyParameters == .object(["values": .array([1.0, 2.5])]))
    }

    @Test func dataPathsUseTheDataRootAndResolveAgainstTheSpec() throws {
        let fixture = try SpecFixture()
        let p = try fixture.load(
            """
            isomorph: 1
            params: { root: "${data_root}/set" }
            data:
              a: { path: "${data_root}/x/a.npy", axes: [stimulus, unit], coords: { stimulus: labels.txt, unit: [u1, u2] } }
              b: { path: "${root}/b.nc", variable: rdm }
              c: local/c.CSV
            stages:
              use:
                uses: test.sum
                in: { xs: [data.a, data.b, data.c] }
            """, options: LoadOptions(dataRoot: "/data"))
        let sources = p.graph.nodes.compactMap { n -> DataSource? in
            if case .data(let d) = n.action { return d }
            return nil
        }
        #expect(sources.map(\.path) == ["/data/x/a.npy", "/data/set/b.nc", fixture.path("local/c.CSV")])
        #expect(sources.map(\.format) == [.npy, .hdf5, .csv])
        #expect(sources.map(\.declaredPath) == ["${data_root}/x/a.npy", "${root}/b.nc", "local/c.CSV"])
        #expect(sources[0].axes == ["stimulus", "unit"])
        #expect(
            sources[0].coordinates == ["stimulus": .file(fixture.path("labels.txt")), "unit": .inline(["u1", "u2"])])
        #expect(sources[1].variable == "rdm")
        #expect(p.parameters.map(\.name) == ["root"])
        #expect(p.parameters.first?.value == "/data/set")
    }

    @Test func dollarDollarEscapesInEveryPlace() throws {
        let p = try loadSpec(
            """
            isomorph: 1
            stages:
              c:
                run: [echo, "cost: $$5 and $${x}"]
                env: { LITERAL: "$${PATH}" }
                out: [y]
            """)
        let c = try command(p, "c")
        #expect(c.argv == [.literal("echo"), .literal("cost: $$5 and ${x}")])
        #expect(c.environment == ["LITERAL": "${PATH}"])
    }
}

/// A failed precondition of a test.
struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

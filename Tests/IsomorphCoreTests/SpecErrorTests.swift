import IsomorphCore
import Testing

/// One spec that must be rejected, with every diagnostic it must produce, verbatim.
struct ErrorCase: Sendable, CustomTestStringConvertible {
    let id: String
    let spec: String
    let expected: [String]
    var overrides: [String: CanonicalValue] = [:]
    var testDescription: String { id }
}

/// A stage every case can read from.
private let act = """
      act:
        uses: test.constant
        with: { values: [1, 2] }
    """

@Suite struct SpecErrorTests {
    static let structure: [ErrorCase] = [
        ErrorCase(
            id: "unknown top-level key",
            spec: """
                isomorph: 1
                stage:
                  a: { uses: test.constant }
                """,
            expected: [
                "spec.yaml:2:1: error: unknown key 'stage' (known: isomorph, name, params, include, data, stages). Did you mean 'stages'?"
            ]),
        ErrorCase(
            id: "missing format version",
            spec: """
                stages:
                \(act)
                """,
            expected: ["spec.yaml:1:1: error: missing 'isomorph: 1' (the spec format version) at the top of the file"]),
        ErrorCase(
            id: "unsupported format version",
            spec: """
                isomorph: 2
                stages:
                \(act)
                """,
            expected: [
                "spec.yaml:1:11: error: unsupported spec format 'isomorph: 2'; this isomorph reads 'isomorph: 1'"
            ]),
        ErrorCase(
            id: "spec is not a mapping",
            spec: "- isomorph: 1\n",
            expected: [
                "spec.yaml:1:1: error: a spec must be a mapping with the keys isomorph, name, params, include, data, stages, got a list"
            ]),
        ErrorCase(
            id: "no stages",
            spec: "isomorph: 1\nname: empty\n",
            expected: ["spec.yaml:1:1: error: the pipeline declares no stages; add a 'stages:' mapping"]),
        ErrorCase(
            id: "duplicate stage names (YAML duplicate key)",
            spec: """
                isomorph: 1
                stages:
                  a: { uses: test.constant, with: { values: [1] } }
                  a: { uses: test.constant, with: { values: [2] } }
                """,
            expected: ["spec.yaml:4:3: error: duplicate key 'a' (first defined at line 3)"]),
        ErrorCase(
            id: "invalid stage name",
            spec: """
                isomorph: 1
                stages:
                  a.b: { uses: test.constant, with: { values: [1] } }
                """,
            expected: [
                "spec.yaml:3:3: error: invalid stage name 'a.b': use letters, digits, '_' and '-' (no dots, slashes or spaces)"
            ]),
        ErrorCase(
            id: "reserved stage name",
            spec: """
                isomorph: 1
                stages:
                  data: { uses: test.constant, with: { values: [1] } }
                """,
            expected: [
                "spec.yaml:3:3: error: stage name 'data' is reserved for data sources ('data.NAME' in references)"
            ]),
        ErrorCase(
            id: "invalid data source name",
            spec: """
                isomorph: 1
                data:
                  my/data: x.npy
                stages:
                \(act)
                """,
            expected: [
                "spec.yaml:3:3: error: invalid data source name 'my/data': use letters, digits, '_' and '-' (no dots, slashes or spaces)"
            ]),
        ErrorCase(
            id: "reserved parameter name",
            spec: """
                isomorph: 1
                params: { matrix: 1 }
                stages:
                \(act)
                """,
            expected: [
                "spec.yaml:2:11: error: parameter name 'matrix' is reserved (reserved: data_root, in, matrix, out, params, scratch)"
            ]),
    ]

    static let stageDeclarations: [ErrorCase] = [
        ErrorCase(
            id: "unknown stage key, and no uses or run",
            spec: """
                isomorph: 1
                stages:
                  a:
                    usees: test.constant
                """,
            expected: [
                "spec.yaml:3:3: error: stage 'a': needs 'uses:' (a built-in stage kind) or 'run:' (a command)",
                "spec.yaml:4:5: error: stage 'a': unknown key 'usees' (known: uses, run, with, in, matrix, seed, resources, code, env, out). Did you mean 'uses'?",
            ]),
        ErrorCase(
            id: "both uses and run",
            spec: """
                isomorph: 1
                stages:
                  a:
                    uses: test.constant
                    run: [echo]
                """,
            expected: [
                "spec.yaml:5:5: error: stage 'a': has both 'uses:' and 'run:'; a stage is either a built-in kind or a command"
            ]),
        ErrorCase(
            id: "stage is not a mapping",
            spec: """
                isomorph: 1
                stages:
                  a: test.constant
                """,
            expected: [
                "spec.yaml:3:6: error: stage 'a': a stage must be a mapping with 'uses:' (a built-in kind) or 'run:' (a command), got 'test.constant'"
            ]),
        ErrorCase(
            id: "unknown stage kind",
            spec: """
                isomorph: 1
                stages:
                  a:
                    uses: test.scal
                """,
            expected: [
                "spec.yaml:4:11: error: stage 'a': unknown stage kind 'test.scal' (see 'isomorph stages'). Did you mean 'test.scale'?"
            ]),
        ErrorCase(
            id: "command keys on a built-in stage",
            spec: """
                isomorph: 1
                stages:
                  a:
                    uses: test.constant
                    with: { values: [1] }
                    code: [x.py]
                """,
            expected: [
                "spec.yaml:6:5: error: stage 'a': 'code' applies to command stages (run:), not to built-in kind 'test.constant'"
            ]),
        ErrorCase(
            id: "with on a command",
            spec: """
                isomorph: 1
                stages:
                  a:
                    run: [echo]
                    out: [x]
                    with: { y: 1 }
                """,
            expected: [
                "spec.yaml:6:5: error: stage 'a': 'with' applies to built-in stages (uses:); a command takes values through 'run:' and 'env:'"
            ]),
        ErrorCase(
            id: "run as a shell string",
            spec: """
                isomorph: 1
                stages:
                  a:
                    run: python3 train.py --beta 4
                    out: [x]
                """,
            expected: [
                "spec.yaml:4:10: error: stage 'a': 'run' must be a list of arguments (argv), not a shell string; isomorph never runs a shell. Did you mean '[python3, train.py, --beta, 4]'?"
            ]),
        ErrorCase(
            id: "command without out",
            spec: """
                isomorph: 1
                stages:
                  a:
                    run: [echo]
                """,
            expected: ["spec.yaml:3:3: error: stage 'a': a command stage needs 'out:' naming its outputs"]),
        ErrorCase(
            id: "path traversal in out",
            spec: """
                isomorph: 1
                stages:
                  a:
                    run: [echo]
                    out: [ok, ../escape, ok]
                """,
            expected: [
                "spec.yaml:5:15: error: stage 'a': invalid output name '../escape': use letters, digits, '_', '-' and '.', not starting with '.' (no '/' or '..')",
                "spec.yaml:5:26: error: stage 'a': duplicate output 'ok'",
            ]),
        ErrorCase(
            id: "invalid environment variable",
            spec: """
                isomorph: 1
                stages:
                  a:
                    run: [echo]
                    out: [x]
                    env: { 1X: a, Y: [1] }
                """,
            expected: [
                "spec.yaml:6:12: error: stage 'a': invalid environment variable name '1X': use letters, digits and '_', not starting with a digit",
                "spec.yaml:6:22: error: stage 'a': environment variable 'Y' must be a string, got a list",
            ]),
        ErrorCase(
            id: "negative seed",
            spec: """
                isomorph: 1
                stages:
                  a:
                    uses: test.noise
                    with: { count: 2 }
                    seed: -1
                """,
            expected: ["spec.yaml:6:11: error: stage 'a': 'seed' must be a non-negative integer, got -1"]),
        ErrorCase(
            id: "memory and time syntax",
            spec: """
                isomorph: 1
                stages:
                  a:
                    uses: test.noise
                    with: { count: 2 }
                    resources: { memory: 16X, time: 2x, cpu: 2, gpus: -1 }
                """,
            expected: [
                "spec.yaml:6:26: error: stage 'a': memory '16X' must be a size such as 512M or 16G (units K, M, G, T)",
                "spec.yaml:6:37: error: stage 'a': time '2x' must be a duration such as 90s, 30m, 2h, 1h30m, 1d or 1:30:00",
                "spec.yaml:6:41: error: stage 'a': unknown resource 'cpu' (known: cpus, memory, gpus, time, partition). Did you mean 'cpus'?",
                "spec.yaml:6:55: error: stage 'a': 'gpus' must be a non-negative integer, got -1",
            ]),
        ErrorCase(
            id: "memory without a unit",
            spec: """
                isomorph: 1
                stages:
                  a:
                    uses: test.noise
                    with: { count: 2 }
                    resources: { memory: 4096 }
                """,
            expected: ["spec.yaml:6:26: error: stage 'a': memory 4096 needs a unit, such as 4096M or 4096G"]),
    ]

    static let parameters: [ErrorCase] = [
        ErrorCase(
            id: "unknown and missing parameter",
            spec: """
                isomorph: 1
                stages:
                  a:
                    uses: test.constant
                    with: { value: [1] }
                """,
            expected: [
                "spec.yaml:5:11: error: stage 'a' (test.constant): missing required parameter 'values' (list of number)",
                "spec.yaml:5:13: error: stage 'a' (test.constant): unknown parameter 'value' (known: values, chunk). Did you mean 'values'?",
            ]),
        ErrorCase(
            id: "wrongly typed parameter",
            spec: """
                isomorph: 1
                stages:
                  a:
                    uses: test.constant
                    with: { values: [1, x] }
                """,
            expected: [
                "spec.yaml:5:25: error: stage 'a' (test.constant): parameter 'values[1]' must be a number, got 'x'"
            ]),
        ErrorCase(
            id: "parameter out of range",
            spec: """
                isomorph: 1
                stages:
                  a:
                    uses: test.constant
                    with: { values: [1], chunk: 0 }
                """,
            expected: [
                "spec.yaml:5:33: error: stage 'a' (test.constant): parameter 'chunk' must be an integer ≥ 1, got 0"
            ]),
        ErrorCase(
            id: "rejected by the stage itself",
            spec: """
                isomorph: 1
                stages:
                  a:
                    uses: test.constant
                    with: { values: [] }
                """,
            expected: ["spec.yaml:5:11: error: stage 'a' (test.constant): parameter 'values' must not be empty"]),
        ErrorCase(
            id: "matrix value rejected, named by instance",
            spec: """
                isomorph: 1
                stages:
                  a:
                    uses: test.noise
                    matrix: { n: [1, 0] }
                    with: { count: "${matrix.n}" }
                """,
            expected: [
                "spec.yaml:6:20: error: stage 'a[0]' (test.noise): parameter 'count' must be an integer ≥ 1, got 0"
            ]),
        ErrorCase(
            id: "unknown -p parameter",
            spec: """
                isomorph: 1
                params: { seed: 7 }
                stages:
                \(act)
                """,
            expected: [
                "spec.yaml:2:1: error: -p sed=8: the spec has no parameter 'sed' (parameters: seed). Did you mean 'seed'?"
            ],
            overrides: ["sed": .int(8)]),
        ErrorCase(
            id: "-p of the wrong type",
            spec: """
                isomorph: 1
                params: { seed: 7 }
                stages:
                \(act)
                """,
            expected: [
                "spec.yaml:2:11: error: -p seed=abc: parameter 'seed' is an integer in the spec, got a string 'abc'"
            ],
            overrides: ["seed": .string("abc")]),
        ErrorCase(
            id: "seed parameter that is not a seed",
            spec: """
                isomorph: 1
                params: { seed: abc }
                stages:
                \(act)
                """,
            expected: [
                "spec.yaml:2:11: error: parameter 'seed' must be a non-negative integer to serve as the default seed, got 'abc'"
            ]),
    ]

    static let references: [ErrorCase] = [
        ErrorCase(
            id: "reference to a missing stage",
            spec: """
                isomorph: 1
                stages:
                \(act)
                  b:
                    uses: test.scale
                    in: { x: actt }
                """,
            expected: [
                "spec.yaml:8:14: error: stage 'b': input 'x' reads 'actt', which is neither a stage nor a data source. Did you mean 'act'?"
            ]),
        ErrorCase(
            id: "data source named without data.",
            spec: """
                isomorph: 1
                data:
                  stimuli: x.npy
                stages:
                  b:
                    uses: test.scale
                    in: { x: stimuli }
                """,
            expected: [
                "spec.yaml:7:14: error: stage 'b': input 'x' reads 'stimuli', which is a data source. Did you mean 'data.stimuli'?"
            ]),
        ErrorCase(
            id: "missing data source",
            spec: """
                isomorph: 1
                data:
                  stimuli: x.npy
                stages:
                  b:
                    uses: test.scale
                    in: { x: data.stimulus }
                """,
            expected: [
                "spec.yaml:7:14: error: stage 'b': input 'x' reads 'data.stimulus', but there is no data source 'stimulus'. Did you mean 'data.stimuli'?"
            ]),
        ErrorCase(
            id: "unknown output port",
            spec: """
                isomorph: 1
                stages:
                \(act)
                  b:
                    uses: test.scale
                    in: { x: act.outt }
                """,
            expected: [
                "spec.yaml:8:14: error: stage 'b': input 'x' reads 'act.outt', but stage 'act' has no output 'outt' (outputs: out). Did you mean 'act.out'?"
            ]),
        ErrorCase(
            id: "several outputs and no port",
            spec: """
                isomorph: 1
                stages:
                  cmd:
                    run: [echo, "${out.a}", "${out.b}"]
                    out: [a, b]
                  b:
                    uses: test.scale
                    in: { x: cmd }
                """,
            expected: [
                "spec.yaml:8:14: error: stage 'b': input 'x' reads 'cmd', which has several outputs (a, b); name one, e.g. 'cmd.a'"
            ]),
        ErrorCase(
            id: "unknown input port of a kind",
            spec: """
                isomorph: 1
                stages:
                \(act)
                  b:
                    uses: test.scale
                    in: { xx: act }
                """,
            expected: [
                "spec.yaml:8:9: error: stage 'b': input 'x' of kind 'test.scale' is not connected; add it under 'in:'",
                "spec.yaml:8:11: error: stage 'b': unknown input 'xx' (inputs of 'test.scale': x). Did you mean 'x'?",
            ]),
        ErrorCase(
            id: "required input not connected",
            spec: """
                isomorph: 1
                stages:
                  b:
                    uses: test.scale
                """,
            expected: [
                "spec.yaml:3:3: error: stage 'b': input 'x' of kind 'test.scale' is not connected; add it under 'in:'"
            ]),
        ErrorCase(
            id: "collection bound to a single port",
            spec: """
                isomorph: 1
                stages:
                \(act)
                  s:
                    uses: test.scale
                    matrix: { factor: [1, 2] }
                    in: { x: act }
                    with: { factor: "${matrix.factor}" }
                  t:
                    uses: test.scale
                    in: { x: s }
                """,
            expected: [
                "spec.yaml:13:14: error: stage 't': input 'x' of kind 'test.scale' takes one artifact, but 's' gives 2 (s[1], s[2])"
            ]),
        ErrorCase(
            id: "cycle",
            spec: """
                isomorph: 1
                stages:
                  a:
                    uses: test.scale
                    in: { x: c }
                  b:
                    uses: test.scale
                    in: { x: a }
                  c:
                    uses: test.scale
                    in: { x: b }
                """,
            expected: ["spec.yaml:3:3: error: dependency cycle: a -> c -> b -> a"]),
        ErrorCase(
            id: "stage reading itself",
            spec: """
                isomorph: 1
                stages:
                  a:
                    uses: test.scale
                    in: { x: a }
                """,
            expected: ["spec.yaml:3:3: error: dependency cycle: a -> a"]),
        ErrorCase(
            id: "collection inside a longer argument",
            spec: """
                isomorph: 1
                stages:
                \(act)
                  c:
                    run: [cat, "--in=${in.xs}"]
                    in: { xs: [act, act] }
                    out: [y]
                """,
            expected: [
                "spec.yaml:7:10: error: stage 'c': '${in.xs}' reads a collection, so it must be a whole argument of 'run:'"
            ]),
    ]

    static let interpolation: [ErrorCase] = [
        ErrorCase(
            id: "unknown parameter in interpolation",
            spec: """
                isomorph: 1
                params: { factor: 2 }
                stages:
                \(act)
                  b:
                    uses: test.scale
                    in: { x: act }
                    with: { factor: "${factr}" }
                """,
            expected: [
                "spec.yaml:10:21: error: stage 'b': unknown name 'factr' in '${factr}' (known: factor, data_root). Did you mean 'factor'?"
            ]),
        ErrorCase(
            id: "data root used but unset",
            spec: """
                isomorph: 1
                data:
                  stimuli: { path: "${data_root}/stimuli.npy" }
                stages:
                  b:
                    uses: test.scale
                    in: { x: data.stimuli }
                """,
            expected: [
                "spec.yaml:3:20: error: data 'stimuli': '${data_root}' is used but no data root is set: pass --data-root DIR or set ISOMORPH_DATA_ROOT"
            ]),
        ErrorCase(
            id: "matrix reference without a matrix",
            spec: """
                isomorph: 1
                stages:
                \(act)
                  b:
                    uses: test.scale
                    in: { x: act }
                    with: { factor: "${matrix.f}" }
                """,
            expected: ["spec.yaml:9:21: error: stage 'b': '${matrix.f}' needs a matrix, but stage 'b' has none"]),
        ErrorCase(
            id: "unknown matrix key",
            spec: """
                isomorph: 1
                stages:
                \(act)
                  b:
                    uses: test.scale
                    matrix: { factor: [1] }
                    in: { x: act }
                    with: { factor: "${matrix.facto}" }
                """,
            expected: [
                "spec.yaml:10:21: error: stage 'b': unknown matrix key 'facto' in '${matrix.facto}' (keys: factor). Did you mean '${matrix.factor}'?"
            ]),
        ErrorCase(
            id: "command paths outside run",
            spec: """
                isomorph: 1
                stages:
                \(act)
                  b:
                    uses: test.scale
                    in: { x: act }
                    with: { factor: "${out.x}" }
                """,
            expected: ["spec.yaml:9:21: error: stage 'b': '${out.x}' can only be used in 'run:'"]),
        ErrorCase(
            id: "unknown command output",
            spec: """
                isomorph: 1
                stages:
                  c:
                    run: [echo, "${out.latent}"]
                    out: [latents]
                """,
            expected: [
                "spec.yaml:4:17: error: stage 'c': '${out.latent}' names no output of this stage (outputs: latents). Did you mean '${out.latents}'?"
            ]),
        ErrorCase(
            id: "unterminated interpolation",
            spec: """
                isomorph: 1
                params: { seed: 1 }
                stages:
                  c:
                    run: [echo, "${seed"]
                    out: [y]
                """,
            expected: ["spec.yaml:5:17: error: stage 'c': unterminated '${' in '${seed'"]),
    ]

    static let matrixAndData: [ErrorCase] = [
        ErrorCase(
            id: "everything excluded",
            spec: """
                isomorph: 1
                stages:
                  a:
                    uses: test.noise
                    matrix: { n: [1], exclude: [{ n: 1 }] }
                    with: { count: "${matrix.n}" }
                """,
            expected: [
                "spec.yaml:5:13: error: stage 'a': the matrix has no combinations left: 'exclude' removes every one"
            ]),
        ErrorCase(
            id: "exclude names an unknown key",
            spec: """
                isomorph: 1
                stages:
                  a:
                    uses: test.noise
                    matrix: { n: [1, 2], exclude: [{ m: 1 }] }
                    with: { count: "${matrix.n}" }
                """,
            expected: [
                "spec.yaml:5:38: error: stage 'a': 'exclude' names 'm', which is not a matrix key (keys: n). Did you mean 'n'?"
            ]),
        ErrorCase(
            id: "matrix key without a list",
            spec: """
                isomorph: 1
                stages:
                  a:
                    uses: test.noise
                    matrix: { n: 3 }
                    with: { count: "${matrix.n}" }
                """,
            expected: ["spec.yaml:5:18: error: stage 'a': matrix key 'n' must be a list of values, got 3"]),
        ErrorCase(
            id: "duplicate matrix value",
            spec: """
                isomorph: 1
                stages:
                  a:
                    uses: test.noise
                    matrix: { n: [1, 2, 1.0] }
                    with: { count: "${matrix.n}" }
                """,
            expected: ["spec.yaml:5:25: error: stage 'a': duplicate value 1.0 in matrix key 'n'"]),
        ErrorCase(
            id: "unknown data format",
            spec: """
                isomorph: 1
                data:
                  x: { path: x.bin }
                  y: { path: y.npy, format: hdf }
                stages:
                \(act)
                """,
            expected: [
                "spec.yaml:3:14: error: data 'x': cannot tell the format of 'x.bin' from its extension; add 'format:' (one of npy, npz, csv, hdf5, mat)",
                "spec.yaml:4:29: error: data 'y': unknown format 'hdf' (known: npy, npz, csv, hdf5, mat). Did you mean 'hdf5'?",
            ]),
        ErrorCase(
            id: "coordinates for an unknown axis",
            spec: """
                isomorph: 1
                data:
                  x: { path: x.npy, axes: [stimulus, unit], coords: { stimuls: labels.txt } }
                stages:
                \(act)
                """,
            expected: [
                "spec.yaml:3:55: error: data 'x': 'coords' names axis 'stimuls', which is not in 'axes' (stimulus, unit). Did you mean 'stimulus'?"
            ]),
        ErrorCase(
            id: "unknown data key and variable on npy",
            spec: """
                isomorph: 1
                data:
                  x: { path: x.npy, axis: [a], variable: v }
                stages:
                \(act)
                """,
            expected: [
                "spec.yaml:3:21: error: data 'x': unknown key 'axis' (known: path, format, variable, axes, coords). Did you mean 'axes'?",
                "spec.yaml:3:42: error: data 'x': 'variable' applies to npz, hdf5 and mat files, not npy",
            ]),
    ]

    @Test(arguments: structure + stageDeclarations)
    func declarations(_ c: ErrorCase) throws {
        try check(c)
    }

    @Test(arguments: parameters + references)
    func parametersAndReferences(_ c: ErrorCase) throws {
        try check(c)
    }

    @Test(arguments: interpolation + matrixAndData)
    func interpolationMatrixAndData(_ c: ErrorCase) throws {
        try check(c)
    }

    private func check(_ c: ErrorCase) throws {
        let errors = try specErrors(c.spec, options: LoadOptions(parameterOverrides: c.overrides))
        #expect(errors == c.expected)
    }

    @Test func everyDiagnosticCarriesItsSourceLine() throws {
        let spec = """
            isomorph: 1
            stages:
              a:
                uses: test.scal
            """
        do {
            _ = try loadSpec(spec)
            Issue.record("expected an error")
        } catch let error as SpecError {
            #expect(error.diagnostics.map(\.sourceLine) == ["    uses: test.scal"])
        }
    }
}

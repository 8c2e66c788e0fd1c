import Foundation
import IsomorphCLI
import IsomorphCore

// NoopBenchmark: Isomorph against Snakemake on N trivial stages (pipeline-anchors.md §3.1).
//
//   NoopBenchmark [--sizes 1000,10000] [--reps 3] [--snakemake PATH] [--work DIR]
//   NoopBenchmark isomorph ARGS...     (the isomorph CLI with the bench.echo stage registered)
//
// For each N it writes a spec of N `bench.echo` stages (and the same as one stage with an
// N-value matrix) and the equivalent Snakefile (one rule, N jobs, `echo {wildcards.i} >
// {output}`), runs each once fully, then times, as separate processes, the plan with nothing
// cached and with everything cached (`isomorph plan` vs `snakemake -n`) and the no-op rerun
// (`isomorph run` vs `snakemake --cores 1`), and prints both times and the ratio (medians of
// --reps runs). A Snakemake work dir whose outputs exist from an earlier run is reused (its
// full run takes minutes at N = 10,000).

let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == "isomorph" {
    var registry = IsomorphCommand.builtinRegistry
    registry.register(EchoStage.self)
    let environment = CommandEnvironment(
        registry: registry, output: StandardStream.output, errorOutput: StandardStream.error,
        variables: ProcessInfo.processInfo.environment)
    exit(await CommandLineTool.run(Array(arguments.dropFirst()), in: environment))
}

func option(_ name: String) -> String? {
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count else { return nil }
    return arguments[i + 1]
}
let sizes = (option("--sizes") ?? "1000,10000").split(separator: ",").compactMap { Int($0) }
let reps = Int(option("--reps") ?? "3") ?? 3
let snakemake = option("--snakemake")
let work = URL(fileURLWithPath: option("--work") ?? NSTemporaryDirectory() + "isomorph-noop-benchmark")
let me = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
let cores = ProcessInfo.processInfo.activeProcessorCount

/// Runs a program quietly; returns its wall time, failing loudly if it fails.
@discardableResult
func timed(_ argv: [String], in directory: URL) throws -> Double {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: argv[0])
    process.arguments = Array(argv.dropFirst())
    process.currentDirectoryURL = directory
    let log = directory.appendingPathComponent("last-command.log")
    FileManager.default.createFile(atPath: log.path, contents: nil)
    let handle = try FileHandle(forWritingTo: log)
    process.standardOutput = handle
    process.standardError = handle
    let start = Date()
    try process.run()
    process.waitUntilExit()
    let elapsed = Date().timeIntervalSince(start)
    try handle.close()
    guard process.terminationStatus == 0 else {
        let tail = (try? String(contentsOf: log, encoding: .utf8))?.suffix(2000) ?? ""
        throw NSError(
            domain: "NoopBenchmark", code: Int(process.terminationStatus),
            userInfo: [NSLocalizedDescriptionKey: "\(argv.joined(separator: " ")) failed:\n\(tail)"])
    }
    return elapsed
}

func median(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }

func medianOf(_ argv: [String], in directory: URL) throws -> Double {
    try median((0..<reps).map { _ in try timed(argv, in: directory) })
}

func seconds(_ t: Double) -> String { String(format: "%.3f s", t) }

/// N stages, each `bench.echo` with its own value.
func stagesSpec(_ n: Int) -> String {
    var lines = ["isomorph: 1", "name: noop-stages-\(n)", "stages:"]
    lines.reserveCapacity(3 * n + 3)
    for i in 0..<n { lines += ["  s\(i):", "    uses: bench.echo", "    with: { value: \(i) }"] }
    return lines.joined(separator: "\n") + "\n"
}

/// One stage fanned out over an N-value matrix.
func matrixSpec(_ n: Int) -> String {
    let values = (0..<n).map(String.init).joined(separator: ", ")
    return """
        isomorph: 1
        name: noop-matrix-\(n)
        stages:
          echo:
            uses: bench.echo
            matrix: { i: [\(values)] }
            with: { value: "${matrix.i}" }

        """
}

/// The Snakefile of pipeline-anchors.md §3.1.
func snakefile(_ n: Int) -> String {
    """
    N = \(n)
    rule all:
        input: expand("out/{i}.txt", i=range(N))
    rule make:
        output: "out/{i}.txt"
        shell: "echo {wildcards.i} > {output}"

    """
}

print("NoopBenchmark: \(cores) cores, \(reps) repetitions per timing (median), work dir \(work.path)")
for n in sizes {
    var results = [(String, Double, Double?)]()  // (what, isomorph, snakemake)
    var isoPlan = [String: Double]()
    var isoNoop = [String: Double]()
    var isoCold = [String: Double]()
    for (variant, text) in [("stages", stagesSpec(n)), ("matrix", matrixSpec(n))] {
        let dir = work.appendingPathComponent("isomorph-\(variant)-\(n)")
        try? FileManager.default.removeItem(at: dir)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try text.write(to: dir.appendingPathComponent("pipeline.yaml"), atomically: true, encoding: .utf8)
        let full = try timed([me, "isomorph", "run", "pipeline.yaml", "-j", "\(cores)"], in: dir)
        print("N=\(n) isomorph (\(variant) spec): full run \(seconds(full))")
        isoCold[variant] = try medianOf([me, "isomorph", "plan", "pipeline.yaml", "--cache", "empty-cache"], in: dir)
        isoPlan[variant] = try medianOf([me, "isomorph", "plan", "pipeline.yaml"], in: dir)
        isoNoop[variant] = try medianOf([me, "isomorph", "run", "pipeline.yaml"], in: dir)
        let noopOutput = try String(contentsOf: dir.appendingPathComponent("last-command.log"), encoding: .utf8)
        guard noopOutput.contains("nothing to do: \(n) cached") else {
            fatalError("the no-op rerun was not a no-op:\n\(noopOutput.suffix(2000))")
        }
    }
    var smkPlan: Double?
    var smkNoop: Double?
    var smkCold: Double?
    if let snakemake {
        let dir = work.appendingPathComponent("snakemake-\(n)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try snakefile(n).write(to: dir.appendingPathComponent("Snakefile"), atomically: true, encoding: .utf8)
        let done = FileManager.default.fileExists(atPath: dir.appendingPathComponent("out/\(n - 1).txt").path)
        if done {
            print("N=\(n) snakemake: reusing the outputs of an earlier full run in \(dir.path)")
        } else {
            let full = try timed([snakemake, "--cores", "\(cores)", "--scheduler", "greedy", "--quiet"], in: dir)
            print("N=\(n) snakemake: full run \(seconds(full))")
        }
        let cold = work.appendingPathComponent("snakemake-empty-\(n)")
        try? FileManager.default.removeItem(at: cold)
        try FileManager.default.createDirectory(at: cold, withIntermediateDirectories: true)
        try snakefile(n).write(to: cold.appendingPathComponent("Snakefile"), atomically: true, encoding: .utf8)
        smkCold = try medianOf([snakemake, "-n"], in: cold)
        smkPlan = try medianOf([snakemake, "-n"], in: dir)
        smkNoop = try medianOf([snakemake, "--cores", "1"], in: dir)
    }
    for variant in ["stages", "matrix"] {
        results.append(
            ("plan, nothing cached (\(variant) spec) isomorph plan vs snakemake -n", isoCold[variant]!, smkCold))
        results.append(
            ("plan, all cached (\(variant) spec)    isomorph plan vs snakemake -n", isoPlan[variant]!, smkPlan))
        results.append(
            ("no-op rerun (\(variant) spec)  isomorph run vs snakemake --cores 1", isoNoop[variant]!, smkNoop))
    }
    for (what, iso, smk) in results {
        var line = "N=\(n) \(what): isomorph \(seconds(iso))"
        if let smk { line += String(format: ", snakemake %@, ratio %.1fx", seconds(smk), smk / iso) }
        print(line)
    }
}

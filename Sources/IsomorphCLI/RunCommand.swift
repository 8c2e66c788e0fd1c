import ArgumentParser
import Foundation
import IsomorphArrays
import IsomorphCore
import IsomorphEngine

/// `isomorph run FILE`: runs what is not cached.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a pipeline: compute what is not cached, reuse what is.",
        discussion: """
            Nodes run -j at a time; BLAS threads are budgeted so that jobs × threads never exceed \
            the cores. A failure skips what depends on it and, without --keep-going, stops new \
            nodes from starting (running ones finish and are cached). --force reruns the named \
            stages but not their dependents: those rerun only if the forced stage's outputs change. \
            Ctrl-C or SIGTERM stops running stages and programs, deletes partial outputs, and exits \
            130 or 143; finished results stay cached.

            Exit codes: 0 success, 1 a stage failed, 64 usage or spec error, 130 interrupted \
            (SIGINT), 143 terminated (SIGTERM).
            """)

    @OptionGroup var pipeline: PipelineOptions

    @OptionGroup var cacheOptions: CacheOptions

    @Option(name: .shortAndLong, help: "Run at most N nodes at once (default: the number of cores).")
    var jobs: Int?

    @Option(name: .long, help: "Run only what this node or stage needs (repeatable).")
    var target: [String] = []

    @Option(name: .long, help: "Run this node or stage even if cached; dependents are not forced (repeatable).")
    var force: [String] = []

    @Flag(help: "After a failure, keep running what does not depend on it.")
    var keepGoing = false

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("-j must be at least 1 (got \(jobs))") }
    }

    func run() async throws {
        let loaded = try pipeline.load()
        for w in loaded.warnings { Console.err("warning: \(w)\n") }
        let renderer = ProgressRenderer(live: Console.stderrIsTerminal)
        let options = RunOptions(jobs: jobs, targets: target, force: force, keepGoing: keepGoing)
        let cache = cacheOptions.cacheURL
        let (report, signal) = try await SignalCancellation.run {
            try await withEngineOrExit(cache: cache) { engine in
                try await engine.run(loaded, options: options, observer: renderer)
            }
        }
        renderer.finish()
        Console.out(RunCommand.summary(report) + "\n")
        for failure in report.failures { Console.err("error: \(failure)\n") }
        if report.interrupted || signal != nil {
            Console.err("interrupted: finished results are cached; rerun to continue\n")
            throw ExitCode(signal == SIGTERM ? ExitStatus.terminated : ExitStatus.interrupted)
        }
        if !report.succeeded { throw ExitCode(ExitStatus.runFailure) }
    }

    /// `ran 3, cached 12, failed 1, skipped 2 (logs: cache/logs/<run>)`, or `nothing to do: 12 cached`.
    static func summary(_ report: RunReport) -> String {
        let c = report.counts
        if c.ran == 0 && c.tookOver == 0 && c.failed == 0 && c.skipped == 0 && c.notRun == 0 {
            return "nothing to do: \(c.cached) cached"
        }
        var parts = ["ran \(c.ran)", "cached \(c.cached)"]
        if c.tookOver > 0 { parts.append("taken from another run \(c.tookOver)") }
        if c.failed > 0 { parts.append("failed \(c.failed)") }
        if c.skipped > 0 { parts.append("skipped \(c.skipped)") }
        if c.notRun > 0 { parts.append("not run \(c.notRun)") }
        return parts.joined(separator: ", ") + " (logs: \(report.logDirectory))"
    }
}

import ArgumentParser
import Foundation
import IsomorphCore
import IsomorphEngine

/// `isomorph gc FILE...`: deletes what the given pipelines do not reach.
struct GCCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gc",
        abstract: "Delete cached results the given pipelines do not reach; report the space freed.",
        discussion: """
            Kept: what each pipeline's current spec would reuse, and its last run's results and \
            logs. Removed: every other key record and object, other runs' logs, temporary and \
            quarantined files. Waits for running `isomorph run`s on the same cache.
            """)

    @Argument(help: "The pipelines whose results to keep.")
    var files: [String]

    @Option(name: .customShort("p"), help: "Override a parameter declared under params: (repeatable).")
    var parameters: [String] = []

    @Option(name: .customLong("data-root"), help: "What ${data_root} means in the specs.")
    var dataRoot: String?

    @OptionGroup var cacheOptions: CacheOptions

    @Flag(help: "Report what would be removed without removing it.")
    var dryRun = false

    func validate() throws {
        if files.isEmpty { throw ValidationError("name at least one pipeline whose results to keep") }
    }

    func run() async throws {
        let loaded = try files.map { file in
            var arguments = [file] + parameters.flatMap { ["-p", $0] }
            if let dataRoot { arguments += ["--data-root", dataRoot] }
            return try PipelineOptions.parse(arguments).load()
        }
        let report = try await withEngineOrExit(cache: cacheOptions.cacheURL) { engine in
            try await engine.collectGarbage(keeping: loaded, dryRun: dryRun) {
                Console.err("waiting for running isomorph commands to release the cache...\n")
            }
        }
        Console.out(GCCommand.text(report))
    }

    static func text(_ r: GarbageReport) -> String {
        let verb = r.dryRun ? "would remove" : "removed"
        return "\(verb) \(r.removedRecords) key records, \(r.removedObjects) objects, \(r.removedLogRuns) run logs, "
            + "\(r.removedOtherFiles) temporary or quarantined files; \(r.dryRun ? "would free" : "freed") "
            + "\(Format.bytes(r.bytesFreed))\nkept \(r.keptRecords) key records and \(r.keptObjects) objects\n"
    }
}

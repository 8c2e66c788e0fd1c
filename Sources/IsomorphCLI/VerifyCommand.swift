import ArgumentParser
import Foundation
import IsomorphArrays
import IsomorphEngine

/// `isomorph verify`: recomputes every object's digest; quarantines corrupt ones.
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check every cached object against its content digest; quarantine corrupt ones.",
        discussion: """
            A corrupt object is moved to the cache's quarantine/ directory, so the next run \
            recomputes it. Exit code 1 if anything was corrupt.
            """)

    @OptionGroup var cacheOptions: CacheOptions

    func run() async throws {
        let live = Console.stderrIsTerminal
        let report = try await withEngineOrExit(cache: cacheOptions.cacheURL) { engine in
            try await engine.verify(onWait: { Console.err("waiting for running isomorph commands...\n") }) {
                done, total in
                if live && (done == total || done % 16 == 0) { Console.err("\r\u{1B}[2Kverifying \(done)/\(total)") }
            }
        }
        if live { Console.err("\r\u{1B}[2K") }
        Console.out(VerifyCommand.text(report))
        if !report.corrupt.isEmpty || !report.unreadableRecords.isEmpty { throw ExitCode(ExitStatus.runFailure) }
    }

    static func text(_ r: VerifyReport) -> String {
        var out = ""
        for c in r.corrupt {
            out += "corrupt: object \(c.digest.hex): \(c.problem)"
            out += c.quarantinedAt.map { "; moved to \($0)\n" } ?? "\n"
        }
        for path in r.unreadableRecords { out += "unreadable key record removed: \(path)\n" }
        out += "checked \(r.checked) objects (\(Format.bytes(r.bytes))): "
        if r.corrupt.isEmpty && r.unreadableRecords.isEmpty {
            out += "all intact\n"
        } else {
            out +=
                "\(r.corrupt.count) corrupt, \(r.unreadableRecords.count) unreadable records; the next run recomputes them\n"
        }
        return out
    }
}

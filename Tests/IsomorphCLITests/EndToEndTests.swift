import Foundation
import IsomorphTestSupport
import Testing

/// Tests through the built `isomorph` executable: signals and two concurrent processes need
/// real processes.
@Suite("End to end through the isomorph binary", .serialized)
struct EndToEndTests {
    /// A running `isomorph` process with its output collected in files.
    struct Running {
        let process: Process
        let out: URL
        let err: URL

        func wait() -> (code: Int32, out: String, err: String) {
            process.waitUntilExit()
            return (
                process.terminationStatus, (try? String(contentsOf: out, encoding: .utf8)) ?? "",
                (try? String(contentsOf: err, encoding: .utf8)) ?? ""
            )
        }
    }

    static func start(_ arguments: [String], in dir: TemporaryDirectory, tag: String = "") throws -> Running {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLI.executable)
        process.arguments = arguments
        process.currentDirectoryURL = dir.url
        let out = dir.url.appendingPathComponent("stdout\(tag).txt")
        let err = dir.url.appendingPathComponent("stderr\(tag).txt")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        return Running(process: process, out: out, err: err)
    }

    struct Timeout: Error, CustomStringConvertible {
        var description: String
    }

    static func waitForFile(_ path: String) throws -> String {
        for _ in 0..<1000 {
            if let text = try? String(contentsOfFile: path, encoding: .utf8), text.hasSuffix("\n") { return text }
            Thread.sleep(forTimeInterval: 0.01)
        }
        throw Timeout(description: "\(path) never appeared")
    }

    static func alive(_ pid: Int32) -> Bool {
        guard kill(pid, 0) == 0 else { return false }
        let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        return !stat.contains(") Z ")
    }

    @Test(arguments: [(SIGINT, Int32(130)), (SIGTERM, Int32(143))])
    func aSignalStopsTheRunAndItsProgramsCleanly(_ signal: Int32, _ status: Int32) throws {
        let dir = try TemporaryDirectory()
        try """
        isomorph: 1
        stages:
          slow:
            run: [sh, -c, "sleep 60 & echo $! > child.pid; wait", "${out.y}"]
            out: [y]
        """.write(toFile: dir.path("pipeline.yaml"), atomically: true, encoding: .utf8)
        let running = try Self.start(["run", "pipeline.yaml", "--cache", "cache"], in: dir)
        let child = Int32(try Self.waitForFile(dir.path("child.pid")).trimmingCharacters(in: .whitespacesAndNewlines))!
        #expect(Self.alive(child))
        kill(running.process.processIdentifier, signal)
        let (code, out, err) = running.wait()
        #expect(code == status, "\(err)")
        #expect(err.contains("interrupted: finished results are cached; rerun to continue"))
        #expect(out.hasPrefix("ran 0, cached 0, not run 1"))
        #expect(!Self.alive(child))
        // Nothing half-written: no key record, no temporary file, and the next plan runs it again.
        #expect(FileManager.default.subpaths(atPath: dir.path("cache/keys"))?.filter { $0.hasSuffix(".json") } == [])
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path("cache/tmp")) == [])
        let plan = try Self.start(["plan", "pipeline.yaml", "--cache", "cache"], in: dir, tag: "-plan").wait()
        #expect(plan.out == "run     slow  new stage\n1 to run, 0 cached\n")
    }

    @Test func twoProcessesOnOneCacheComputeTheKeyOnce() throws {
        let dir = try TemporaryDirectory()
        let python = try Oracle.python()
        try """
        isomorph: 1
        stages:
          slow:
            run: ["\(python)", -c, "import sys, time, numpy as np; open('ran.txt', 'a').write('x\\\\n'); time.sleep(1.5); np.save(sys.argv[1], np.arange(3))", "${out.y}"]
            out: [y]
        """.write(toFile: dir.path("pipeline.yaml"), atomically: true, encoding: .utf8)
        let first = try Self.start(["run", "pipeline.yaml", "--cache", "cache"], in: dir, tag: "-1")
        let second = try Self.start(["run", "pipeline.yaml", "--cache", "cache"], in: dir, tag: "-2")
        let results = [first.wait(), second.wait()]
        #expect(results.map(\.code) == [0, 0], "\(results.map(\.err))")
        #expect(try String(contentsOfFile: dir.path("ran.txt"), encoding: .utf8) == "x\n")
        let summaries = results.map { $0.out.split(separator: " (logs").first.map(String.init) ?? $0.out }.sorted()
        #expect(
            summaries == ["ran 0, cached 0, taken from another run 1", "ran 1, cached 0"]
                || summaries == ["nothing to do: 1 cached\n", "ran 1, cached 0"])
    }
}

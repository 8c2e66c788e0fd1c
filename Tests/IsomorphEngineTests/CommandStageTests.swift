import Foundation
import IsomorphArrays
import IsomorphCore
import IsomorphTestSupport
import Testing

@testable import IsomorphEngine

@Suite("Command stages")
struct CommandStageTests {
    /// A pipeline: `a` (test.constant) → `cmd` running `argv`.
    private func pipeline(
        _ dir: TemporaryDirectory, _ argv: [CommandAction.Argument], outputs: [String] = ["y"], trusted: Bool = true,
        time: Int? = nil, code: [String] = []
    ) throws -> LoadedPipeline {
        Fixtures.pipeline(
            [
                try Fixtures.constant("a", [1, 2]),
                Fixtures.command(
                    "cmd", argv, inputs: ["x": .single(Fixtures.ref("a"))], outputs: outputs, code: code,
                    directory: dir.url.path, trusted: trusted, resources: Resources(timeSeconds: time)),
            ], in: dir.url)
    }

    private func python(_ code: String) throws -> [CommandAction.Argument] {
        [.literal(try Oracle.python()), .literal("-c"), .literal(code)]
    }

    @Test func runsWithInputPathsAndReadsNpyOutputs() async throws {
        let dir = try TemporaryDirectory()
        let code = """
            import sys, os, stat, numpy as np
            src, out, work = sys.argv[1], sys.argv[2], sys.argv[3]
            assert stat.S_IMODE(os.stat(src).st_mode) == 0o444, oct(os.stat(src).st_mode)
            assert os.path.isdir(work)
            print("threads", os.environ["OMP_NUM_THREADS"], "node", os.environ["ISOMORPH_NODE"])
            np.save(out, np.arange(4, dtype=np.int64) * 2)
            """
        let p = try pipeline(dir, try python(code) + [.input("x"), .output("y"), .scratch])
        let engine = try Engine(cache: dir.url.appendingPathComponent("cache"))
        let report = try await engine.run(p, options: RunOptions(jobs: 1, cores: 2))
        #expect(report.summary == ["a": "ran", "cmd": "ran"], "\(report.failures)")
        let output = try #require(report.outcome(of: "cmd")?.outputs?["y"])
        let dataset = try ArtifactCodec.read(engine.store.layout.objectPath(output.digest))
        #expect(try dataset.variable("y").data == NDArray([Int64(0), 2, 4, 6]))
        #expect(dataset.attributes["isomorph_kind"] == "command")
        let log = String(
            decoding: try Syscalls.readAll(engine.store.layout.logPath(run: report.run, node: "cmd")), as: UTF8.self)
        #expect(log.contains("threads 2 node cmd"))
        #expect(try engine.plan(p).plan.summary == ["a": "cached", "cmd": "cached"])
    }

    @Test func nonzeroExitNamesTheCommandAndShowsTheLogTail() async throws {
        let dir = try TemporaryDirectory()
        let code = "import sys; print('loading model'); sys.stderr.write('boom: out of memory\\n'); sys.exit(3)"
        let engine = try Engine(cache: dir.url.appendingPathComponent("cache"))
        let report = try await engine.run(try pipeline(dir, try python(code) + [.output("y")]))
        let failure = try #require(report.failures.first)
        let lines = failure.description.split(separator: "\n").map(String.init)
        #expect(lines[0] == "stage 'cmd' (command) failed: exited with status 3")
        #expect(lines[1].hasPrefix("  command: \(try Oracle.python()) -c 'import sys; print('\\''loading model'\\'')"))
        #expect(lines[1].hasSuffix(" \(dir.url.path)/cache/tmp/" + lines[1].split(separator: "/tmp/").last!))
        #expect(lines[2] == "  log: \(engine.store.layout.logPath(run: report.run, node: "cmd"))")
        #expect(lines.contains("    | loading model"))
        #expect(lines.contains("    | boom: out of memory"))
    }

    @Test func missingOutputIsAClearFailure() async throws {
        let dir = try TemporaryDirectory()
        let engine = try Engine(cache: dir.url.appendingPathComponent("cache"))
        let report = try await engine.run(try pipeline(dir, try python("pass") + [.output("y")]))
        let message = try #require(report.failures.first?.message)
        #expect(message.hasPrefix("did not write output 'y' (expected a file at \(dir.url.path)/cache/tmp/"))
        #expect(message.hasSuffix(".scratch/out/y.h5)"))
        #expect(Syscalls.listDirectory(engine.store.layout.temporaryPath).isEmpty)
    }

    @Test func unreadableOutputIsAClearFailure() async throws {
        let dir = try TemporaryDirectory()
        let engine = try Engine(cache: dir.url.appendingPathComponent("cache"))
        let report = try await engine.run(
            try pipeline(dir, try python("import sys; open(sys.argv[1], 'w').write('hello')") + [.output("y")]))
        let message = try #require(report.failures.first?.message)
        #expect(message.hasSuffix(".scratch/out/y.h5: not an HDF5/netCDF-4 or .npy file"))
    }

    @Test func untrustedCommandsRefuseToRun() async throws {
        let dir = try TemporaryDirectory()
        let marker = dir.path("ran")
        let engine = try Engine(cache: dir.url.appendingPathComponent("cache"))
        let report = try await engine.run(
            try pipeline(dir, [.literal("touch"), .literal(marker), .output("y")], trusted: false))
        #expect(
            report.failures.first?.description
                == "stage 'cmd' (command) failed: it comes from an included file that is not trusted, so it may not "
                + "run programs; review the include, then rerun with --trust")
        #expect(!FileManager.default.fileExists(atPath: marker))
    }

    @Test func unknownProgram() async throws {
        let dir = try TemporaryDirectory()
        let engine = try Engine(cache: dir.url.appendingPathComponent("cache"))
        let report = try await engine.run(try pipeline(dir, [.literal("no-such-program-xyz"), .output("y")]))
        #expect(report.failures.first?.message == "program 'no-such-program-xyz' not found (searched PATH)")
    }

    /// Whether process `pid` still exists (and is not a zombie).
    private func alive(_ pid: Int32) -> Bool {
        guard kill(pid, 0) == 0 else { return false }
        let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        return !stat.contains(") Z ")
    }

    private func waitForPid(_ path: String) async throws -> Int32 {
        for _ in 0..<500 {
            if let text = try? String(contentsOfFile: path, encoding: .utf8),
                let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
            {
                return pid
            }
            try await Task.sleep(nanoseconds: 10_000_000)
        }
        throw CancellationError()
    }

    @Test func timeoutStopsTheWholeProcessGroup() async throws {
        let dir = try TemporaryDirectory()
        let pidFile = dir.path("child.pid")
        let script = "sleep 30 & echo $! > \(pidFile); wait"
        let engine = try Engine(cache: dir.url.appendingPathComponent("cache"))
        let report = try await engine.run(
            try pipeline(dir, [.literal("sh"), .literal("-c"), .literal(script), .output("y")], time: 1))
        #expect(report.failures.first?.message == "timed out after 1 s (resources.time) and was stopped")
        let child = try await waitForPid(pidFile)
        #expect(!alive(child))
    }

    @Test func cancellationStopsTheWholeProcessGroup() async throws {
        let dir = try TemporaryDirectory()
        let pidFile = dir.path("child.pid")
        let script = "sleep 30 & echo $! > \(pidFile); wait"
        let engine = try Engine(cache: dir.url.appendingPathComponent("cache"))
        let p = try pipeline(dir, [.literal("sh"), .literal("-c"), .literal(script), .output("y")])
        let task = Task { try await engine.run(p) }
        let child = try await waitForPid(pidFile)
        #expect(alive(child))
        task.cancel()
        let report = try await task.value
        #expect(report.interrupted)
        #expect(report.summary["cmd"] == "notRun")
        #expect(!alive(child))
        #expect(Syscalls.listDirectory(engine.store.layout.temporaryPath).isEmpty)
    }

    @Test func codeFileChangesAreReported() async throws {
        let dir = try TemporaryDirectory()
        let script = dir.path("write.py")
        try "import sys, numpy as np; np.save(sys.argv[1], np.ones(2))\n".write(
            toFile: script, atomically: true, encoding: .utf8)
        let p = try pipeline(
            dir, [.literal(try Oracle.python()), .literal("write.py"), .output("y")], code: [script])
        let engine = try Engine(cache: dir.url.appendingPathComponent("cache"))
        #expect(try await engine.run(p).succeeded)
        try "import sys, numpy as np; np.save(sys.argv[1], np.zeros(2))\n".write(
            toFile: script, atomically: true, encoding: .utf8)
        #expect(try engine.plan(p).plan.summary == ["a": "cached", "cmd": "code 'write.py' changed"])
    }
}

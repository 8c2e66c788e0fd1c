import Foundation
import IsomorphTestSupport
import Testing

@testable import IsomorphCLI

/// A two-stage spec of test stages, with a parameter.
private func writeSpec(_ dir: TemporaryDirectory, extra: String = "") throws -> String {
    let spec = dir.path("pipeline.yaml")
    try """
    isomorph: 1
    params: { factor: 2 }
    stages:
      a:
        uses: test.constant
        with: { values: [1, 2, 3] }
      b:
        uses: test.scale
        in: { x: a }
        with: { factor: "${params.factor}" }
    \(extra)
    """.write(toFile: spec, atomically: true, encoding: .utf8)
    return spec
}

@Suite("plan, run, status, gc, init (in-process)")
struct RunCommandTests {
    @Test func runThenPlanAndStatusShowEverythingCached() async throws {
        let dir = try TemporaryDirectory()
        let spec = try writeSpec(dir)
        let cache = dir.path("cache")
        let plan = await CLI.run(["plan", spec, "--cache", cache])
        #expect(plan.code == 0, "\(plan.err)")
        #expect(plan.out == "run     a  new stage\nrun     b  upstream 'a' will run\n2 to run, 0 cached\n")
        let run = await CLI.run(["run", spec, "--cache", cache, "-j", "2"])
        #expect(run.code == 0, "\(run.err)")
        #expect(
            run.out.hasPrefix("ran 2, cached 0 (logs: \(URL(fileURLWithPath: cache).standardizedFileURL.path)/logs/"))
        #expect(run.err.contains("done  a in "))
        let again = await CLI.run(["run", spec, "--cache", cache])
        #expect(again.out == "nothing to do: 2 cached\n")
        #expect(await CLI.run(["plan", spec, "--cache", cache]).out == "cached  a\ncached  b\n0 to run, 2 cached\n")
        let changed = await CLI.run(["plan", spec, "--cache", cache, "-p", "factor=5"])
        #expect(changed.out == "cached  a\nrun     b  parameter 'factor' changed 2.0 → 5.0\n1 to run, 1 cached\n")
        let status = await CLI.run(["status", spec, "--cache", cache])
        let lines = status.out.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("cached   a  ") && lines[0].contains("  out="))
        #expect(lines[2] == "2 cached, 0 missing, 0 failed")
        let json = await CLI.run(["plan", spec, "--cache", cache, "--json"])
        let decoded = try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any]
        let nodes = try #require(decoded?["nodes"] as? [[String: Any]])
        #expect(nodes.map { $0["decision"] as? String } == ["cached", "cached"])
        #expect((decoded?["summary"] as? [String: Int]) == ["run": 0, "cached": 2, "errors": 0])
    }

    @Test(arguments: [
        (["--target", "bb"], "error: --target 'bb' is not a stage or node of this pipeline. Did you mean 'b'?\n"),
        (["--force", "zzz"], "error: --force 'zzz' is not a stage or node of this pipeline\n"),
        (["-j", "0"], "Error: -j must be at least 1 (got 0)\n"),
    ])
    func usageErrorsExit64(_ options: [String], _ message: String) async throws {
        let dir = try TemporaryDirectory()
        let spec = try writeSpec(dir)
        let result = await CLI.run(["run", spec, "--cache", dir.path("cache")] + options)
        #expect(result.code == 64)
        #expect(result.err.hasPrefix(message))
    }

    @Test func failuresExit1AndNameTheStage() async throws {
        let dir = try TemporaryDirectory()
        let spec = try writeSpec(
            dir,
            extra: """
                  f:
                    uses: test.fail
                    with: { message: "matrix is singular" }
                """)
        let result = await CLI.run(["run", spec, "--cache", dir.path("cache"), "--keep-going"])
        #expect(result.code == 1)
        #expect(result.out.hasPrefix("ran 2, cached 0, failed 1 (logs: "))
        #expect(result.err.contains("error: stage 'f' (test.fail v1) failed: matrix is singular\n  log: "))
        let status = await CLI.run(["status", spec, "--cache", dir.path("cache")])
        #expect(status.out.contains("failed   f  "))
        #expect(status.out.contains("matrix is singular (run "))
    }

    @Test func gcReportsAndFrees() async throws {
        let dir = try TemporaryDirectory()
        let spec = try writeSpec(dir)
        let cache = dir.path("cache")
        #expect(await CLI.run(["run", spec, "--cache", cache]).code == 0)
        #expect(await CLI.run(["run", spec, "--cache", cache, "-p", "factor=3"]).code == 0)
        #expect(await CLI.run(["run", spec, "--cache", cache, "-p", "factor=4"]).code == 0)
        // Kept: what the spec reuses (a, b with factor 2) and the last run (b with factor 4).
        let dry = await CLI.run(["gc", spec, "--cache", cache, "--dry-run"])
        #expect(dry.code == 0)
        #expect(
            dry.out.hasPrefix(
                "would remove 1 key records, 1 objects, 1 run logs, 0 temporary or quarantined files; would free "))
        let real = await CLI.run(["gc", spec, "--cache", cache])
        #expect(real.out.hasPrefix("removed 1 key records, 1 objects, 1 run logs"))
        #expect(real.out.hasSuffix("kept 3 key records and 3 objects\n"))
        #expect(await CLI.run(["plan", spec, "--cache", cache]).out.hasSuffix("0 to run, 2 cached\n"))
    }

    @Test func initWritesAStarterThatValidates() async throws {
        let dir = try TemporaryDirectory()
        let result = await CLI.run(["init", dir.path("study")])
        #expect(result.code == 0, "\(result.err)")
        let validate = await CLI.run(["validate", dir.path("study/pipeline.yaml")])
        #expect(validate.code == 0, "\(validate.err)")
        let again = await CLI.run(["init", dir.path("study")])
        #expect(again.code == 64)
        #expect(again.err.hasSuffix("already exists; use --force to overwrite\n"))
    }
}

import Foundation
import IsomorphArrays
import IsomorphCore
import IsomorphEngine
import IsomorphTestSupport
import Testing

@testable import IsomorphCLI

/// A cache with one labelled artifact, produced by the engine.
private func preparedCache(
    _ dir: TemporaryDirectory
) async throws -> (cache: String, spec: String, digest: ContentDigest) {
    let location = SourceLocation(file: "p.yaml")
    try NPY.write(NDArray(shape: [2, 3], values: [0.5, 1, 2, 3, 4, 5]), to: dir.path("x.npy"))
    let node = GraphNode(
        id: .data("x"), stage: "data.x", location: location,
        action: .data(
            DataSource(
                name: "x", path: dir.path("x.npy"), declaredPath: "x.npy", format: .npy, axes: ["stimulus", "unit"],
                coordinates: ["stimulus": .inline([.string("cat"), .string("dog")])], location: location)),
        outputs: ["data"])
    let spec = dir.path("p.yaml")
    let pipeline = LoadedPipeline(
        file: spec, directory: dir.url, name: "p", parameters: [], includes: [],
        graph: Graph(topologicallySorted: [node]))
    let cache = dir.path("cache")
    let report = try await Engine.withEngine(cache: URL(fileURLWithPath: cache)) { try await $0.run(pipeline) }
    return (cache, spec, try #require(report.outcome(of: "data.x")?.outputs?["data"]?.digest))
}

@Suite("show and export")
struct ArtifactCommandTests {
    @Test func showDescribesVariablesCoordinatesAndProvenance() async throws {
        let dir = try TemporaryDirectory()
        let (cache, _, digest) = try await preparedCache(dir)
        let result = await CLI.run(["show", "data.x.data", "--cache", cache])
        #expect(result.code == 0, "\(result.err)")
        let lines = result.out.split(separator: "\n").map(String.init)
        #expect(lines[0].hasPrefix("data.x.data  (object \(digest.short))"))
        #expect(lines.contains("dimensions: stimulus = 2, unit = 3"))
        #expect(lines.contains("  stimulus (stimulus) string: \"cat\", \"dog\""))
        #expect(lines.contains("  x (stimulus, unit) float64 [2, 3]  min 0.5, max 5, mean 2.58333"))
        #expect(lines.contains("  isomorph_kind: data"))
        #expect(lines.contains("  isomorph_source: x.npy"))
        // The same artifact by digest prefix and by its single output.
        let byDigest = await CLI.run(["show", String(digest.hex.prefix(10)), "--cache", cache])
        #expect(byDigest.out.hasPrefix("object \(digest.short)"))
        #expect(await CLI.run(["show", "data.x", "--cache", cache]).code == 0)
    }

    @Test(arguments: [
        (
            ["show", "data.y.data"],
            "error: 'data.y.data' is not a file, an object digest or a STAGE.PORT of the pipeline. Did you mean 'data.x.data'?\n"
        ),
        (["show", "data.x.nope"], "error: 'data.x' has no output 'nope' (outputs: data)\n"),
    ])
    func unknownArtifactsAreUsageErrors(_ arguments: [String], _ message: String) async throws {
        let dir = try TemporaryDirectory()
        let (cache, _, _) = try await preparedCache(dir)
        let result = await CLI.run(arguments + ["--cache", cache])
        #expect(result.code == 64)
        #expect(result.err == message)
    }

    @Test func exportWritesNpyCsvAndJsonThatPythonReads() async throws {
        let dir = try TemporaryDirectory()
        let (cache, spec, _) = try await preparedCache(dir)
        for format in ["npy", "csv", "json"] {
            let result = await CLI.run([
                "export", "data.x.data", "--format", format, "--output", dir.path("out.\(format)"), "--cache", cache,
                "--pipeline", spec,
            ])
            #expect(result.code == 0, "\(result.err)")
            #expect(result.out == "wrote data.x.data variable 'x' to \(dir.path("out.\(format)"))\n")
        }
        let check = """
            import sys, json, numpy as np, csv
            d = sys.argv[1]
            a = np.load(d + '/out.npy'); assert a.shape == (2, 3) and a[1, 2] == 5.0, a
            rows = list(csv.reader(open(d + '/out.csv')))
            assert rows[0] == ['stimulus', '0', '1', '2'] and rows[2][0] == 'dog' and float(rows[1][1]) == 0.5, rows
            j = json.load(open(d + '/out.json'))
            assert j['dims'] == ['stimulus', 'unit'] and j['coords']['stimulus'] == ['cat', 'dog'], j
            assert np.array_equal(np.array(j['values']), a) and j['dtype'] == 'float64'
            print('ok')
            """
        #expect(
            try Oracle.runPython(["-c", check, dir.url.path]).trimmingCharacters(in: .whitespacesAndNewlines) == "ok")
    }

    @Test func verifyReportsIntactAndCorruptObjects() async throws {
        let dir = try TemporaryDirectory()
        let (cache, _, digest) = try await preparedCache(dir)
        let clean = await CLI.run(["verify", "--cache", cache])
        #expect(clean.code == 0)
        #expect(clean.out.hasPrefix("checked 1 objects ("))
        #expect(clean.out.hasSuffix("): all intact\n"))
        let object = CacheLayout(root: URL(fileURLWithPath: cache)).objectPath(digest)
        _ = chmod(object, 0o644)
        try Data("garbage".utf8).write(to: URL(fileURLWithPath: object))
        let bad = await CLI.run(["verify", "--cache", cache])
        #expect(bad.code == 1)
        #expect(bad.out.hasPrefix("corrupt: object \(digest.hex): unreadable: "))
        #expect(bad.out.hasSuffix("1 corrupt, 0 unreadable records; the next run recomputes them\n"))
    }
}

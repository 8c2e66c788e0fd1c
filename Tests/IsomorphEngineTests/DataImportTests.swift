import Foundation
import IsomorphArrays
import IsomorphCore
import IsomorphTestSupport
import Testing

@testable import IsomorphEngine

@Suite("Data nodes and the stat cache")
struct DataImportTests {
    @Test func npyImportKeepsDtypeAxesAndCoordinates() async throws {
        let dir = try TemporaryDirectory()
        let values = NDArray(shape: [2, 3], values: [Float](arrayLiteral: 1, 2, 3, 4, 5, 6))
        try NPY.write(values, to: dir.path("x.npy"))
        try "u1\nu2\nu3\n".write(toFile: dir.path("units.txt"), atomically: true, encoding: .utf8)
        let pipeline = Fixtures.pipeline(
            [
                Fixtures.data(
                    "x", path: dir.path("x.npy"), axes: ["stimulus", "unit"],
                    coordinates: [
                        "stimulus": .inline([.string("cat"), .string("dog")]), "unit": .file(dir.path("units.txt")),
                    ])
            ], in: dir.url)
        let engine = try Engine(cache: dir.url.appendingPathComponent("cache"))
        let report = try await engine.run(pipeline)
        let output = try #require(report.outcome(of: "data.x")?.outputs?["data"])
        let dataset = try ArtifactCodec.read(engine.store.layout.objectPath(output.digest))
        let x = try dataset.variable("x")
        #expect(x.dtype == .float32)
        #expect(x.dimensions == ["stimulus", "unit"])
        #expect(x.data == values)
        #expect(dataset.labels(of: "stimulus") == ["cat", "dog"])
        #expect(dataset.labels(of: "unit") == ["u1", "u2", "u3"])
        #expect(dataset.attributes["isomorph_kind"] == "data")
    }

    @Test(arguments: [
        ("axes", "cannot import data 'x' from 'x.npy': axes names 1 axes (a) for an array of shape [2, 3]"),
        ("coords", "cannot import data 'x' from 'x.npy': coords: 3 labels for axis 'dim_0' of length 2"),
    ])
    func importErrorsNameTheSource(_ problem: String, _ message: String) async throws {
        let dir = try TemporaryDirectory()
        try NPY.write(NDArray(shape: [2, 3], values: [Double](repeating: 0, count: 6)), to: dir.path("x.npy"))
        let node =
            problem == "axes"
            ? Fixtures.data("x", path: dir.path("x.npy"), axes: ["a"])
            : Fixtures.data("x", path: dir.path("x.npy"), coordinates: ["dim_0": .inline([.int(1), .int(2), .int(3)])])
        let engine = try Engine(cache: dir.url.appendingPathComponent("cache"))
        let report = try await engine.run(Fixtures.pipeline([node], in: dir.url))
        #expect(report.failures.first?.message == message)
        #expect(report.failures.first?.description.hasPrefix("stage 'data.x' (data) failed: ") == true)
    }

    @Test func csvTablesKeepTheirLabels() async throws {
        let dir = try TemporaryDirectory()
        try "subject,roi_a,roi_b\ns1,1.5,2\ns2,,4e1\n".write(
            toFile: dir.path("t.csv"), atomically: true, encoding: .utf8)
        let engine = try Engine(cache: dir.url.appendingPathComponent("cache"))
        let report = try await engine.run(
            Fixtures.pipeline(
                [Fixtures.data("t", path: dir.path("t.csv"), format: .csv, axes: ["subject", "roi"])], in: dir.url))
        let output = try #require(report.outcome(of: "data.t")?.outputs?["data"])
        let dataset = try ArtifactCodec.read(engine.store.layout.objectPath(output.digest))
        let values = try #require(try dataset.variable("t").data.doubles)
        #expect(values[0] == 1.5 && values[1] == 2 && values[2].isNaN && values[3] == 40)
        #expect(dataset.labels(of: "subject") == ["s1", "s2"])
        #expect(dataset.labels(of: "roi") == ["roi_a", "roi_b"])
    }

    @Test func changedFileIsReportedAndUnchangedFileIsNotReread() async throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("x.npy")
        try NPY.write(NDArray([1.0, 2.0]), to: path)
        // An mtime safely in the past, so the stat cache may trust it.
        var times = [timespec(tv_sec: 1_600_000_000, tv_nsec: 0), timespec(tv_sec: 1_600_000_000, tv_nsec: 0)]
        #expect(utimensat(AT_FDCWD, path, &times, 0) == 0)
        let pipeline = Fixtures.pipeline(
            [Fixtures.data("x", path: path), try Fixtures.scale("s", "data.x", factor: 1)].map {
                var n = $0
                if n.id == "s" { n.inputs = ["x": .single(Fixtures.ref("data.x", "data"))] }
                return n
            }, in: dir.url)
        try await Engine.withEngine(cache: dir.url.appendingPathComponent("cache")) { engine in
            let report = try await engine.run(pipeline)
            #expect(report.succeeded)
        }
        // Same inode, size and mtime, different bytes: the stat cache answers without rereading.
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.write(contentsOf: try NPY.encode(NDArray([1.0, 3.0])))
        try handle.close()
        #expect(utimensat(AT_FDCWD, path, &times, 0) == 0)
        let engine = try Engine(cache: dir.url.appendingPathComponent("cache"))
        #expect(try engine.plan(pipeline).plan.summary == ["data.x": "cached", "s": "cached"])
        // A real change (new mtime) is seen and named.
        try NPY.write(NDArray([1.0, 4.0]), to: path)
        #expect(
            try engine.plan(pipeline).plan.summary == [
                "data.x": "data file changed", "s": "upstream 'data.x' will run",
            ])
    }

    @Test func statCacheDigestIsTheSHA256OfTheBytes() throws {
        let dir = try TemporaryDirectory()
        let bytes = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try Data(bytes).write(to: dir.url.appendingPathComponent("f.bin"))
        let cache = StatCache(path: dir.path("sc.tsv"), temporaryDirectory: dir.url.path)
        let digest = try cache.digest(of: dir.path("f.bin"))
        let reference = try Oracle.runPython([
            "-c", "import hashlib,sys; print(hashlib.sha256(open(sys.argv[1],'rb').read()).hexdigest())",
            dir.path("f.bin"),
        ])
        #expect(digest.hex == reference.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}

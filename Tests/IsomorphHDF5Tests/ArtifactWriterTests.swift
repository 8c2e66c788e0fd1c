import Foundation
import IsomorphArrays
import IsomorphHDF5
import IsomorphTestSupport
import Testing

/// The streaming writer: digests independent of block sizes, bounded reads, state errors.
@Suite("Streaming artifact writer and reader")
struct ArtifactWriterTests {
    /// Streams `ds` (coordinates whole, each variable in blocks of `block` rows).
    static func stream(
        _ ds: Dataset, to path: String, block: Int, options: ArtifactWriteOptions = .init()
    ) throws
        -> ContentDigest
    {
        let writer = try ArtifactWriter(path: path, options: options)
        for (name, c) in ds.coordinates { try writer.setCoordinate(name, c) }
        for (name, v) in ds.variables {
            try writer.beginVariable(
                name, dtype: v.dtype, dimensions: v.dimensions, shape: v.shape, attributes: v.attributes)
        }
        for (name, v) in ds.variables {
            guard let rows = v.shape.first else {
                try writer.append(name, rows: v.data)
                continue
            }
            for start in stride(from: 0, to: rows, by: block) {
                try writer.append(name, rows: v.data.selecting(rows: Array(start..<min(rows, start + block))))
            }
        }
        for (k, v) in ds.attributes { try writer.setAttribute(k, v) }
        return try writer.finish()
    }

    @Test("the digest is Dataset.digest however the content was written", arguments: [1, 2, 5, 64])
    func digestIndependentOfBlocks(block: Int) throws {
        let dir = try TemporaryDirectory(prefix: "writer")
        let ds = try ArtifactFixtures.rich()
        let whole = try ArtifactFile.write(ds, to: dir.path("whole.nc"))
        var options = ArtifactWriteOptions(compressionLevel: 9, chunkTargetBytes: 64)
        options.threads = block.isMultiple(of: 2) ? 1 : nil  // serial and parallel compression
        let streamed = try Self.stream(ds, to: dir.path("streamed.nc"), block: block, options: options)
        #expect(whole == ds.digest)
        #expect(streamed == ds.digest)
        #expect(try ArtifactFile.read(dir.path("streamed.nc")) == ds)
        #expect(try ArtifactFile.computeDigest(dir.path("streamed.nc")) == ds.digest)
    }

    @Test("changing one value, a label or a variable attribute changes the stored digest; provenance does not")
    func digestSensitivity() throws {
        let dir = try TemporaryDirectory(prefix: "writer")
        var ds = try ArtifactFixtures.activations(rows: 10, columns: 4)
        let base = try ArtifactFile.write(ds, to: dir.path("a.nc"))
        ds.attributes["host"] = "node-7"
        #expect(try ArtifactFile.write(ds, to: dir.path("b.nc")) == base)
        var act = try ds.variable("act")
        act.attributes["layer"] = "features.18"
        try ds.setVariable("act", act)
        #expect(try ArtifactFile.write(ds, to: dir.path("c.nc")) != base)
    }

    @Test("a reader kept open serves many row blocks, aligned or not, and the whole file")
    func reader() throws {
        let dir = try TemporaryDirectory(prefix: "writer")
        let path = dir.path("a.nc")
        let ds = try ArtifactFixtures.activations(rows: 250, columns: 33)
        _ = try ArtifactFile.write(ds, to: path, options: ArtifactWriteOptions(chunkTargetBytes: 4096))
        let act = try ds.variable("act").data
        try ArtifactReader.withReader(path) { (reader: ArtifactReader) throws in
            #expect(reader.storedDigest == ds.digest)
            #expect(reader.summary.variable("act")?.shape == [250, 33])
            var start = 0
            while start < 250 {
                let end = min(250, start + 17)
                #expect(try reader.readRows("act", start..<end) == (try act.selecting(rows: Array(start..<end))))
                start = end
            }
            #expect(try reader.readRows("stimulus", 3..<5) == NDArray(["stim3", "stim4"]))
            #expect(try reader.coordinate("stimulus") == ds.coordinates["stimulus"])
            #expect(try reader.dataset() == ds)
        }
    }

    @Test("finishing with an incomplete variable fails and abort removes the file")
    func incomplete() throws {
        let dir = try TemporaryDirectory(prefix: "writer")
        let path = dir.path("partial.nc")
        let writer = try ArtifactWriter(path: path)
        try writer.beginVariable("a", dtype: .float64, dimensions: ["row"], shape: [10], attributes: [:])
        try writer.beginVariable("s", dtype: .int32, dimensions: [], shape: [], attributes: [:])
        try writer.append("a", rows: NDArray((0..<4).map { Double($0) }))
        let error = try #require(throws: HDF5Error.self) { try writer.finish() }
        #expect(error.kind == .invalidState)
        #expect(error.description == "cannot finish artifact in '\(path)': 'a' has 4 of 10 rows, 's' has 0 of 1 rows")
        #expect(FileManager.default.fileExists(atPath: path))
        writer.abort()
        #expect(!FileManager.default.fileExists(atPath: path))
        let after = try #require(throws: HDF5Error.self) { try writer.append("a", rows: NDArray([1.0])) }
        #expect(after.description == "cannot append rows to variable '/a' in '\(path)': the writer is aborted")
    }

    @Test("wrong dtype, wrong row shape, too many rows, reserved and clashing names are refused")
    func refusals() throws {
        let dir = try TemporaryDirectory(prefix: "writer")
        let path = dir.path("w.nc")
        let writer = try ArtifactWriter(path: path)
        defer { writer.abort() }
        try writer.setCoordinate("stimulus", Variable("stimulus", ["a", "b", "c"]))
        try writer.beginVariable(
            "x", dtype: .float32, dimensions: ["stimulus", "unit"], shape: [3, 2], attributes: [:])
        let dtype = try #require(throws: HDF5Error.self) {
            try writer.append("x", rows: NDArray(shape: [1, 2], values: [1.0, 2.0]))
        }
        #expect(
            dtype.description
                == "cannot append rows to variable '/x' in '\(path)': rows of float64 for a variable of float32")
        let shape = try #require(throws: HDF5Error.self) {
            try writer.append("x", rows: NDArray(shape: [1, 3], values: [Float](repeating: 0, count: 3)))
        }
        #expect(
            shape.description
                == "cannot append rows to variable '/x' in '\(path)': rows of shape [1, 3] for a variable of shape [3, 2]"
        )
        try writer.append("x", rows: NDArray(shape: [2, 2], values: [Float](repeating: 1, count: 4)))
        let many = try #require(throws: HDF5Error.self) {
            try writer.append("x", rows: NDArray(shape: [2, 2], values: [Float](repeating: 1, count: 4)))
        }
        #expect(
            many.description == "cannot append rows to variable '/x' in '\(path)': 2 rows after 2 exceed the declared 3"
        )
        let length = try #require(throws: HDF5Error.self) {
            try writer.beginVariable("y", dtype: .int32, dimensions: ["stimulus"], shape: [4], attributes: [:])
        }
        #expect(
            length.description
                == "cannot begin variable '/y' in '\(path)': dimension 'stimulus' has length 4 here but 3 elsewhere")
        let reserved = try #require(throws: HDF5Error.self) {
            try writer.beginVariable("z", dtype: .int32, dimensions: [], shape: [], attributes: ["DIMENSION_LIST": 1])
        }
        #expect(
            reserved.description
                == "cannot begin variable attribute 'DIMENSION_LIST' of '/z' in '\(path)': the name is reserved by netCDF-4 and dimension scales"
        )
        let root = try #require(throws: HDF5Error.self) { try writer.setAttribute("isomorph_digest", "x") }
        #expect(
            root.description
                == "cannot write attribute 'isomorph_digest' of '/' in '\(path)': the name is reserved by the artifact format"
        )
        let name = try #require(throws: HDF5Error.self) {
            try writer.beginVariable("_hidden", dtype: .int32, dimensions: [], shape: [], attributes: [:])
        }
        #expect(name.kind == .invalidArgument)
        let exists = try #require(throws: HDF5Error.self) { try ArtifactWriter(path: path) }
        #expect(exists.kind == .fileExists)
    }

    @Test("a failed whole-dataset write leaves no file behind")
    func failedWriteCleansUp() throws {
        let dir = try TemporaryDirectory(prefix: "writer")
        let path = dir.path("bad.nc")
        var ds = try ArtifactFixtures.activations(rows: 3, columns: 2)
        var act = try ds.variable("act")
        act.attributes["_Netcdf4Dimid"] = 3
        try ds.setVariable("act", act)
        #expect(throws: HDF5Error.self) { try ArtifactFile.write(ds, to: path) }
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}

import Foundation
import IsomorphArrays
import IsomorphHDF5
import IsomorphTestSupport
import Testing

/// Artifacts written by Isomorph, opened by the clients users have: xarray (h5netcdf engine),
/// h5py with hdf5plugin, and xarray's netCDF4 engine (netCDF-C). Values are compared exactly:
/// storage is lossless, so any difference is a bug.
@Suite("Artifacts open in xarray, h5py and netCDF4", .serialized)
struct ArtifactInteropTests {
    @Test("every dtype, rank, coordinate kind and attribute survives the trip to Python clients")
    func richArtifact() throws {
        let dir = try TemporaryDirectory(prefix: "interop")
        let path = dir.path("rich.nc")
        let ds = try ArtifactFixtures.rich()
        let digest = try ArtifactFile.write(ds, to: path, options: ArtifactWriteOptions(compressionLevel: 5))
        try Self.checkClients(path: path, dataset: ds, digest: digest, level: 5)
    }

    @Test("a variable streamed in uneven row blocks reads in Python as if written whole")
    func streamedArtifact() throws {
        let dir = try TemporaryDirectory(prefix: "interop")
        let path = dir.path("streamed.nc")
        let ds = try ArtifactFixtures.activations(rows: 203, columns: 67)
        let act = try ds.variable("act")
        // ~2 KiB chunks of whole rows (7 rows of 67 floats), appended in blocks of 1..13 rows.
        let writer = try ArtifactWriter(path: path, options: ArtifactWriteOptions(chunkTargetBytes: 2048))
        try writer.setCoordinate("stimulus", ds.coordinates["stimulus"]!)
        try writer.beginVariable(
            "act", dtype: .float32, dimensions: act.dimensions, shape: act.shape, attributes: act.attributes)
        var row = 0
        var block = 1
        while row < 203 {
            let end = min(203, row + block)
            try writer.append("act", rows: act.data.selecting(rows: Array(row..<end)))
            row = end
            block = block % 13 + 1
        }
        let digest = try writer.finish()
        #expect(digest == ds.digest)
        try Self.checkClients(path: path, dataset: ds, digest: digest, level: 3)
        let chunks = try HDF5File.withFile(path) { file in try file.root.withDataset("act") { try $0.chunkShape } }
        #expect(chunks == [7, 67])
    }

    /// Runs the client oracle on `path` and compares what each client sees with `dataset`.
    static func checkClients(path: String, dataset ds: Dataset, digest: ContentDigest, level: Int) throws {
        let seen = try Oracle.run("hdf5_artifact_clients", arguments: [path])
        func text(_ key: String) -> String? { seen[key]?.values(as: String.self)?.first }
        let xrNames = Set(
            seen.keys.filter { $0.hasPrefix("xr__") && $0.hasSuffix("__kind") }.map {
                String($0.dropFirst(4).dropLast(6))
            })
        #expect(xrNames == Set(ds.allEntries.map(\.key)), "xarray sees exactly our variables (no phantom dimensions)")
        for (name, v) in ds.allEntries {
            let key = "xr__\(name)"
            #expect(seen[key + "__values"] == v.data, "xarray values of \(name)")
            #expect(seen["nc__\(name)__values"] == v.data, "netCDF4 values of \(name)")
            #expect(seen[key + "__dims"]?.values(as: String.self) ?? [] == v.dimensions, "dims of \(name)")
            #expect(text(key + "__dtype") == (v.dtype == .string ? "string" : v.dtype.rawValue), "dtype of \(name)")
            #expect(text(key + "__kind") == (ds.coordinates[name] != nil ? "coord" : "data"), "kind of \(name)")
            #expect(text(key + "__attrs") == Self.canonical(v.attributes), "attributes of \(name)")
            #expect(seen["h5__\(name)__values"] == v.data, "h5py values of \(name)")
            let filters = text("h5__\(name)__filters")
            let chunked = v.shape.count > 0 && !v.shape.contains(0)
            #expect(filters == (chunked && v.dtype != .string ? "32015:\(level)" : ""), "zstd filter on \(name)")
            #expect((seen["h5__\(name)__chunks"]?.count ?? 0 > 0) == chunked, "\(name) is chunked")
        }
        var rootAttributes = ds.attributes
        rootAttributes["isomorph_digest"] = .string(digest.hex)
        #expect(text("xr____attrs") == Self.canonical(rootAttributes))
        let dims = Set(seen["xr____dims"]?.values(as: String.self) ?? [])
        #expect(dims == Set(ds.dimensions.map { "\($0.key)=\($0.value)" }))
    }

    /// The oracle's canonical attribute text: `name<TAB>kind<TAB>value`, sorted.
    static func canonical(_ attributes: Attributes) -> String {
        func quoted(_ s: String) -> String { "\"" + s + "\"" }
        return attributes.map { key, value -> String in
            switch value {
            case .string(let s): return "\(key)\tstr\t\(quoted(s))"
            case .int(let i): return "\(key)\tint\t\(i)"
            case .double(let d): return "\(key)\tfloat\t\(d)"
            case .ints(let v): return "\(key)\tint[]\t[" + v.map { "\($0)" }.joined(separator: ", ") + "]"
            case .doubles(let v): return "\(key)\tfloat[]\t[" + v.map { "\($0)" }.joined(separator: ", ") + "]"
            case .strings(let v): return "\(key)\tstr[]\t[" + v.map(quoted).joined(separator: ", ") + "]"
            }
        }.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }.joined(separator: "\n")
    }
}

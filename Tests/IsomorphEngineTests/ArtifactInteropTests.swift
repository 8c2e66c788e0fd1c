import Foundation
import IsomorphArrays
import IsomorphCore
import IsomorphTestSupport
import Testing

@testable import IsomorphEngine

@Suite("Artifacts and foreign files through HDF5 (xarray, h5py)")
struct ArtifactInteropTests {
    @Test func storedArtifactsOpenWithXarrayWithTheirProvenance() async throws {
        let dir = try TemporaryDirectory()
        try NPY.write(NDArray(shape: [2, 3], values: [0.5, 1, 2, 3, 4, 5]), to: dir.path("x.npy"))
        let node = Fixtures.data(
            "x", path: dir.path("x.npy"), axes: ["stimulus", "unit"],
            coordinates: ["stimulus": .inline([.string("cat"), .string("dog")])])
        let engine = try Engine(cache: dir.url.appendingPathComponent("cache"))
        let report = try await engine.run(Fixtures.pipeline([node], in: dir.url))
        let output = try #require(report.outcome(of: "data.x")?.outputs?["data"], "\(report.failures)")
        let check = """
            import sys, hdf5plugin, xarray as xr, numpy as np
            ds = xr.open_dataset(sys.argv[1], engine="h5netcdf")
            x = ds["x"]
            assert x.dims == ("stimulus", "unit"), x.dims
            assert list(ds["stimulus"].values) == ["cat", "dog"], ds["stimulus"].values
            assert np.array_equal(x.values, np.array([[0.5, 1, 2], [3, 4, 5]]))
            assert ds.attrs["isomorph_kind"] == "data" and ds.attrs["isomorph_stage"] == "data.x", ds.attrs
            print("ok")
            """
        let result = try Oracle.runPython(["-c", check, engine.store.layout.objectPath(output.digest)])
        #expect(result.trimmingCharacters(in: .whitespacesAndNewlines) == "ok")
    }

    @Test func commandsMayWriteNetCDFWithXarray() async throws {
        let dir = try TemporaryDirectory()
        let code = """
            import sys, numpy as np, xarray as xr
            ds = xr.Dataset({"latents": (("stimulus", "latent"), np.arange(6.0).reshape(3, 2))},
                            coords={"stimulus": ["s1", "s2", "s3"]})
            ds.to_netcdf(sys.argv[1], engine="h5netcdf")
            """
        let node = Fixtures.command(
            "vae", [.literal(try Oracle.python()), .literal("-c"), .literal(code), .output("latents")],
            outputs: ["latents"], directory: dir.url.path)
        let engine = try Engine(cache: dir.url.appendingPathComponent("cache"))
        let report = try await engine.run(Fixtures.pipeline([node], in: dir.url))
        let output = try #require(report.outcome(of: "vae")?.outputs?["latents"], "\(report.failures)")
        let dataset = try ArtifactCodec.read(engine.store.layout.objectPath(output.digest))
        let latents = try dataset.variable("latents")
        #expect(latents.dimensions == ["stimulus", "latent"])
        #expect(latents.data.doubles == [0, 1, 2, 3, 4, 5])
        #expect(dataset.labels(of: "stimulus") == ["s1", "s2", "s3"])
        #expect(dataset.attributes["isomorph_kind"] == "command")
    }

    @Test func hdf5DataSourcesReadTheNamedOrOnlyDataset() async throws {
        let dir = try TemporaryDirectory()
        let make = """
            import sys, h5py, numpy as np
            with h5py.File(sys.argv[1] + "/two.h5", "w") as f:
                f["responses"] = np.arange(12, dtype=np.int16).reshape(4, 3)
                f["other"] = np.zeros(2)
            with h5py.File(sys.argv[1] + "/one.h5", "w") as f:
                f.create_group("g")["only"] = np.arange(5, dtype=np.float32)
            """
        try Oracle.runPython(["-c", make, dir.url.path])
        var named = Fixtures.data("r", path: dir.path("two.h5"), format: .hdf5, axes: ["trial", "unit"])
        if case .data(var source) = named.action {
            source.variable = "responses"
            named.action = .data(source)
        }
        let only = Fixtures.data("o", path: dir.path("one.h5"), format: .hdf5)
        let ambiguous = Fixtures.data("a", path: dir.path("two.h5"), format: .hdf5)
        let engine = try Engine(cache: dir.url.appendingPathComponent("cache"))
        let report = try await engine.run(
            Fixtures.pipeline([named, only, ambiguous], in: dir.url), options: RunOptions(keepGoing: true))
        let r = try ArtifactCodec.read(
            engine.store.layout.objectPath(try #require(report.outcome(of: "data.r")?.outputs?["data"]).digest))
        #expect(try r.variable("r").dimensions == ["trial", "unit"])
        #expect(try r.variable("r").data == NDArray(shape: [4, 3], values: (0..<12).map { Int32($0) }))
        let o = try ArtifactCodec.read(
            engine.store.layout.objectPath(try #require(report.outcome(of: "data.o")?.outputs?["data"]).digest))
        #expect(try o.variable("o").data == NDArray((0..<5).map { Float($0) }))
        let message = try #require(report.failures.first?.message)
        #expect(message.hasPrefix("cannot import data 'a' from 'two.h5': "))
        #expect(message.contains("say which with 'variable:'"))
    }
}

import IsomorphArrays
import IsomorphHDF5
import IsomorphTestSupport
import Testing

/// netCDF-4 files written by xarray (h5netcdf and netCDF4 engines) read as the right Dataset.
@Suite("xarray-written netCDF-4 files read as datasets", .serialized)
struct ForeignNetCDFTests {
    /// The dataset the oracle built in xarray, rebuilt from its saved values.
    static func expected(_ files: ForeignFiles) throws -> Dataset {
        var ds = Dataset()
        try ds.setCoordinate("stimulus", Variable(dimensions: ["stimulus"], data: files.value("stimulus")))
        try ds.setCoordinate("unit", Variable(dimensions: ["unit"], data: files.value("unit")))
        try ds.setCoordinate("category", Variable(dimensions: ["stimulus"], data: files.value("category")))
        try ds.setVariable(
            "act",
            Variable(
                dimensions: ["stimulus", "unit"], data: files.value("act"),
                attributes: ["units": "a.u.", "layer": "features.6"]))
        try ds.setVariable("count", Variable(dimensions: ["stimulus"], data: files.value("count")))
        try ds.setVariable("label", Variable(dimensions: ["stimulus"], data: files.value("label")))
        try ds.setVariable("cube", Variable(dimensions: ["subject", "stimulus", "unit"], data: files.value("cube")))
        ds.attributes = ["title": "from xarray", "n_subjects": 2, "weights": .doubles([0.5, 0.25])]
        return ds
    }

    @Test(
        "dimensions, coordinates (dimension and auxiliary), values and attributes", arguments: ["h5netcdf", "netcdf4"])
    func reads(engine: String) throws {
        let files = try ForeignFiles("xarray")
        let path = files.path("\(engine).nc")
        let actual = try HDF5Import.readDataset(path)
        let expected = try Self.expected(files)
        #expect(Set(actual.coordinates.keys) == Set(expected.coordinates.keys))
        #expect(Set(actual.variables.keys) == Set(expected.variables.keys))
        for (name, v) in expected.allEntries {
            let a = actual.coordinates[name] ?? actual.variables[name]
            // Exact: xarray stored these dtypes as they are; the NaN _FillValue xarray adds is dropped.
            #expect(a == v, "\(name) via \(engine)")
        }
        #expect(actual.attributes == expected.attributes)
        #expect(actual.digest == expected.digest, "same logical content, same digest, whoever wrote the file")
        #expect(try ArtifactFile.storedDigest(path) == nil)
        #expect(try ArtifactFile.computeDigest(path) == expected.digest)
        let rows = try ArtifactFile.readRows(path, variable: "cube", 1..<2)
        #expect(rows == (try expected.variable("cube").data.selecting(rows: [1])))
    }
}

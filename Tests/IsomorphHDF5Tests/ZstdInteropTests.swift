import IsomorphArrays
import IsomorphHDF5
import IsomorphTestSupport
import Testing

/// zstd (filter 32015) between Isomorph's C filter and hdf5plugin's: both directions, bit-exact.
@Suite("zstd filter 32015 interoperates with hdf5plugin", .serialized)
struct ZstdInteropTests {
    @Test("datasets h5py + hdf5plugin compressed at levels 1–22 with odd chunk shapes read back bit-exactly")
    func readsHdf5pluginFiles() throws {
        let files = try ForeignFiles("zstd")
        let path = files.path("zstd.h5")
        var checked = 0
        for (name, expected) in files.expected {
            let actual = try HDF5Import.readArray(path, dataset: name)
            // Bit-exact: lossless compression, and the dtypes are Isomorph's own (no widening).
            #expect(actual == expected, "\(name)")
            checked += 1
        }
        #expect(checked == 26)
        try HDF5File.withFile(path) { (file: HDF5File) throws in
            try file.root.withDataset("L19_f8") { (d: HDF5Dataset) throws in
                #expect(try d.filters == [HDF5Filter(id: 32015, parameters: [19])])
                #expect(try d.chunkShape == [7, 5, 3])
            }
        }
    }

    @Test("row blocks of a zstd dataset read only what is asked, across partial edge chunks")
    func rowBlocks() throws {
        let files = try ForeignFiles("zstd")
        let full = try files.value("L9_f4")
        for range in [0..<1, 5..<9, 34..<37, 0..<37] {
            let rows = try HDF5Import.readArray(files.path("zstd.h5"), dataset: "L9_f4", rows: range)
            #expect(rows == (try full.selecting(rows: Array(range))), "rows \(range)")
        }
    }

    @Test("raw chunks Isomorph writes are zstd frames (magic 28 B5 2F FD) carrying the level")
    func rawChunksAreZstdFrames() throws {
        let dir = try TemporaryDirectory(prefix: "zstd")
        let path = dir.path("a.nc")
        let ds = try ArtifactFixtures.activations(rows: 100, columns: 300)
        _ = try ArtifactFile.write(
            ds, to: path, options: ArtifactWriteOptions(compressionLevel: 7, chunkTargetBytes: 40_000))
        try HDF5File.withFile(path) { (file: HDF5File) throws in
            try file.root.withDataset("act") { (d: HDF5Dataset) throws in
                let chunks = try #require(try d.chunkShape)
                #expect(chunks == [33, 300])
                #expect(try d.filters == [HDF5Filter(id: 32015, parameters: [7])])
                for start in stride(from: 0, to: 100, by: chunks[0]) {
                    let (mask, bytes) = try d.readRawChunk(at: [start, 0])
                    #expect(mask == 0, "the filter was applied to chunk at row \(start)")
                    #expect(Array(bytes.prefix(4)) == [0x28, 0xB5, 0x2F, 0xFD], "chunk at row \(start)")
                    #expect(bytes.count < chunks.reduce(4, *), "chunk at row \(start) is compressed")
                }
            }
        }
    }
}

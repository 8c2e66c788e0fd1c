import Foundation
import IsomorphArrays
import IsomorphHDF5
import IsomorphTestSupport
import Testing

/// Bad input never crashes: every failure is a typed `HDF5Error` naming file, object and operation.
@Suite("HDF5 errors are typed and name what failed")
struct HDF5ErrorTests {
    @Test("a missing file")
    func missingFile() throws {
        let dir = try TemporaryDirectory(prefix: "err")
        let path = dir.path("nope.nc")
        let error = try #require(throws: HDF5Error.self) { try ArtifactFile.read(path) }
        #expect(error.kind == .fileNotFound)
        #expect(error.description == "cannot open file in '\(path)': no such file")
        #expect(throws: HDF5Error.self) { try HDF5Import.listDatasets(path) }
        #expect(throws: HDF5Error.self) { try MATFile.read(path, variable: "x") }
    }

    @Test("a file that is not HDF5")
    func notHDF5() throws {
        let dir = try TemporaryDirectory(prefix: "err")
        let path = dir.path("text.nc")
        try Data("just some text, not HDF5\n".utf8).write(to: URL(fileURLWithPath: path))
        let error = try #require(throws: HDF5Error.self) { try ArtifactFile.summary(path) }
        #expect(error.kind == .notHDF5)
        #expect(error.description == "cannot open file in '\(path)': not an HDF5 file (no HDF5 signature found)")
        #expect(!HDF5File.isHDF5(path))
    }

    @Test("a MAT-file older than v7.3")
    func oldMATFile() throws {
        let dir = try TemporaryDirectory(prefix: "err")
        let path = dir.path("old.mat")
        var header = Data("MATLAB 5.0 MAT-file, Platform: GLNXA64".utf8)
        header.append(Data(repeating: 0x20, count: 128 - header.count))
        try header.write(to: URL(fileURLWithPath: path))
        let error = try #require(throws: HDF5Error.self) { try MATFile.read(path, variable: "x") }
        #expect(
            error.description
                == "cannot open MAT-file in '\(path)': a MAT-file older than v7.3 is not HDF5; "
                + "re-save it in MATLAB with save(..., '-v7.3')")
    }

    @Test("a missing dataset, variable or coordinate")
    func missingObjects() throws {
        let dir = try TemporaryDirectory(prefix: "err")
        let path = dir.path("a.nc")
        _ = try ArtifactFile.write(try ArtifactFixtures.activations(rows: 4, columns: 3), to: path)
        let rows = try #require(throws: HDF5Error.self) { try ArtifactFile.readRows(path, variable: "nope", 0..<1) }
        #expect(rows.kind == .objectNotFound)
        #expect(
            rows.description
                == "cannot read rows 0..<1 of variable '/nope' in '\(path)': no such variable (available: stimulus, act)"
        )
        #expect(try ArtifactFile.readCoordinate(path, "unit") == nil)
        let open = try #require(throws: HDF5Error.self) {
            try HDF5File.withFile(path) { try $0.root.withDataset("missing") { _ in } }
        }
        #expect(open.description == "cannot open dataset '/missing' in '\(path)': no such dataset")
        let range = try #require(throws: HDF5Error.self) { try ArtifactFile.readRows(path, variable: "act", 2..<9) }
        #expect(range.kind == .shapeMismatch)
        #expect(
            range.description == "cannot read rows 2..<9 of dataset '/act' in '\(path)': the dataset has rows 0..<4")
    }

    @Test("a dtype the dataset does not hold")
    func wrongDType() throws {
        let dir = try TemporaryDirectory(prefix: "err")
        let path = dir.path("a.nc")
        _ = try ArtifactFile.write(try ArtifactFixtures.activations(rows: 4, columns: 3), to: path)
        try HDF5File.withFile(path) { (file: HDF5File) throws in
            try file.root.withDataset("act") { (d: HDF5Dataset) throws in
                let asInt = try #require(throws: HDF5Error.self) { try d.read(Int32.self) }
                #expect(asInt.kind == .typeMismatch)
                #expect(
                    asInt.description
                        == "cannot read dataset as int32 '/act' in '\(path)': the dataset holds float32, "
                        + "which does not convert to int32 without loss")
                let asStrings = try #require(throws: HDF5Error.self) { try d.readStrings() }
                #expect(
                    asStrings.description
                        == "cannot read dataset as strings '/act' in '\(path)': the dataset holds float32, not strings")
            }
            try file.root.withDataset("stimulus") { (d: HDF5Dataset) throws in
                let numbers = try #require(throws: HDF5Error.self) { try d.read(Double.self) }
                #expect(numbers.kind == .typeMismatch)
            }
        }
    }

    @Test("a truncated file")
    func truncated() throws {
        let dir = try TemporaryDirectory(prefix: "err")
        let path = dir.path("a.nc")
        _ = try ArtifactFile.write(try ArtifactFixtures.activations(rows: 400, columns: 300), to: path)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: path))
        let error = try #require(throws: HDF5Error.self) { try ArtifactFile.read(path) }
        #expect(error.kind == .libraryFailure)
        #expect(error.operation == "open file")
        #expect(error.reason == "the file is truncated or damaged")
        let library = try #require(error.library, "HDF5's own message is carried")
        #expect(library.contains("truncated file"))
        #expect(
            error.description == "cannot open file in '\(path)': the file is truncated or damaged (HDF5: \(library))")
    }

    @Test("a corrupted chunk fails the read, and only that read")
    func corruptedChunk() throws {
        let dir = try TemporaryDirectory(prefix: "err")
        let path = dir.path("a.nc")
        let ds = try ArtifactFixtures.activations(rows: 400, columns: 300)
        _ = try ArtifactFile.write(ds, to: path, options: ArtifactWriteOptions(chunkTargetBytes: 100_000))
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let magic: [UInt8] = [0x28, 0xB5, 0x2F, 0xFD]
        let at = try #require((0..<(bytes.count - 4)).first { Array(bytes[$0..<($0 + 4)]) == magic })
        bytes.replaceSubrange(at..<(at + 4), with: [0, 0, 0, 0])  // the first chunk's zstd frame header
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let error = try #require(throws: HDF5Error.self) { try ArtifactFile.readRows(path, variable: "act", 0..<10) }
        #expect(error.kind == .libraryFailure)
        #expect(error.object == "/act")
        #expect(error.reason == "HDF5 could not read or decode the data")
        #expect(error.library != nil)
        #expect(
            error.description.hasPrefix(
                "cannot read dataset as float32 '/act' in '\(path)': HDF5 could not read or decode the data (HDF5: "))
        let digestError = try #require(throws: HDF5Error.self) { try ArtifactFile.computeDigest(path) }
        #expect(digestError.kind == .libraryFailure)
        let later = try ArtifactFile.readRows(path, variable: "act", 390..<400)
        #expect(later == (try ds.variable("act").data.selecting(rows: Array(390..<400))), "other chunks still read")
    }
}

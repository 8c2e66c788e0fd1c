import Foundation
import IsomorphArrays
import IsomorphHDF5
import IsomorphTestSupport
import Testing

/// The typed HDF5 layer: files, groups, datasets of every type, hyperslabs, extendible datasets,
/// attributes and dimension scales. Values round-trip through HDF5 unchanged, so comparisons are exact.
@Suite("Typed HDF5 layer")
struct HDF5FileTests {
    @Test("creating fails on an existing file unless asked to overwrite")
    func createExisting() throws {
        let dir = try TemporaryDirectory(prefix: "h5")
        let path = dir.path("a.h5")
        try HDF5File.withNewFile(path) { _ in }
        let error = try #require(throws: HDF5Error.self) { try HDF5File.withNewFile(path) { _ in } }
        #expect(error.kind == .fileExists)
        #expect(error.description == "cannot create file in '\(path)': the file exists (pass overwrite to replace it)")
        try HDF5File.withNewFile(path, options: HDF5FileOptions(overwrite: true)) { (file: HDF5File) throws in
            _ = try file.root.createGroup("fresh")
        }
        let names = try HDF5File.withFile(path) { try $0.root.childNames() }
        #expect(names == ["fresh"])
    }

    @Test("numeric datasets of each type: whole writes, hyperslab reads and writes of row blocks")
    func numericHyperslabs() throws {
        let dir = try TemporaryDirectory(prefix: "h5")
        let path = dir.path("n.h5")
        let values = (0..<60).map { Double($0) * 0.5 - 7 }
        try HDF5File.withNewFile(path) { (file: HDF5File) throws in
            let group = try file.root.createGroup("g")
            for type in HDF5NumericType.allCases {
                let d = try group.createDataset(
                    type.rawValue, type: .numeric(type), shape: [6, 10],
                    options: HDF5DatasetOptions(chunks: [4, 3], zstdLevel: 2))
                switch type {
                case .float32: try d.write(values.map { Float($0) })
                case .float64: try d.write(values)
                case .int8: try d.write(values.map { Int8($0) })
                case .int16: try d.write(values.map { Int16($0) })
                case .int32: try d.write(values.map { Int32($0) })
                case .int64: try d.write(values.map { Int64($0) })
                case .uint8: try d.write(values.map { UInt8(abs($0)) })
                case .uint16: try d.write(values.map { UInt16(abs($0)) })
                case .uint32: try d.write(values.map { UInt32(abs($0)) })
                case .uint64: try d.write(values.map { UInt64(abs($0)) })
                }
                #expect(try d.elementType == type.elementType)
                try d.close()
            }
            try group.withDataset("float64") { (d: HDF5Dataset) throws in
                try d.write([100.0, 101, 102, 103, 104, 105], offset: [2, 4], count: [2, 3])
            }
        }
        try HDF5File.withFile(path) { (file: HDF5File) throws in
            try file.root.withDataset("g/float64") { (d: HDF5Dataset) throws in
                var expected = values
                for (k, (r, c)) in [(2, 4), (2, 5), (2, 6), (3, 4), (3, 5), (3, 6)].enumerated() {
                    expected[r * 10 + c] = 100 + Double(k)
                }
                #expect(try d.read(Double.self) == expected)
                #expect(try d.read(Double.self, offset: [1, 0], count: [3, 10]) == Array(expected[10..<40]))
                #expect(try d.readRows(4..<6) == NDArray(shape: [2, 10], values: Array(expected[40..<60])))
                #expect(try d.chunkShape == [4, 3])
                #expect(try d.filters.map(\.id) == [32015])
            }
            try file.root.withDataset("g/int16") { (d: HDF5Dataset) throws in
                #expect(try d.read(Int16.self) == values.map { Int16($0) })
                #expect(try d.read(Int64.self) == values.map { Int64($0) }, "wider integers read losslessly")
                #expect(try d.readArray().dtype == .int32)
            }
            try file.root.withDataset("g/uint32") { (d: HDF5Dataset) throws in
                #expect(try d.readArray() == NDArray(shape: [6, 10], values: values.map { Int64(abs($0)) }))
            }
        }
    }

    @Test("row reads of whole-row zstd chunks: parallel decoding, partial chunks, never-written chunks")
    func wholeRowChunks() throws {
        let dir = try TemporaryDirectory(prefix: "h5")
        let path = dir.path("rows.h5")
        let values = (0..<40).map { Float($0) * 0.5 }
        try HDF5File.withNewFile(path) { (file: HDF5File) throws in
            let d = try file.root.createDataset(
                "x", type: .numeric(.float32), shape: [10, 4],
                options: HDF5DatasetOptions(chunks: [3, 4], zstdLevel: 5))
            try d.write(Array(values[0..<12]), offset: [0, 0], count: [3, 4])  // chunk 0 only
            try d.close()
        }
        try HDF5File.withFile(path) { (file: HDF5File) throws in
            try file.root.withDataset("x") { (d: HDF5Dataset) throws in
                for threads in [1, 2, 3] {
                    d.decodingThreads = threads
                    #expect(try d.readRows(0..<3) == NDArray(shape: [3, 4], values: Array(values[0..<12])))
                    #expect(try d.readRows(1..<2) == NDArray(shape: [1, 4], values: Array(values[4..<8])))
                    // Rows 3..<10 were never written: HDF5's fill value (0) through the ordinary path.
                    let all = try d.readRows(0..<10)
                    #expect(
                        all == NDArray(shape: [10, 4], values: Array(values[0..<12]) + Array(repeating: 0, count: 28)))
                }
            }
        }
    }

    @Test("variable-length UTF-8 strings, hyperslabs included")
    func strings() throws {
        let dir = try TemporaryDirectory(prefix: "h5")
        let path = dir.path("s.h5")
        let words = ["α", "", "stimulus 3", "日本", "x"]
        try HDF5File.withNewFile(path) { (file: HDF5File) throws in
            let d = try file.root.createDataset(
                "w", type: .string, shape: [5], options: HDF5DatasetOptions(chunks: [2]))
            try d.writeStrings(words)
            try d.writeStrings(["B"], offset: [1], count: [1])
            let bad = try #require(throws: HDF5Error.self) { try d.writeStrings(["a\u{0}b"], offset: [0], count: [1]) }
            #expect(
                bad.description
                    == "cannot write dataset from strings '/w' in '\(path)': a string contains a NUL character")
            try d.close()
        }
        let back = try HDF5File.withFile(path) { try $0.root.withDataset("w") { try $0.readStrings() } }
        #expect(back == ["α", "B", "stimulus 3", "日本", "x"])
        let slice = try HDF5File.withFile(path) {
            try $0.root.withDataset("w") { try $0.readStrings(offset: [2], count: [2]) }
        }
        #expect(slice == ["stimulus 3", "日本"])
    }

    @Test("extendible datasets grow along unlimited axes and refuse to pass a fixed maximum")
    func extendible() throws {
        let dir = try TemporaryDirectory(prefix: "h5")
        let path = dir.path("e.h5")
        try HDF5File.withNewFile(path) { (file: HDF5File) throws in
            let d = try file.root.createDataset(
                "grow", type: .numeric(.int32), shape: [0, 3],
                options: HDF5DatasetOptions(chunks: [2, 3], maxShape: [nil, 3], zstdLevel: 3))
            for block in 0..<4 {
                try d.extend(to: [(block + 1) * 2, 3])
                try d.write((0..<6).map { Int32(block * 6 + $0) }, offset: [block * 2, 0], count: [2, 3])
            }
            #expect(try d.shape == [8, 3])
            #expect(try d.maxShape == [nil, 3])
            let error = try #require(throws: HDF5Error.self) { try d.extend(to: [8, 4]) }
            #expect(
                error.description
                    == "cannot extend dataset '/grow' in '\(path)': shape [8, 4] exceeds the maximum shape [\"unlimited\", \"3\"]"
            )
            try d.close()
        }
        let all = try HDF5File.withFile(path) { try $0.root.withDataset("grow") { try $0.read(Int32.self) } }
        #expect(all == (0..<24).map { Int32($0) })
    }

    @Test("attributes: scalars and 1-D arrays of each type, strings, replacement, creation order")
    func attributes() throws {
        let dir = try TemporaryDirectory(prefix: "h5")
        let path = dir.path("a.h5")
        let attrs: [(String, AttributeValue)] = [
            ("z_string", "héllo"), ("int", 42), ("double", 2.5), ("strings", .strings(["a", "β", ""])),
            ("ints", .ints([Int64.min, 0, Int64.max])), ("doubles", .doubles([.infinity, -0.0, 1e-300])),
            ("empty", .ints([])),
        ]
        try HDF5File.withNewFile(path) { (file: HDF5File) throws in
            let d = try file.root.createDataset("d", type: .numeric(.float32), shape: [2])
            for (k, v) in attrs { try d.setAttribute(k, v) }
            for i in 0..<12 { try d.setAttribute("many\(i)", .int(Int64(i))) }  // dense attribute storage
            try d.setAttribute("int", 43)
            try d.setAttribute("i32", values: [Int32(-5), 6], scalar: false)
            try d.setAttribute("u8", values: [UInt8(7)], scalar: true)
            try d.setFixedStringAttribute("fixed", "ascii text")
            try file.root.setAttribute("root", .strings(["x"]))
            try file.root.setAttribute("f32", values: [Float(0.25), -2], scalar: false)
            // Larger than the 64 KiB an object header holds: needs dense attribute storage.
            try file.root.setAttribute("provenance", .string(String(repeating: "p", count: 200_000)))
            try d.close()
        }
        try HDF5File.withFile(path) { (file: HDF5File) throws in
            try file.root.withDataset("d") { (d: HDF5Dataset) throws in
                for (k, v) in attrs where k != "int" { #expect(try d.attribute(k) == v, "\(k)") }
                #expect(try d.attribute("int") == .int(43))
                #expect(try d.attribute("i32") == .ints([-5, 6]))
                #expect(try d.readAttribute("i32", as: Int32.self) == [-5, 6])
                #expect(try d.attribute("u8") == .int(7))
                #expect(try d.attribute("fixed") == .string("ascii text"))
                #expect(try d.attributeInfo("fixed").type == .string(fixedLength: 11))
                let names = try d.attributeNames()
                #expect(Array(names.prefix(3)) == ["z_string", "double", "strings"], "creation order, not name order")
                #expect(names.count == attrs.count + 12 + 3)
                let wrong = try #require(throws: HDF5Error.self) { try d.readAttribute("double", as: Int32.self) }
                #expect(
                    wrong.description
                        == "cannot read as int32 attribute 'double' of '/d' in '\(path)': the attribute holds float64, "
                        + "which does not convert to int32 without loss")
                let missing = try #require(throws: HDF5Error.self) { try d.attribute("nope") }
                #expect(missing.description == "cannot read attribute 'nope' of '/d' in '\(path)': no such attribute")
            }
            #expect(try file.root.attribute("root") == .strings(["x"]))
            #expect(try file.root.readAttribute("f32", as: Float.self) == [0.25, -2])
            #expect(try file.root.attributeInfo("f32").type == .float(bits: 32))
            #expect(try file.root.attribute("provenance") == .string(String(repeating: "p", count: 200_000)))
        }
    }

    @Test("dimension scales name axes and are found from the dataset")
    func dimensionScales() throws {
        let dir = try TemporaryDirectory(prefix: "h5")
        let path = dir.path("ds.h5")
        try HDF5File.withNewFile(path) { (file: HDF5File) throws in
            let x = try file.root.createDataset("x", type: .string, shape: [3])
            try x.writeStrings(["a", "b", "c"])
            try x.makeDimensionScale(name: "x")
            let y = try file.root.createDataset("y", type: .numeric(.float32), shape: [2])
            try y.makeDimensionScale(name: nil)
            let data = try file.root.createDataset("data", type: .numeric(.float64), shape: [3, 2])
            try data.attachDimensionScale(x, axis: 0)
            try data.attachDimensionScale(y, axis: 1)
            let error = try #require(throws: HDF5Error.self) { try data.attachDimensionScale(y, axis: 2) }
            #expect(error.kind == .invalidArgument)
            for d in [x, y, data] { try d.close() }
        }
        try HDF5File.withFile(path) { (file: HDF5File) throws in
            try file.root.withDataset("data") { (d: HDF5Dataset) throws in
                #expect(try !d.isDimensionScale)
                #expect(try d.dimensionScalePaths(axis: 0) == ["/x"])
                #expect(try d.dimensionScalePaths(axis: 1) == ["/y"])
            }
            try file.root.withDataset("x") { (d: HDF5Dataset) throws in
                #expect(try d.isDimensionScale)
                #expect(try d.dimensionScaleName == "x")
            }
        }
    }

    @Test("HDF5 calls from many tasks at once are serialised by the library lock")
    func concurrentUse() async throws {
        let dir = try TemporaryDirectory(prefix: "h5")
        let base = dir.path("")
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for task in 0..<8 {
                group.addTask {
                    let path = base + "/t\(task).nc"
                    let ds = try ArtifactFixtures.activations(rows: 40, columns: 9, seed: UInt64(task))
                    let digest = try ArtifactFile.write(ds, to: path)
                    return try ArtifactFile.read(path) == ds && digest == ds.digest
                }
            }
            for try await ok in group { #expect(ok) }
        }
    }
}

import IsomorphArrays
import IsomorphHDF5
import IsomorphTestSupport
import Testing

/// Arbitrary HDF5 files (written by h5py) as `data:` sources: listing, reading by path, widening.
@Suite("Importing datasets of foreign HDF5 files", .serialized)
struct HDF5ImportTests {
    @Test("every dataset is listed with its stored type, shape and the dtype it reads as")
    func lists() throws {
        let files = try ForeignFiles("foreign")
        let listed = try HDF5Import.listDatasets(files.path("foreign.h5"))
        let byPath = Dictionary(uniqueKeysWithValues: listed.map { ($0.path, $0) })
        #expect(byPath["/i1"]?.elementType == .integer(bits: 8, signed: true))
        #expect(byPath["/i1"]?.dtype == .int32)
        #expect(byPath["/u8"]?.dtype == .int64)
        #expect(byPath["/f2"]?.elementType == .float(bits: 16))
        #expect(byPath["/f2"]?.dtype == .float32)
        #expect(byPath["/bool"]?.elementType == .boolean)
        #expect(byPath["/fixed"]?.elementType == .string(fixedLength: 9))
        #expect(byPath["/vlen"]?.elementType == .string(fixedLength: nil))
        #expect(byPath["/group/sub/deep"]?.shape == [3, 4])
        #expect(byPath["/pairs"]?.dtype == nil)
        #expect(byPath["/scalar"]?.shape == [])
        #expect(listed.count == 15)
    }

    @Test("values widen losslessly into Isomorph's dtypes")
    func widens() throws {
        let files = try ForeignFiles("foreign")
        let cases: [(String, DType)] = [
            ("i1", .int32), ("i2", .int32), ("u2", .int32), ("u4", .int64), ("u8", .int64), ("f2", .float32),
            ("be_f8", .float64), ("be_i4", .int32), ("bool", .uint8), ("fixed", .string), ("vlen", .string),
            ("deep", .float32), ("scalar", .float64),
        ]
        for (name, dtype) in cases {
            let path = name == "deep" ? "/group/sub/deep" : name
            let actual = try HDF5Import.readArray(files.path("foreign.h5"), dataset: path)
            #expect(actual.dtype == dtype, "\(name)")
            let expected = try files.value(name)
            // Exact: widening is lossless (float16 → float32 included); NumPy's values are the reference.
            if dtype.isNumeric {
                #expect(actual.shape == expected.shape, "\(name)")
                #expect(actual.doubles == expected.doubles, "\(name)")
            } else {
                #expect(actual == expected, "\(name)")
            }
        }
    }

    @Test("an unreadable type, a uint64 above Int64.max and a missing dataset fail with typed errors")
    func errors() throws {
        let files = try ForeignFiles("foreign")
        let path = files.path("foreign.h5")
        let compound = try #require(throws: HDF5Error.self) { try HDF5Import.readArray(path, dataset: "pairs") }
        #expect(compound.kind == .unsupported)
        #expect(
            compound.description
                == "cannot read dataset '/pairs' in '\(path)': the dataset holds compound, which Isomorph does not read"
        )
        let big = try #require(throws: HDF5Error.self) { try HDF5Import.readArray(path, dataset: "/u8_big") }
        #expect(
            big.description
                == "cannot read dataset '/u8_big' in '\(path)': uint64 value 9223372036854775813 does not fit int64")
        let missing = try #require(throws: HDF5Error.self) { try HDF5Import.readArray(path, dataset: "group/nope") }
        #expect(missing.kind == .objectNotFound)
        #expect(
            missing.description.hasPrefix(
                "cannot read dataset '/group/nope' in '\(path)': no such dataset (the file has: /be_f8, /be_i4, "))
    }

    @Test("foreign attribute types read as Isomorph attribute values")
    func attributes() throws {
        let files = try ForeignFiles("foreign")
        try HDF5File.withFile(files.path("foreign.h5")) { (file: HDF5File) throws in
            #expect(try file.root.attribute("i1_attr") == .int(-3))
            #expect(try file.root.attribute("bool_attr") == .int(1))
            #expect(try file.root.attribute("fixed_attr") == .string("fixed text"))
            #expect(try file.root.attribute("f4_list") == .doubles([0.5, 1.5]))
        }
    }
}

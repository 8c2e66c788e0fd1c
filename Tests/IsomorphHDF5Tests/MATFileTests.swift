import IsomorphArrays
import IsomorphHDF5
import IsomorphTestSupport
import Testing

/// MATLAB v7.3 files: column-major storage comes back in MATLAB's dimension order.
@Suite("MATLAB v7.3 MAT-files", .serialized)
struct MATFileTests {
    @Test("numeric, logical and char variables read in MATLAB's orientation")
    func reads() throws {
        let files = try ForeignFiles("matlab")
        let path = files.path("matlab.mat")
        #expect(MATFile.isVersion73(path))
        try HDF5File.withFile(path) { #expect($0.userBlockSize == 512) }
        for name in ["A", "B", "v", "flag", "name", "names"] {
            let actual = try MATFile.read(path, variable: name)
            // Exact: the oracle stored NumPy's arrays transposed, as MATLAB does; no arithmetic.
            #expect(actual == (try files.value(name)), "\(name)")
        }
        #expect(try MATFile.read(path, variable: "A").shape == [3, 4])
        #expect(try MATFile.read(path, variable: "B").shape == [2, 3, 4])
        let empty = try MATFile.read(path, variable: "e")
        #expect(empty.shape == [0, 3])
    }

    @Test("the variable list gives each MATLAB class and size")
    func lists() throws {
        let files = try ForeignFiles("matlab")
        let vars = try MATFile.variables(files.path("matlab.mat"))
        let byName = Dictionary(uniqueKeysWithValues: vars.map { ($0.name, $0) })
        #expect(Set(byName.keys) == ["A", "B", "v", "flag", "name", "names", "c", "s", "z", "e"])
        #expect(byName["A"]?.matlabClass == "double")
        #expect(byName["A"]?.size == [3, 4])
        #expect(byName["c"]?.matlabClass == "cell")
        #expect(byName["s"]?.matlabClass == "struct")
        #expect(byName["e"]?.size == [0, 3])
    }

    @Test("cells, structs and complex arrays fail naming the variable and its class")
    func unsupported() throws {
        let files = try ForeignFiles("matlab")
        let path = files.path("matlab.mat")
        let cases = [
            ("c", "cell array (class 'cell')"), ("s", "struct (class 'struct')"),
            ("z", "complex array (class 'double')"),
        ]
        for (variable, what) in cases {
            let error = try #require(throws: HDF5Error.self) { try MATFile.read(path, variable: variable) }
            #expect(error.kind == .unsupported)
            #expect(
                error.description
                    == "cannot read MATLAB variable '/\(variable)' in '\(path)': the variable is a MATLAB \(what), "
                    + "which Isomorph does not read; save it as a numeric or char array")
        }
    }

    @Test("a missing variable names the ones there are")
    func missing() throws {
        let files = try ForeignFiles("matlab")
        let path = files.path("matlab.mat")
        let error = try #require(throws: HDF5Error.self) { try MATFile.read(path, variable: "Q") }
        #expect(
            error.description
                == "cannot read MATLAB variable '/Q' in '\(path)': no such variable (the file has: A, B, c, e, flag, name, names, s, v, z)"
        )
    }
}

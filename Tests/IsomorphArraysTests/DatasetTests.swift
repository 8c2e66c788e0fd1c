import IsomorphArrays
import Testing

@Suite("Dataset structure and validation")
struct DatasetTests {
    @Test("dimensions are collected in order of first appearance")
    func dimensions() throws {
        let ds = try Dataset(
            variable: "x", dimensions: ["stimulus", "unit"],
            data: NDArray(shape: [3, 2], values: [Double](repeating: 0, count: 6)),
            labels: ["stimulus": NDArray(["a", "b", "c"])])
        #expect(Array(ds.dimensions.keys) == ["stimulus", "unit"])
        #expect(ds.dimensions["unit"] == 2)
        #expect(ds.labels(of: "stimulus") == ["a", "b", "c"])
        #expect(ds.labels(of: "unit") == nil)
        #expect(ds.users(of: "stimulus") == ["stimulus", "x"])
    }

    @Test(
        "invalid structure is refused with a message naming the variable, dimension and lengths",
        arguments: [
            ("length", "variable 'y' has length 4 along dimension 'stimulus', but the dataset has 3"),
            ("slash", "invalid name 'a/b': names must not contain '/'"),
            ("reserved", "invalid name '_Netcdf4Dimid': names starting with '_' are reserved for the file format"),
            ("clash", "invalid name 'x': a data variable has this name, so it cannot be a dimension"),
            ("repeat", "invalid name 'sq': dimension names [\"s\", \"s\"] repeat"),
            ("missing", "no variable 'nope' (available: x)"),
        ])
    func refuses(_ kind: String, message: String) throws {
        var ds = try Dataset(
            variable: "x", dimensions: ["stimulus"], data: NDArray([1.0, 2.0, 3.0]))
        do {
            switch kind {
            case "length": try ds.setVariable("y", Variable("stimulus", [1.0, 2, 3, 4]))
            case "slash": try ds.setVariable("a/b", Variable("stimulus", [1.0, 2, 3]))
            case "reserved": try ds.setVariable("_Netcdf4Dimid", Variable("stimulus", [1.0, 2, 3]))
            case "clash": try ds.setVariable("y", Variable("x", [1.0]))
            case "repeat":
                try ds.setVariable(
                    "sq", Variable(dimensions: ["s", "s"], data: NDArray(shape: [2, 2], values: [1.0, 2, 3, 4])))
            default: _ = try ds.variable("nope")
            }
            Issue.record("expected an error for \(kind)")
        } catch {
            #expect("\(error)" == message)
        }
    }

    @Test("transpose and selection follow numpy semantics")
    func transposeAndSelect() throws {
        let a = NDArray(shape: [2, 3, 4], values: (0..<24).map { Int64($0) })
        let t = try a.transposed([2, 0, 1])
        #expect(t.shape == [4, 2, 3])
        // numpy: np.arange(24).reshape(2,3,4).transpose(2,0,1)[1,1,2] == 1*12 + 2*4 + 1 == 21
        #expect(t.values(as: Int64.self)![1 * 6 + 1 * 3 + 2] == 21)
        let rows = try a.selecting(rows: [1, 0])
        #expect(rows.values(as: Int64.self)!.prefix(4) == [12, 13, 14, 15])
        let cols = try a.selecting([2], along: 1)
        #expect(cols.shape == [2, 1, 4])
        #expect(cols.values(as: Int64.self)! == [8, 9, 10, 11, 20, 21, 22, 23])
        #expect(throws: ArrayError.self) { try a.transposed([0, 0, 1]) }
        #expect(throws: ArrayError.self) { try a.selecting(rows: [2]) }
    }

    @Test("numeric conversion and shape checks")
    func conversion() throws {
        let a = NDArray([1.5, -2.5, 300.0])
        #expect(try a.converted(to: .float32).values(as: Float.self) == [1.5, -2.5, 300])
        #expect(try a.converted(to: .int64).values(as: Int64.self) == [1, -2, 300])
        #expect(try a.converted(to: .uint8).values(as: UInt8.self) == [1, 0, 255])
        #expect(throws: ArrayError.self) { try NDArray(["a"]).converted(to: .float64) }
        #expect(throws: ArrayError.self) { try NDArray(shape: [2, 2], storage: .float64([1, 2, 3])) }
    }
}

import Foundation
import IsomorphArrays
import IsomorphNumerics
import IsomorphTestSupport
import Testing

/// The values every interop case holds (see Tests/Oracles/arrays_npy_cases.py): both sides
/// compute them from the same rule, so neither reads its expectations from the other.
private func expectedBase(_ i: Int, unsigned: Bool) -> Int {
    let b = (i * 7 % 23) - 5
    return unsigned ? abs(b) : b
}

private let shapes: [String: [Int]] = ["s0": [], "s1": [5], "s2": [3, 4], "s3": [2, 3, 4]]

private func expectedArray(kind: String, shape: [Int]) -> NDArray {
    let n = shape.reduce(1, *)
    switch kind {
    case "f2", "f4":
        return NDArray(shape: shape, values: (0..<n).map { Float(expectedBase($0, unsigned: false)) + 0.25 })
    case "f8": return NDArray(shape: shape, values: (0..<n).map { Double(expectedBase($0, unsigned: false)) + 0.25 })
    case "i1", "i2", "i4":
        return NDArray(shape: shape, values: (0..<n).map { Int32(expectedBase($0, unsigned: false)) })
    case "u2": return NDArray(shape: shape, values: (0..<n).map { Int32(expectedBase($0, unsigned: true)) })
    case "i8": return NDArray(shape: shape, values: (0..<n).map { Int64(expectedBase($0, unsigned: false)) })
    case "u4", "u8": return NDArray(shape: shape, values: (0..<n).map { Int64(expectedBase($0, unsigned: true)) })
    case "u1": return NDArray(shape: shape, values: (0..<n).map { UInt8(expectedBase($0, unsigned: true)) })
    case "b1": return NDArray(shape: shape, values: (0..<n).map { UInt8($0 % 3 == 0 ? 1 : 0) })
    case "U": return NDArray(shape: shape, values: (0..<n).map { "s\($0)-é" })
    case "S": return NDArray(shape: shape, values: (0..<n).map { "s\($0)" })
    default: fatalError("unknown kind \(kind)")
    }
}

@Suite("NumPy .npy and .npz interop")
struct NPYTests {
    @Test("reads every dtype, shape, byte order, memory order and header version numpy writes")
    func readsNumpyFiles() throws {
        let dir = try TemporaryDirectory(prefix: "npy-read")
        let output = try Oracle.runScript("arrays_npy_cases", arguments: ["write", dir.url.path])
        let manifest = try JSONDecoder().decode([String: [String]].self, from: Data(output.utf8))
        let cases = try #require(manifest["cases"])
        #expect(cases.count > 150)
        for name in cases {
            let parts = name.split(separator: "_").map(String.init)
            let array = try NPY.read(contentsOf: dir.path(name + ".npy"))
            let expected = expectedArray(kind: parts[0], shape: shapes[parts[1]]!)
            // Exact equality: every value is representable in every dtype involved.
            #expect(array == expected, "\(name)")
        }
    }

    @Test("reads numpy.savez and numpy.savez_compressed archives")
    func readsNumpyArchives() throws {
        let dir = try TemporaryDirectory(prefix: "npz-read")
        try Oracle.runScript("arrays_npy_cases", arguments: ["write", dir.url.path])
        let plain = try NPZ.read(contentsOf: dir.path("plain.npz"))
        #expect(Array(plain.keys) == ["x", "labels", "ids"])
        #expect(plain["x"] == expectedArray(kind: "f8", shape: [3, 4]))
        #expect(plain["labels"] == expectedArray(kind: "U", shape: [5]))
        #expect(plain["ids"] == expectedArray(kind: "i8", shape: [2, 3, 4]))
        let compressed = try NPZ.read(contentsOf: dir.path("compressed.npz"))
        #expect(compressed["x"] == expectedArray(kind: "f4", shape: [3, 4]))
        #expect(compressed["labels"] == expectedArray(kind: "U", shape: [5]))
    }

    @Test("writes files numpy loads: both byte orders, both memory orders, and archives")
    func writesFilesNumpyLoads() throws {
        let dir = try TemporaryDirectory(prefix: "npy-write")
        var written = 0
        for kind in ["f4", "f8", "i4", "i8", "u1", "U"] {
            for (shapeName, shape) in shapes {
                for order in [NPYHeader.MemoryOrder.c, .fortran] {
                    for byteOrder in [NPYHeader.ByteOrder.little, .big] where !(kind == "u1" && byteOrder == .big) {
                        let name =
                            "\(kind)_\(shapeName)_\(order == .c ? "C" : "F")_\(byteOrder == .little ? "le" : "be")"
                        try NPY.write(
                            expectedArray(kind: kind, shape: shape), to: dir.path(name + ".npy"),
                            byteOrder: byteOrder, order: order)
                        written += 1
                    }
                }
            }
        }
        try NPZ.write(
            [
                "x": expectedArray(kind: "f8", shape: [3, 4]), "labels": expectedArray(kind: "U", shape: [5]),
                "ids": expectedArray(kind: "i8", shape: [2, 3, 4]),
            ], to: dir.path("plain.npz"))
        try NPZ.write(
            [
                "x": expectedArray(kind: "f8", shape: [3, 4]), "labels": expectedArray(kind: "U", shape: [5]),
                "ids": expectedArray(kind: "i8", shape: [2, 3, 4]),
            ], to: dir.path("deflated.npz"), compressed: true)
        let output = try Oracle.runScript("arrays_npy_cases", arguments: ["check", dir.url.path])
        #expect(output.contains("\"checked\": \(written + 2)"))
    }

    @Test("round-trips in Swift without loss")
    func roundTrips() throws {
        var rng = SeededGenerator(seed: 3)
        let a = NDArray(shape: [4, 5, 6], values: rng.normals(120))
        for order in [NPYHeader.MemoryOrder.c, .fortran] {
            for byteOrder in [NPYHeader.ByteOrder.little, .big] {
                let data = try NPY.encode(a, byteOrder: byteOrder, order: order)
                #expect(data.count % 64 == 120 * 8 % 64, "header padded to a multiple of 64 bytes")
                #expect(try NPY.decode(data) == a)
            }
        }
    }

    @Test(
        "refuses what it cannot represent, naming the file and the dtype",
        arguments: [
            (
                "object", "{'descr': '|O', 'fortran_order': False, 'shape': (2,), }",
                "x.npy: object arrays (dtype '|O') hold pickled Python objects and cannot be read"
            ),
            (
                "complex", "{'descr': '<c16', 'fortran_order': False, 'shape': (2,), }",
                "x.npy: complex arrays (dtype '<c16') are not supported"
            ),
            (
                "structured", "{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (2,), }",
                "x.npy: malformed .npy header: unexpected ''"
            ),
            (
                "truncated", "{'descr': '<f8', 'fortran_order': False, 'shape': (1000,), }",
                "x.npy: truncated: shape [1000] of '<f8' needs 8000 bytes, file has 16"
            ),
        ])
    func refusesUnsupported(_ name: String, header: String, message: String) throws {
        var bytes: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0]
        var dict = Array(header.utf8) + [UInt8(ascii: "\n")]
        while (10 + dict.count) % 64 != 0 { dict.insert(UInt8(ascii: " "), at: dict.count - 1) }
        bytes += [UInt8(dict.count & 0xff), UInt8(dict.count >> 8)] + dict + Array(repeating: 0, count: 16)
        #expect(throws: ArrayError.self) { try NPY.decode(Data(bytes), path: "x.npy") }
        do {
            _ = try NPY.decode(Data(bytes), path: "x.npy")
        } catch {
            #expect("\(error)" == message, "\(name)")
        }
    }

    @Test("a missing file is an error naming it")
    func missingFile() {
        do {
            _ = try NPY.read(contentsOf: "/nonexistent/a.npy")
            Issue.record("expected an error")
        } catch {
            #expect("\(error)" == "cannot read '/nonexistent/a.npy': No such file or directory")
        }
    }
}

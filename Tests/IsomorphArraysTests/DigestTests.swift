import Foundation
import IsomorphArrays
import IsomorphNumerics
import IsomorphTestSupport
import Testing

@Suite("Content digests over logical content")
struct DigestTests {
    /// A small study-like dataset: activations (stimulus × unit) with stimulus labels.
    static func activations(seed: UInt64 = 1) throws -> Dataset {
        var rng = SeededGenerator(seed: seed)
        let values = rng.normals(6 * 4).map { Float($0) }
        return try Dataset(
            variable: "activation", dimensions: ["stimulus", "unit"],
            data: NDArray(shape: [6, 4], values: values),
            labels: ["stimulus": NDArray((0..<6).map { "img\($0)" })])
    }

    @Test("the same data gives the same digest, whatever the insertion order or provenance attributes")
    func stable() throws {
        var a = try Self.activations()
        var b = try Self.activations()
        #expect(a.digest == b.digest)
        a.attributes["host"] = "node-1"
        a.attributes["duration_s"] = 1.5
        b.attributes["host"] = "node-2"
        #expect(a.digest == b.digest, "dataset-level attributes are provenance, not content")
        let extra = Variable("stimulus", (0..<6).map { Int64($0) })
        var c = Dataset()
        try c.setVariable("count", extra)
        try c.setVariable("z", Variable("stimulus", Array(repeating: 1.0, count: 6)))
        var d = Dataset()
        try d.setVariable("z", Variable("stimulus", Array(repeating: 1.0, count: 6)))
        try d.setVariable("count", extra)
        #expect(c.digest == d.digest)
    }

    @Test("one changed element, dtype, dimension name, label or variable attribute changes the digest")
    func sensitive() throws {
        let base = try Self.activations()
        let v = try base.variable("activation")
        var values = v.data.values(as: Float.self)!
        values[13] = values[13].nextUp
        var changed = base
        try changed.setVariable(
            "activation", Variable(dimensions: v.dimensions, data: NDArray(shape: v.shape, values: values)))
        #expect(changed.digest != base.digest)

        var asDouble = base
        try asDouble.setVariable(
            "activation", Variable(dimensions: v.dimensions, data: v.data.converted(to: .float64)))
        #expect(asDouble.digest != base.digest)

        var renamed = try Dataset(
            variable: "activation", dimensions: ["stimulus", "channel"], data: v.data,
            labels: ["stimulus": NDArray((0..<6).map { "img\($0)" })])
        #expect(renamed.digest != base.digest)
        renamed = try Dataset(
            variable: "activation", dimensions: ["stimulus", "unit"], data: v.data,
            labels: ["stimulus": NDArray((0..<6).map { "img\(5 - $0)" })])
        #expect(renamed.digest != base.digest, "stimulus labels are content: a reordering must show")

        var attributed = base
        var va = v
        va.attributes["units"] = "spikes/s"
        try attributed.setVariable("activation", va)
        #expect(attributed.digest != base.digest)
    }

    @Test("streaming the elements in any chunking gives the one-shot digest")
    func streaming() throws {
        var rng = SeededGenerator(seed: 9)
        let values = rng.normals(1000)
        let variable = Variable("unit", values)
        for chunk in [1, 7, 100, 999, 1000] {
            let d = VariableDigester(dtype: .float64, dimensions: ["unit"], shape: [1000], attributes: [:])
            for start in stride(from: 0, to: 1000, by: chunk) {
                d.append(.float64(Array(values[start..<min(start + chunk, 1000)])))
            }
            #expect(d.finalize() == variable.digest)
        }
        let d = VariableDigester(dtype: .float64, dimensions: ["unit"], shape: [1000], attributes: [:])
        values.withUnsafeBufferPointer { d.append($0) }
        #expect(d.finalize() == variable.digest)
    }

    @Test("an independent Python implementation of the documented record gives the same digest")
    func matchesDocumentedRecord() throws {
        var rng = SeededGenerator(seed: 4)
        var ds = try Dataset(
            variable: "rdm", dimensions: ["stimulus", "stimulus2"],
            data: NDArray(shape: [5, 5], values: rng.normals(25)),
            labels: [
                "stimulus": NDArray(["a", "b", "ç", "d", "日本"]),
                "stimulus2": NDArray(["a", "b", "ç", "d", "日本"]),
            ])
        try ds.setVariable("counts", Variable("stimulus", (0..<5).map { Int64($0 * 3) }))
        try ds.setVariable(
            "f32",
            Variable(
                dimensions: ["stimulus", "unit"], data: NDArray(shape: [5, 2], values: (0..<10).map { Float($0) / 3 })))
        try ds.setVariable("bytes", Variable("stimulus", (0..<5).map { UInt8($0) }))
        try ds.setVariable("i32", Variable("stimulus", (0..<5).map { Int32(-$0) }))
        try ds.setVariable("Zé", Variable("stimulus", (0..<5).map { Double($0) }))
        var inputs = OrderedDictionary<String, NDArray>()
        for (name, c) in ds.coordinates {
            inputs["coord__" + name] = c.data
            inputs["dims__" + name] = NDArray(c.dimensions)
        }
        for (name, v) in ds.variables {
            inputs["var__" + name] = v.data
            inputs["dims__" + name] = NDArray(v.dimensions)
        }
        let dir = try TemporaryDirectory(prefix: "digest")
        try NPZ.write(inputs, to: dir.path("in.npz"))
        let hex = try Oracle.runScript("arrays_digest", arguments: [dir.path("in.npz"), dir.path("out.npz")])
        #expect(hex.trimmingCharacters(in: .whitespacesAndNewlines) == ds.digest.hex)
    }

    @Test("the record format is pinned: this golden digest changes only with the format tag")
    func golden() throws {
        let ds = try Dataset(
            variable: "x", dimensions: ["stimulus"], data: NDArray([1.0, 2.0, 3.0]),
            labels: ["stimulus": NDArray(["a", "b", "c"])])
        // Computed by hand in Python from the documented record (hashlib; see arrays_digest.py).
        #expect(ds.digest.hex == "a3f0d1065407e8bfb3c315d185a23f2af88b5dfe26789cb9aa931c221a8d3a88")
    }

    @Test("hex round trip and validation")
    func hex() {
        let d = SHA256Hasher.hash("abc")
        #expect(d.hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")  // FIPS 180-2 test vector
        #expect(ContentDigest(hex: d.hex) == d)
        #expect(ContentDigest(hex: "xyz") == nil)
        #expect(ContentDigest(hex: String(repeating: "g", count: 64)) == nil)
    }
}

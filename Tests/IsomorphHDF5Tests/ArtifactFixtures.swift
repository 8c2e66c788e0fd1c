import IsomorphArrays
import IsomorphNumerics

/// Seeded datasets that exercise every part of the artifact format.
enum ArtifactFixtures {
    /// Every dtype, 0-d, 1-d, 2-d and 3-d variables, string and numeric dimension coordinates,
    /// auxiliary coordinates (1-d and 2-d), dimensions without coordinates, an empty variable,
    /// non-ASCII strings and attributes of every kind.
    static func rich(seed: UInt64 = 7) throws -> Dataset {
        var rng = SeededGenerator(seed: seed)
        let stimuli = 6
        let units = 5
        var ds = Dataset()
        try ds.setCoordinate(
            "stimulus",
            Variable("stimulus", (0..<stimuli).map { "img-é-\($0)" }, attributes: ["long_name": "stimulus id"]))
        try ds.setCoordinate("unit", Variable("unit", (0..<units).map { Int64(100 + $0) }))
        try ds.setCoordinate("category", Variable("stimulus", ["face", "body", "face", "tool", "body", "face"]))
        try ds.setCoordinate(
            "weight",
            Variable(
                dimensions: ["stimulus", "unit"],
                data: NDArray(shape: [stimuli, units], values: rng.uniforms(stimuli * units))))
        try ds.setVariable(
            "act",
            Variable(
                dimensions: ["stimulus", "unit"],
                data: NDArray(shape: [stimuli, units], values: rng.normals(stimuli * units).map { Float($0) }),
                attributes: [
                    "units": "a.u.", "scale": 0.5, "layer_count": 3, "layers": .strings(["features.6", "features.18"]),
                    "ids": .ints([1, 2, 3]), "weights": .doubles([0.25, -1.5e-7]),
                ]))
        try ds.setVariable(
            "cube",
            Variable(
                dimensions: ["subject", "stimulus", "channel"],
                data: NDArray(shape: [2, stimuli, 3], values: rng.normals(2 * stimuli * 3))))
        try ds.setVariable(
            "counts", Variable("stimulus", (0..<stimuli).map { Int32($0 * 3 - 7) }, attributes: ["note": "signed"]))
        try ds.setVariable("big", Variable("unit", (0..<units).map { Int64(1) << 40 + Int64($0) }))
        try ds.setVariable(
            "mask",
            Variable(
                dimensions: ["stimulus", "unit"],
                data: NDArray(shape: [stimuli, units], values: (0..<(stimuli * units)).map { UInt8($0 * 37 % 256) })))
        try ds.setVariable(
            "labels",
            Variable(
                dimensions: ["subject", "stimulus"],
                data: NDArray(shape: [2, stimuli], values: (0..<(2 * stimuli)).map { "s\($0 / stimuli)-ünï-\($0)" })))
        try ds.setVariable(
            "score", Variable(dimensions: [], data: NDArray(scalar: 0.8125), attributes: ["method": "tau-a"]))
        try ds.setVariable("index", Variable(dimensions: [], data: NDArray(scalar: Int32(42))))
        try ds.setVariable("nothing", Variable(dimensions: ["none"], data: NDArray(shape: [0], values: [Double]())))
        ds.attributes = ["title": "fixture", "seed": .int(Int64(seed)), "versions": .doubles([1.0, 2.5])]
        return ds
    }

    /// A float32 activation matrix with stimulus labels, `rows × columns`.
    static func activations(rows: Int, columns: Int, seed: UInt64 = 3) throws -> Dataset {
        var rng = SeededGenerator(seed: seed)
        var ds = Dataset()
        try ds.setCoordinate("stimulus", Variable("stimulus", (0..<rows).map { "stim\($0)" }))
        try ds.setVariable(
            "act",
            Variable(
                dimensions: ["stimulus", "unit"],
                data: NDArray(shape: [rows, columns], values: rng.normals(rows * columns).map { Float($0) }),
                attributes: ["layer": "features.6"]))
        return ds
    }
}

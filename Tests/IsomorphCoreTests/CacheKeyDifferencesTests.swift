import IsomorphArrays
import IsomorphCore
import Testing

/// The reasons `isomorph plan` prints, verbatim.
@Suite struct CacheKeyDifferencesTests {
    static let x = ContentDigest(hex: String(repeating: "a1", count: 32))!
    static let y = ContentDigest(hex: String(repeating: "e5", count: 32))!

    static let stage = CacheKeyComponents(
        kind: "rsa.rdm", version: 1, parameters: .object(["factor": 1.0, "distance": "correlation", "old": true]),
        inputs: ["x": [x], "xs": [x, y]], seed: 7)

    static let command = CacheKeyComponents(
        kind: "command", version: 1,
        command: .init(
            argv: ["python3", "train.py", "${out.y}"], code: ["scripts/train.py": x, "lib.py": x],
            environment: ["OMP_NUM_THREADS": "1"]))

    static let data = CacheKeyComponents(
        kind: "data", version: 1,
        dataImport: .init(
            file: x, format: "npy", variable: nil, axes: ["stimulus"], coordinates: ["stimulus": .array(["a", "b"])]))

    @Test func identicalKeysHaveNoReasons() {
        #expect(Self.stage.differences(from: Self.stage).isEmpty)
        #expect(Self.command.differences(from: Self.command).isEmpty)
    }

    @Test func stageReasons() {
        var new = Self.stage
        new.version = 2
        new.parameters = .object(["factor": 10.0, "distance": "euclidean", "new": 3])
        new.inputs = ["x": [Self.y], "xs": [Self.x, Self.y, Self.x], "z": [Self.x]]
        new.seed = 8
        #expect(
            new.differences(from: Self.stage) == [
                "stage version 1 → 2",
                "parameter 'distance' changed correlation → euclidean",
                "parameter 'factor' changed 1.0 → 10.0",
                "parameter 'new' added (3)",
                "parameter 'old' removed (was true)",
                "input 'x' changed",
                "input 'xs' changed (2 → 3 items)",
                "input 'z' added",
                "seed changed 7 → 8",
            ])
    }

    @Test func commandReasons() {
        var new = Self.command
        new.command = .init(
            argv: ["python3", "train.py", "--fast", "${out.y}"], code: ["scripts/train.py": Self.y],
            environment: ["OMP_NUM_THREADS": "2", "MODE": "x"])
        #expect(
            new.differences(from: Self.command) == [
                "command line changed",
                "code 'lib.py' removed",
                "code 'scripts/train.py' changed",
                "environment variable 'MODE' added (x)",
                "environment variable 'OMP_NUM_THREADS' changed 1 → 2",
            ])
    }

    @Test func dataReasons() {
        var new = Self.data
        new.dataImport = .init(
            file: Self.y, format: "npz", variable: "rdm", axes: ["stimulus", "unit"],
            coordinates: ["stimulus": .array(["a", "c"])])
        #expect(
            new.differences(from: Self.data) == [
                "data file changed",
                "data format npy → npz",
                "data variable (only) → rdm",
                "data axes [stimulus] → [stimulus, unit]",
                "labels of axis 'stimulus' changed",
            ])
    }

    @Test func formatAndKindChanges() {
        var new = Self.stage
        new.format = "isomorph-cachekey-2"
        new.kind = "rsa.rdm2"
        #expect(
            new.differences(from: Self.stage) == [
                "cache key format isomorph-cachekey-1 → isomorph-cachekey-2", "kind rsa.rdm → rsa.rdm2",
            ])
    }
}

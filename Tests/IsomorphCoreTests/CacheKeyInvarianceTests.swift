import IsomorphArrays
import IsomorphCore
import Testing

/// What changes a cache key and what must not.
@Suite struct CacheKeyInvarianceTests {
    static let x = ContentDigest(hex: String(repeating: "a1", count: 32))!
    static let y = ContentDigest(hex: String(repeating: "e5", count: 32))!

    /// The key of `stage` declared by `body` (a stage reading `act`, whose output has digest `input`).
    private func key(
        _ body: String, stage: String = "s", input: ContentDigest = x, seed: String = "",
        files: [String: ContentDigest] = [:]
    ) throws -> CacheKeyComponents {
        let fixture = try SpecFixture(["train.py": "print(1)\n"])
        let p = try fixture.load(
            """
            isomorph: 1
            params: { seed: 1 }
            stages:
              act:
                uses: test.constant
                with: { values: [1] }
              \(stage):
            \(body)\(seed)
            """)
        var paths = [String: ContentDigest]()
        for (k, v) in files { paths[fixture.path(k)] = v }
        return try CacheKeyComponents(
            node: p.graph[NodeID(stage)]!, inputDigests: [OutputRef(node: "act", port: "out"): input],
            fileDigests: paths)
    }

    @Test func parametersThatDoNotAffectResultsStayOut() throws {
        let small = try key("    uses: test.constant\n    with: { values: [1], chunk: 1 }")
        let large = try key("    uses: test.constant\n    with: { values: [1], chunk: 4096 }")
        #expect(small == large)
        #expect(small.parameters == .object(["values": .array([1.0])]))
    }

    @Test func defaultsFilledInEqualExplicitDefaults() throws {
        let implicit = try key("    uses: test.scale\n    in: { x: act }")
        let explicit = try key("    uses: test.scale\n    in: { x: act }\n    with: { factor: 1.0 }")
        #expect(implicit == explicit)
    }

    @Test func keyOrderInYAMLDoesNotMatter() throws {
        let one = try key("    uses: test.constant\n    with: { values: [1, 2], chunk: 2 }")
        let other = try key("    with: { chunk: 2, values: [1, 2] }\n    uses: test.constant")
        #expect(one.key == other.key)
    }

    @Test func integersAndNumbersAreTheSameNumberParameter() throws {
        let int = try key("    uses: test.scale\n    in: { x: act }\n    with: { factor: 1 }")
        let double = try key("    uses: test.scale\n    in: { x: act }\n    with: { factor: 1.0 }")
        #expect(int.key == double.key)
    }

    @Test func inputDigestsChangeTheKey() throws {
        let body = "    uses: test.scale\n    in: { x: act }"
        #expect(try key(body, input: Self.x).key != key(body, input: Self.y).key)
    }

    @Test func seedsChangeTheKeyOfStochasticStagesOnly() throws {
        let noise = "    uses: test.noise\n    with: { count: 2 }"
        #expect(try key(noise, seed: "\n    seed: 7").key != key(noise, seed: "\n    seed: 8").key)
        let scale = "    uses: test.scale\n    in: { x: act }"
        #expect(try key(scale, seed: "\n    seed: 7").key == key(scale, seed: "\n    seed: 8").key)
    }

    @Test func codeDigestsChangeTheKeyOfCommands() throws {
        let command = "    run: [python3, train.py, \"${out.y}\"]\n    code: [train.py]\n    out: [y]"
        let before = try key(command, files: ["train.py": Self.x])
        let after = try key(command, files: ["train.py": Self.y])
        #expect(before.key != after.key)
        #expect(after.differences(from: before) == ["code 'train.py' changed"])
    }
}

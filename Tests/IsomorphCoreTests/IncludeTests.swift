import Foundation
import IsomorphArrays
import IsomorphCore
import IsomorphTestSupport
import Testing

/// `include:`: merging, relative paths, digests, trust, clashes and cycles.
@Suite struct IncludeTests {
    private let shared = """
        isomorph: 1
        params: { alpha: 1, beta: 2 }
        data:
          hit: rdm.npy
        stages:
          base:
            uses: test.constant
            with: { values: ["${alpha}", "${beta}"] }
          tool:
            run: [python3, tool.py, "${in.x}", "${out.y}"]
            code: [tool.py]
            in: { x: data.hit }
            out: [y]
        """

    private func fixture() throws -> SpecFixture {
        try SpecFixture(["shared/rsa.yaml": shared, "shared/tool.py": "print(1)\n"])
    }

    private let main = """
        isomorph: 1
        include: [shared/rsa.yaml]
        params: { alpha: 5 }
        stages:
          top:
            uses: test.scale
            in: { x: base }
        """

    private func command(_ p: LoadedPipeline) throws -> CommandAction {
        guard case .command(let c)? = p.graph[NodeID("tool")]?.action else { throw TestFailure("no command") }
        return c
    }

    @Test func includedDeclarationsMergeAndTheOuterFileWins() throws {
        let f = try fixture()
        let p = try f.load(main)
        #expect(p.parameters.map(\.name) == ["alpha", "beta"])
        #expect(p.parameters.map(\.value) == [5, 2])
        #expect(p.graph.nodes.map(\.id.rawValue) == ["data.hit", "base", "tool", "top"])
        let bytes = try Data(contentsOf: URL(fileURLWithPath: f.path("shared/rsa.yaml")))
        let digest = bytes.withUnsafeBytes { SHA256Hasher.hash($0) }
        #expect(p.includes.map(\.path) == ["shared/rsa.yaml"])
        #expect(p.includes.map(\.digest) == [digest])
        guard case .builtin(let base)? = p.graph[NodeID("base")]?.action else { throw TestFailure("no base") }
        #expect(base.keyParameters == .object(["values": .array([5.0, 2.0])]))
    }

    @Test func pathsInAnIncludedFileResolveAgainstIt() throws {
        let f = try fixture()
        let p = try f.load(main)
        guard case .data(let hit)? = p.graph[NodeID.data("hit")]?.action else { throw TestFailure("no data") }
        #expect(hit.path == f.path("shared/rdm.npy"))
        let c = try command(p)
        #expect(c.codeFiles == [f.path("shared/tool.py")])
        #expect(c.codePaths == ["tool.py"])
        #expect(c.workingDirectory == f.path("shared"))
    }

    @Test func commandsFromIncludesNeedTrust() throws {
        let f = try fixture()
        #expect(try command(f.load(main)).isTrusted == false)
        #expect(try command(f.load(main, options: LoadOptions(trustIncludes: true))).isTrusted)
        let digest = try f.load(main).includes[0].digest
        #expect(try command(f.load(main, options: LoadOptions(trustedDigests: [digest]))).isTrusted)
        let pinned = main.replacingOccurrences(
            of: "include: [shared/rsa.yaml]", with: "include: [{ path: shared/rsa.yaml, sha256: \(digest.hex) }]")
        #expect(try command(f.load(pinned)).isTrusted)
    }

    @Test func aPinThatDoesNotMatchIsAnError() throws {
        let f = try fixture()
        let digest = try f.load(main).includes[0].digest
        let wrong = String(repeating: "ab", count: 32)
        let pinned = main.replacingOccurrences(
            of: "include: [shared/rsa.yaml]", with: "include: [{ path: shared/rsa.yaml, sha256: \(wrong) }]")
        #expect(
            f.errors(pinned) == [
                "spec.yaml:2:19: error: included file 'shared/rsa.yaml' has SHA-256 \(digest.hex), but the spec pins \(wrong)"
            ])
    }

    @Test func clashesNameBothPlaces() throws {
        let f = try fixture()
        let clash = main + "\n  base:\n    uses: test.constant\n    with: { values: [1] }\n"
        #expect(
            f.errors(clash) == ["spec.yaml:8:3: error: stage 'base' is already declared at shared/rsa.yaml:6:3"])
    }

    @Test func cyclesAreErrorsAndDiamondsAreReadOnce() throws {
        let f = try SpecFixture([
            "a.yaml": "isomorph: 1\ninclude: [b.yaml]\n",
            "b.yaml": "isomorph: 1\ninclude: [a.yaml]\n",
            "c.yaml": "isomorph: 1\ninclude: [d.yaml]\n",
            "d.yaml": "isomorph: 1\nstages:\n  d: { uses: test.constant, with: { values: [1] } }\n",
        ])
        let cyclic = "isomorph: 1\ninclude: [a.yaml]\nstages:\n  x: { uses: test.constant, with: { values: [1] } }\n"
        #expect(f.errors(cyclic) == ["b.yaml:2:11: error: include cycle: a.yaml -> b.yaml -> a.yaml"])
        let selfInclude = "isomorph: 1\ninclude: [spec.yaml]\n"
        #expect(f.errors(selfInclude) == ["spec.yaml:2:11: error: include cycle: spec.yaml -> spec.yaml"])
        let diamond = "isomorph: 1\ninclude: [c.yaml, d.yaml]\n"
        let p = try f.load(diamond)
        #expect(p.graph.nodes.map(\.id.rawValue) == ["d"])
        #expect(p.includes.map(\.path) == ["c.yaml", "d.yaml"])
    }

    @Test func errorsInIncludedFilesNameThemRelativeToTheMainSpec() throws {
        let f = try SpecFixture([
            "shared/bad.yaml": "isomorph: 1\nstages:\n  b:\n    uses: test.constnt\n",
            "pipelines/.keep": "",
        ])
        let text = "isomorph: 1\ninclude: [../shared/bad.yaml, ../shared/missing.yaml]\n"
        let errors = try SpecFixture.errors(
            in: f, text, file: "pipelines/study.yaml", directory: f.directory.url.appendingPathComponent("pipelines"))
        #expect(
            errors == [
                "pipelines/study.yaml:2:31: error: cannot read included file '../shared/missing.yaml' (\(f.path("shared/missing.yaml"))): no such file",
                "shared/bad.yaml:4:11: error: stage 'b': unknown stage kind 'test.constnt' (see 'isomorph stages'). Did you mean 'test.constant'?",
            ])
    }
}

extension SpecFixture {
    /// The diagnostics of loading `text` as `file` from `directory`.
    static func errors(in fixture: SpecFixture, _ text: String, file: String, directory: URL) throws -> [String] {
        do {
            _ = try PipelineLoader.load(
                text: text, file: file, directory: directory, options: LoadOptions(), registry: TestStages.registry)
        } catch let error as SpecError {
            return error.diagnostics.map(\.description)
        }
        return []
    }
}

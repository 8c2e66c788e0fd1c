import Foundation
import IsomorphArrays
import IsomorphCore
import IsomorphTestSupport
import Testing

@testable import IsomorphEngine

@Suite("Pipeline state file")
struct PipelineStateTests {
    @Test func roundTripsAwkwardNamesAndFailures() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("state.tsv")
        let components = CacheKeyComponents(kind: "k", version: 1, parameters: .object(["s": .string("a\tb\\c\nd")]))
        var state = PipelineState(specPath: "/x/p\tq.yaml")
        state.nodes["rdm[features.6]"] = .init(
            key: SHA256Hasher.hash("k"),
            outputs: [
                "out": OutputRecord(digest: SHA256Hasher.hash("o"), bytes: 10),
                "features.6=a:b,c": OutputRecord(digest: SHA256Hasher.hash("p"), bytes: 11),
            ], run: "run1", components: components)
        state.nodes["weird\tname\\x"] = .init(
            key: nil, outputs: [:], run: "run2", failedKey: SHA256Hasher.hash("f"), failure: "line1\nline2",
            components: components)
        try AtomicFile.write(Array(state.text.utf8), to: path, temporaryDirectory: dir.url.path)
        let loaded = PipelineState.load(from: path, specPath: state.specPath)
        #expect(loaded.nodes == state.nodes)
        #expect(loaded.nodes["weird\tname\\x"]?.components == components)
    }

    @Test func missingOrForeignFilesAreEmpty() throws {
        let dir = try TemporaryDirectory()
        #expect(PipelineState.load(from: dir.path("none.tsv"), specPath: "/p").nodes.isEmpty)
        try "something else\n".write(toFile: dir.path("bad.tsv"), atomically: true, encoding: .utf8)
        #expect(PipelineState.load(from: dir.path("bad.tsv"), specPath: "/p").nodes.isEmpty)
    }
}

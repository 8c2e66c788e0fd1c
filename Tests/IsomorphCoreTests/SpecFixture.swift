import Foundation
import IsomorphCore
import IsomorphTestSupport
import Testing

/// A spec written to a fresh temporary directory (with any extra files it needs), loaded with
/// the test registry.
struct SpecFixture {
    let directory: TemporaryDirectory

    /// Writes `files` (relative path → contents) into a new temporary directory.
    init(_ files: [String: String] = [:]) throws {
        directory = try TemporaryDirectory(prefix: "spec")
        for (path, text) in files { try write(path, text) }
    }

    /// Writes one file, creating its directories.
    func write(_ path: String, _ text: String) throws {
        let url = directory.url.appendingPathComponent(path)
        try FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    /// Loads `text` as `name` in the fixture directory.
    func load(
        _ text: String, name: String = "spec.yaml", options: LoadOptions = LoadOptions(),
        registry: StageRegistry = TestStages.registry
    ) throws -> LoadedPipeline {
        try PipelineLoader.load(
            text: text, file: name, directory: directory.url, options: options, registry: registry)
    }

    /// The diagnostics loading `text` produces (fails the test if it loads).
    func errors(
        _ text: String, name: String = "spec.yaml", options: LoadOptions = LoadOptions(),
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) -> [String] {
        do {
            _ = try load(text, name: name, options: options)
            Issue.record("expected the spec to be rejected", sourceLocation: sourceLocation)
            return []
        } catch let error as SpecError {
            return error.diagnostics.map(\.description)
        } catch {
            Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
            return []
        }
    }

    /// The absolute path of `relative` inside the fixture.
    func path(_ relative: String) -> String { directory.url.appendingPathComponent(relative).standardizedFileURL.path }
}

/// Loads a spec that has no files besides itself.
func loadSpec(_ text: String, options: LoadOptions = LoadOptions()) throws -> LoadedPipeline {
    try SpecFixture().load(text, options: options)
}

/// The diagnostics of a spec that has no files besides itself.
func specErrors(
    _ text: String, options: LoadOptions = LoadOptions(), sourceLocation: Testing.SourceLocation = #_sourceLocation
) throws -> [String] {
    try SpecFixture().errors(text, options: options, sourceLocation: sourceLocation)
}

import Foundation
import IsomorphCLI
import IsomorphCore
import IsomorphTestSupport

/// The result of running `isomorph` in-process.
struct CLIResult {
    let status: Int32
    let output: String
    let errors: String
}

/// Runs `isomorph ARGS` in-process with the test stages (or `registry`) and captured output.
func runCLI(
    _ arguments: [String], registry: StageRegistry = TestStages.registry, variables: [String: String] = [:],
    colour: Bool = false
) async -> CLIResult {
    let out = CapturedOutput()
    let err = CapturedOutput()
    let environment = CommandEnvironment(
        registry: registry, output: out, errorOutput: err, usesColour: colour, variables: variables)
    let status = await CommandLineTool.run(arguments, in: environment)
    return CLIResult(status: status, output: out.text, errors: err.text)
}

/// A directory holding spec files for CLI tests.
struct SpecFiles {
    let directory: TemporaryDirectory

    init(_ files: [String: String]) throws {
        directory = try TemporaryDirectory(prefix: "cli")
        for (name, text) in files {
            let url = directory.url.appendingPathComponent(name)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
    }

    /// The absolute path of `name`.
    func path(_ name: String) -> String { directory.url.appendingPathComponent(name).standardizedFileURL.path }
}

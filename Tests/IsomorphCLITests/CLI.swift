import ArgumentParser
import Foundation
import IsomorphTestSupport
import Testing

@testable import IsomorphCLI

/// Runs `isomorph` commands in-process and collects what they print.
enum CLI {
    struct Result {
        var code: Int32
        var out: String
        var err: String
    }

    /// Runs `isomorph ARGS` in the current process (working directory unchanged).
    static func run(_ arguments: [String]) async -> Result {
        let out = CapturedOutput()
        let err = CapturedOutput()
        let environment = CommandEnvironment(
            registry: TestStages.registry, output: out, errorOutput: err,
            variables: ProcessInfo.processInfo.environment)
        let code = await CommandLineTool.run(arguments, in: environment)
        return Result(code: code, out: out.text, err: err.text)
    }

    /// The built `isomorph` executable (for end-to-end tests that need a real process).
    static var executable: String {
        Oracle.repositoryRoot.appendingPathComponent(".build/debug/isomorph").path
    }
}

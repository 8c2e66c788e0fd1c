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
        let code: Int32 = await CommandEnvironment.$current.withValue(environment) {
            do {
                var command = try IsomorphCommand.parseAsRoot(arguments)
                if var async = command as? any AsyncParsableCommand {
                    try await async.run()
                } else {
                    try command.run()
                }
                return 0
            } catch {
                let code = IsomorphCommand.exitCode(for: error).rawValue
                if code != 0 && !(error is ExitCode) {
                    err.write(IsomorphCommand.fullMessage(for: error) + "\n")
                }
                return code
            }
        }
        return Result(code: code, out: out.text, err: err.text)
    }

    /// The built `isomorph` executable (for end-to-end tests that need a real process).
    static var executable: String {
        Oracle.repositoryRoot.appendingPathComponent(".build/debug/isomorph").path
    }
}

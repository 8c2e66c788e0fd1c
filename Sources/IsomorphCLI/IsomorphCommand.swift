import ArgumentParser
import IsomorphCore

/// The `isomorph` root command.
public struct IsomorphCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "isomorph",
        abstract: "Declarative, cached pipelines comparing deep networks with brain recordings.",
        version: EngineVersion.current,
        subcommands: [
            PlanCommand.self, RunCommand.self, StatusCommand.self, ShowCommand.self, ExportCommand.self,
            GCCommand.self, VerifyCommand.self, InitCommand.self,
        ])

    /// Every built-in stage kind (what `IsomorphStages` registers).
    public static var builtinRegistry: StageRegistry { StageRegistry() }

    public init() {}
}

/// The entry point the `isomorph` executable calls: parses the arguments, runs the command, exits.
public enum CommandLineTool {
    /// Runs `isomorph` with the process arguments.
    public static func main() async { await IsomorphCommand.main() }

    /// Parses `arguments` (without the program name) and runs the command with `environment`.
    /// - Returns: The exit status.
    public static func run(_ arguments: [String], in environment: CommandEnvironment) async -> Int32 {
        await CommandEnvironment.$current.withValue(environment) {
            do {
                var command = try IsomorphCommand.parseAsRoot(arguments)
                if var command = command as? any AsyncParsableCommand {
                    try await command.run()
                } else {
                    try command.run()
                }
                return 0
            } catch {
                let code = IsomorphCommand.exitCode(for: error).rawValue
                if !(error is ExitCode) {
                    environment.errorOutput.write(IsomorphCommand.fullMessage(for: error) + "\n")
                }
                return code
            }
        }
    }
}

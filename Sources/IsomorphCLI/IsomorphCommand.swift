import ArgumentParser
import Foundation
import IsomorphCore
import IsomorphStages

/// The `isomorph` root command. Each subcommand is one line in ``configuration``.
public struct IsomorphCommand: AsyncParsableCommand {
    /// The command's name, help, version and subcommands (add a subcommand with one line).
    public static let configuration = CommandConfiguration(
        commandName: "isomorph",
        abstract: "Declarative, cached pipelines comparing deep networks with brain recordings.",
        discussion: """
            Exit status: 0 on success, 1 when a run fails, 64 when the spec or the command line \
            is invalid (every problem is printed as file:line:col with the offending line), 130 \
            when interrupted (Ctrl-C), 143 when terminated (SIGTERM).
            """,
        version: EngineVersion.current,
        subcommands: [
            ValidateCommand.self,
            StagesCommand.self,
            GraphCommand.self,
            SchemaCommand.self,
            PlanCommand.self,
            RunCommand.self,
            StatusCommand.self,
            ShowCommand.self,
            ExportCommand.self,
            GCCommand.self,
            VerifyCommand.self,
            InitCommand.self,
        ])

    /// Every built-in stage kind (what `IsomorphStages` registers).
    public static let builtinRegistry = BuiltinStages.registry

    /// Creates the command (argument-parser fills it in).
    public init() {}
}

/// Exit statuses of `isomorph`.
public enum ExitStatus {
    /// Success.
    public static let success: Int32 = 0
    /// A run failed (a stage failed, the cache could not be written...).
    public static let runFailure: Int32 = 1
    /// The spec or the command line is invalid (EX_USAGE).
    public static let usage: Int32 = 64
    /// A run was interrupted by SIGINT (Ctrl-C): 128 + 2.
    public static let interrupted: Int32 = 130
    /// A run was terminated by SIGTERM: 128 + 15.
    public static let terminated: Int32 = 143
}

/// The entry point the `isomorph` executable calls, and the in-process runner tests use.
public enum CommandLineTool {
    /// Runs `isomorph` with the process arguments and exits with its status.
    public static func main() async {
        let status = await run(Array(CommandLine.arguments.dropFirst()), in: .live)
        exit(status)
    }

    /// Parses `arguments` (without the program name), runs the command with `environment` as
    /// ``CommandEnvironment/current``, and renders any error through ``ErrorPresenter``.
    /// - Returns: The exit status (``ExitStatus``).
    public static func run(_ arguments: [String], in environment: CommandEnvironment) async -> Int32 {
        await CommandEnvironment.$current.withValue(environment) {
            do {
                var command = try IsomorphCommand.parseAsRoot(arguments)
                if var command = command as? any AsyncParsableCommand {
                    try await command.run()
                } else {
                    try command.run()
                }
                return ExitStatus.success
            } catch {
                return ErrorPresenter(environment: environment).report(error)
            }
        }
    }
}

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
            GCCommand.self, VerifyCommand.self,
        ])

    public init() {}
}

/// The entry point the `isomorph` executable calls: parses the arguments, runs the command, exits.
public enum CommandLineTool {
    /// Runs `isomorph` with the process arguments.
    public static func main() async { await IsomorphCommand.main() }
}

import Foundation
import IsomorphCore
import IsomorphStages

/// Where a command writes text: the terminal, or a buffer in tests.
public protocol TextOutput: Sendable {
    /// Writes `text` as is (callers add newlines).
    func write(_ text: String)
}

/// Standard output or standard error of the process.
public struct StandardStream: TextOutput {
    private let descriptor: Int32

    /// The process's standard output.
    public static let output = StandardStream(descriptor: STDOUT_FILENO)
    /// The process's standard error.
    public static let error = StandardStream(descriptor: STDERR_FILENO)

    /// Writes all of `text` to the descriptor.
    public func write(_ text: String) {
        var text = text
        text.withUTF8 { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if n <= 0 { break }
                offset += n
            }
        }
    }
}

/// Text captured in memory (for testing commands in-process).
public final class CapturedOutput: TextOutput, @unchecked Sendable {
    private let lock = NSLock()
    private var buffer = ""

    /// An empty buffer.
    public init() {}

    /// Appends `text`.
    public func write(_ text: String) { lock.withLock { buffer += text } }

    /// Everything written so far.
    public var text: String { lock.withLock { buffer } }
}

/// What commands read from and write to, injected so that every command runs in-process in
/// tests: the stage registry, the output streams, whether to use colour, and the environment
/// variables (`ISOMORPH_DATA_ROOT`).
///
/// Commands read ``current``; ``CommandLineTool/run(_:in:)`` sets it for one invocation.
public struct CommandEnvironment: Sendable {
    /// The stage kinds specs may use.
    public var registry: StageRegistry
    /// Results (`ok: ...`, graphs, schemas, JSON).
    public var output: any TextOutput
    /// Diagnostics, warnings and progress.
    public var errorOutput: any TextOutput
    /// Whether diagnostics may use ANSI colour (only on a terminal, and not with `NO_COLOR`).
    public var usesColour: Bool
    /// Environment variables.
    public var variables: [String: String]

    /// Creates an environment.
    public init(
        registry: StageRegistry, output: any TextOutput, errorOutput: any TextOutput, usesColour: Bool = false,
        variables: [String: String] = [:]
    ) {
        self.registry = registry
        self.output = output
        self.errorOutput = errorOutput
        self.usesColour = usesColour
        self.variables = variables
    }

    /// The real process: built-in stages, standard streams, colour on a terminal.
    public static var live: CommandEnvironment {
        let variables = ProcessInfo.processInfo.environment
        let colour = isatty(STDERR_FILENO) == 1 && variables["NO_COLOR"] == nil && variables["TERM"] != "dumb"
        return CommandEnvironment(
            registry: IsomorphCommand.builtinRegistry, output: StandardStream.output, errorOutput: StandardStream.error,
            usesColour: colour, variables: variables)
    }

    /// The environment of the running command.
    @TaskLocal public static var current: CommandEnvironment = .live
}

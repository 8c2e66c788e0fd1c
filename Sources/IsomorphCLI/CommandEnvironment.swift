import Foundation
import IsomorphCore
import IsomorphStages
import Synchronization

// TEMPORARY STAND-IN for the spec helper's `CommandEnvironment.swift` (branch `core-spec`),
// with the same API; replaced by theirs when it lands on main.

/// Where a command writes text: the terminal, or a buffer in tests.
public protocol TextOutput: Sendable {
    /// Writes `text` as is.
    func write(_ text: String)
}

/// Standard output or standard error of the process.
public struct StandardStream: TextOutput {
    private let descriptor: Int32
    public static let output = StandardStream(descriptor: STDOUT_FILENO)
    public static let error = StandardStream(descriptor: STDERR_FILENO)
    public func write(_ text: String) {
        FileHandle(fileDescriptor: descriptor, closeOnDealloc: false).write(Data(text.utf8))
    }
}

/// Text captured in memory (for testing commands in-process).
public final class CapturedOutput: TextOutput, Sendable {
    private let buffer = Mutex("")
    public init() {}
    public func write(_ text: String) { buffer.withLock { $0 += text } }
    /// Everything written so far.
    public var text: String { buffer.withLock { $0 } }
}

/// What commands read from and write to.
public struct CommandEnvironment: Sendable {
    public var registry: StageRegistry
    public var output: any TextOutput
    public var errorOutput: any TextOutput
    public var usesColour: Bool
    public var variables: [String: String]

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

    /// The real process.
    public static var live: CommandEnvironment {
        CommandEnvironment(
            registry: StageRegistry(), output: StandardStream.output, errorOutput: StandardStream.error,
            variables: ProcessInfo.processInfo.environment)
    }

    /// The environment of the running command.
    @TaskLocal public static var current: CommandEnvironment = .live
}

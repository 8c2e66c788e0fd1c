import ArgumentParser
import Foundation
import IsomorphArrays
import IsomorphCore

// TEMPORARY STAND-IN for the spec helper's `PipelineOptions.swift` (branch `core-spec`), with
// the same API; replaced by theirs when it lands on main.

/// Options every command that loads a pipeline shares.
public struct PipelineOptions: ParsableArguments {
    /// The spec file.
    @Argument(help: "The pipeline spec (a YAML file).")
    public var file: String

    /// `-p name=value` overrides.
    @Option(name: .customShort("p"), help: "Override a parameter declared under params: (repeatable).")
    public var parameters: [String] = []

    /// The data root.
    @Option(name: .customLong("data-root"), help: "What ${data_root} means in the spec.")
    public var dataRoot: String?

    /// Trust command stages from included files.
    @Flag(name: .customLong("trust"), help: "Run command stages from included spec files without asking.")
    public var trust = false

    public init() {}

    /// Loads the spec (not available until the loader lands).
    public func load(in environment: CommandEnvironment = .current) throws -> LoadedPipeline {
        throw ValidationError("the pipeline loader is not available in this build")
    }
}

/// The cache directory option shared by commands that use the store.
public struct CacheOptions: ParsableArguments {
    /// The cache directory.
    @Option(name: .customLong("cache"), help: ArgumentHelp("The cache directory.", valueName: "dir"))
    public var cache: String = "cache"

    public init() {}
}

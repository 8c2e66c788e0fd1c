import ArgumentParser
import Foundation
import IsomorphCore

// TEMPORARY: the spec helper (branch `core-spec`) owns `PipelineOptions` and the loader. This
// stand-in has the options the engine commands need; it is replaced by theirs on merge.

/// Options every pipeline command shares: parameter overrides, the data root, the cache, trust.
struct PipelineOptions: ParsableArguments {
    @Option(name: .customShort("p"), help: "Override a pipeline parameter: -p name=value (repeatable).")
    var parameters: [String] = []

    @Option(help: "What ${data_root} means in the spec (default: $ISOMORPH_DATA_ROOT).")
    var dataRoot: String?

    @Option(help: "The cache directory.")
    var cache: String = "cache"

    @Flag(help: "Allow command stages from included files to run programs.")
    var trust = false

    /// Loads and validates the pipeline in `file`.
    func load(_ file: String) throws -> LoadedPipeline {
        throw ValidationError("the pipeline loader is not available in this build")
    }
}

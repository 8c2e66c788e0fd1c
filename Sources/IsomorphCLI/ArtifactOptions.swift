import ArgumentParser
import Foundation
import IsomorphEngine

/// How `show` and `export` find an artifact: the cache, and the pipeline whose last run names
/// `STAGE.PORT` (optional when only one pipeline has run with the cache).
struct ArtifactOptions: ParsableArguments {
    @OptionGroup var cacheOptions: CacheOptions

    @Option(name: [.customShort("f"), .long], help: "The pipeline whose last run STAGE.PORT refers to.")
    var pipeline: String?

    /// The spec path as the engine names pipeline state (absolute, standardised).
    var specPath: String? {
        pipeline.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
    }
}

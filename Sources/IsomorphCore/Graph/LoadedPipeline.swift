import Foundation
import IsomorphArrays

/// How to load a pipeline: parameter overrides, the data root, and which command stages to trust.
public struct LoadOptions: Sendable {
    /// `-p name=value` overrides, by parameter name (values parsed as YAML scalars).
    public var parameterOverrides: [String: CanonicalValue]
    /// What `${data_root}` means (`--data-root`, else `$ISOMORPH_DATA_ROOT`); `nil` = unset, an
    /// error only if a spec uses it.
    public var dataRoot: String?
    /// Run command stages from included files without asking (`--trust`).
    public var trustIncludes: Bool
    /// Digests of included files the user has trusted before (recorded by `isomorph trust`).
    public var trustedDigests: Set<ContentDigest>

    public init(
        parameterOverrides: [String: CanonicalValue] = [:], dataRoot: String? = nil, trustIncludes: Bool = false,
        trustedDigests: Set<ContentDigest> = []
    ) {
        self.parameterOverrides = parameterOverrides
        self.dataRoot = dataRoot
        self.trustIncludes = trustIncludes
        self.trustedDigests = trustedDigests
    }
}

/// A loaded, validated and expanded pipeline: what `validate` checks, `plan` keys and `run` runs.
public struct LoadedPipeline: Sendable {
    /// The spec file as given on the command line.
    public var file: String
    /// The spec file's directory (relative paths in the spec resolve against it).
    public var directory: URL
    /// The pipeline's `name:` (defaults to the file name without extension).
    public var name: String
    /// Final parameter values (spec defaults with `-p` overrides applied), in declaration order.
    public var parameters: [(name: String, value: CanonicalValue)]
    /// Included files (path and content digest), in include order.
    public var includes: [(path: String, digest: ContentDigest)]
    /// The expanded graph.
    public var graph: Graph
    /// Non-fatal findings (unused data sources, deprecated spellings).
    public var warnings: [Diagnostic]

    public init(
        file: String, directory: URL, name: String, parameters: [(name: String, value: CanonicalValue)],
        includes: [(path: String, digest: ContentDigest)], graph: Graph, warnings: [Diagnostic] = []
    ) {
        self.file = file
        self.directory = directory
        self.name = name
        self.parameters = parameters
        self.includes = includes
        self.graph = graph
        self.warnings = warnings
    }
}

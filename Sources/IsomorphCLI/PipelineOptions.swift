import ArgumentParser
import Foundation
import IsomorphArrays
import IsomorphCore

/// Options every command that loads a pipeline shares: the spec file, `-p name=value`,
/// `--data-root` and `--trust`. Use with `@OptionGroup var pipeline: PipelineOptions`.
public struct PipelineOptions: ParsableArguments {
    /// The spec file.
    @Argument(help: "The pipeline spec (a YAML file).")
    public var file: String

    /// `-p name=value` overrides.
    @Option(
        name: .customShort("p"),
        help: ArgumentHelp("Override a parameter declared under params: (repeatable).", valueName: "name=value"))
    /// The raw `name=value` texts.
    public var parameters: [String] = []

    /// The data root.
    @Option(
        name: .customLong("data-root"),
        help: ArgumentHelp("What ${data_root} means in the spec (default: $ISOMORPH_DATA_ROOT).", valueName: "dir"))
    /// The `--data-root` directory, if given.
    public var dataRoot: String?

    /// Trust command stages from included files.
    @Flag(name: .customLong("trust"), help: "Run command stages from included spec files without asking.")
    public var trust = false

    /// Options with their defaults (argument-parser fills them in).
    public init() {}

    /// The load options these flags describe.
    /// - Parameters:
    ///   - environment: Where `ISOMORPH_DATA_ROOT` is looked up.
    ///   - trustedDigests: Digests of included files trusted before.
    /// - Throws: `ValidationError` for a malformed `-p`.
    public func loadOptions(
        in environment: CommandEnvironment, trustedDigests: Set<ContentDigest> = []
    ) throws -> LoadOptions {
        var overrides = [String: CanonicalValue]()
        for assignment in parameters {
            let (name, value) = try Self.parseAssignment(assignment)
            overrides[name] = value
        }
        var root = dataRoot ?? environment.variables["ISOMORPH_DATA_ROOT"].flatMap { $0.isEmpty ? nil : $0 }
        if let r = root { root = URL(fileURLWithPath: r).standardizedFileURL.path }
        return LoadOptions(
            parameterOverrides: overrides, dataRoot: root, trustIncludes: trust, trustedDigests: trustedDigests)
    }

    /// Loads the spec with these options and the environment's registry.
    /// - Throws: ``SpecError`` with every problem in the spec; `ValidationError` for bad flags.
    public func load(in environment: CommandEnvironment = .current) throws -> LoadedPipeline {
        try PipelineLoader.load(
            file: file, options: loadOptions(in: environment), registry: environment.registry)
    }

    /// Splits `name=value`; the value is read as YAML (`8` is a number, `[1, 10]` a list,
    /// `conv1` text; quote to force text: `name='8'`).
    /// - Throws: `ValidationError` if there is no `=` or no name.
    public static func parseAssignment(_ text: String) throws -> (String, CanonicalValue) {
        guard let eq = text.firstIndex(of: "="), eq != text.startIndex else {
            throw ValidationError("-p expects name=value, got '\(text)'")
        }
        let name = String(text[..<eq])
        let raw = String(text[text.index(after: eq)...])
        if raw.isEmpty { return (name, .string("")) }
        guard let node = try? YAMLReader.parse(raw, file: "-p") else { return (name, .string(raw)) }
        if case .null = node.value, raw != "null", raw != "~" { return (name, .string(raw)) }
        return (name, node.plain)
    }
}

/// The cache directory option shared by commands that use the store.
public struct CacheOptions: ParsableArguments {
    /// The cache directory.
    @Option(name: .customLong("cache"), help: ArgumentHelp("The cache directory.", valueName: "dir"))
    public var cache: String = "cache"

    /// Options with their defaults (argument-parser fills them in).
    public init() {}
}

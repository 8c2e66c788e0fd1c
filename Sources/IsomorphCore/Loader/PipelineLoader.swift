import Foundation

/// Loads a pipeline spec: YAML → validated declarations → matrix expansion → input bindings →
/// a checked, topologically sorted ``Graph``.
///
/// Loading is pure apart from reading the spec, the files it includes and checking that its
/// `code:` files exist (hashing files is the engine's job; the loader only resolves paths).
/// Every problem found is reported at once, as one ``SpecError`` whose diagnostics each name
/// `file:line:col`, the stage, the offending value and, where one makes sense, a replacement
/// ("Did you mean 'factor'?"). The format is documented in `docs/spec.md`.
///
/// ## Binding fanned-out stages
/// When a stage reads a stage with a `matrix:` (its *producer*), each instance of the reading
/// stage (the *consumer*) is bound by comparing matrix keys:
/// - if the consumer's matrix keys include all of the producer's keys, the consumer instance
///   reads the single producer instance whose values on those keys equal its own
///   (`rdm[layer=conv1]` reads `activations[layer=conv1]`);
/// - otherwise the consumer reads a *collection*: every producer instance whose values on the
///   keys they share match the consumer's (none shared: all of them), in the producer's matrix
///   order, each labelled with its matrix values. This is fan-in over the keys the consumer
///   does not have.
///
/// A collection bound to a port that takes one artifact is an error unless it has exactly one
/// item (it is then bound as that item); a single artifact bound to a collection port becomes
/// a collection of one.
public enum PipelineLoader {
    /// Loads the spec file at `file`.
    /// - Parameters:
    ///   - file: The spec's path, as the user gave it (used in messages); relative paths
    ///     resolve against the current directory.
    ///   - options: Parameter overrides, the data root, trust settings.
    ///   - registry: The stage kinds `uses:` may name.
    /// - Returns: The validated, expanded pipeline.
    /// - Throws: ``SpecError`` with every problem found.
    public static func load(file: String, options: LoadOptions, registry: StageRegistry) throws -> LoadedPipeline {
        let url = URL(fileURLWithPath: file).standardizedFileURL
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw SpecError(Diagnostic(at: SourceLocation(file: file), "cannot read the spec file: \(describe(error))"))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw SpecError(Diagnostic(at: SourceLocation(file: file), "the spec file is not valid UTF-8"))
        }
        return try load(
            text: text, file: file, directory: url.deletingLastPathComponent(), options: options, registry: registry)
    }

    /// Loads a spec given as text.
    /// - Parameters:
    ///   - text: The YAML source of the main spec.
    ///   - file: The name used in messages (and whose stem is the default pipeline name).
    ///   - directory: The directory relative paths (includes, data, code) resolve against.
    ///   - options: Parameter overrides, the data root, trust settings.
    ///   - registry: The stage kinds `uses:` may name.
    /// - Returns: The validated, expanded pipeline.
    /// - Throws: ``SpecError`` with every problem found.
    public static func load(
        text: String, file: String, directory: URL, options: LoadOptions, registry: StageRegistry
    ) throws -> LoadedPipeline {
        let builder = PipelineBuilder(
            file: file, directory: directory.standardizedFileURL, options: options, registry: registry)
        return try builder.build(mainText: text)
    }

    /// A short description of a file-system error (the POSIX reason when there is one).
    static func describe(_ error: any Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain,
            let code = POSIXErrorCode(rawValue: Int32(underlying.code))
        {
            return String(cString: strerror(code.rawValue)).lowercased()
        }
        if ns.domain == NSCocoaErrorDomain, ns.code == NSFileReadNoSuchFileError { return "no such file" }
        return ns.localizedDescription
    }
}

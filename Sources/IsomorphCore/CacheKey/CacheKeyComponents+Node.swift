import IsomorphArrays

extension CacheKeyComponents {
    /// A digest the key of a node needs but was not given.
    public struct MissingDigest: Error, Sendable, CustomStringConvertible {
        /// The node whose key was being built.
        public var node: NodeID
        /// What is missing: `input x.out`, `file /abs/path`.
        public var what: String

        public var description: String { "cannot key node '\(node)': no digest for \(what)" }
    }

    /// The key components of one node of the graph.
    ///
    /// - Built-in stage: its kind and version, the parameters that affect results with defaults
    ///   filled in (``AnyStage/keyParameters``), the digests of its inputs, and its seed if the
    ///   kind is stochastic.
    /// - Command: kind `command`, version 1, the argv template (``CommandAction/argvTemplate``),
    ///   the digests of its `code:` files by the path written in the spec, its environment and
    ///   the digests of its inputs.
    /// - Data import: kind `data`, version 1, the file's digest, format, variable, axes and
    ///   labels (inline values, or a label file's digest).
    ///
    /// - Parameters:
    ///   - node: The node.
    ///   - inputDigests: The content digest of every output the node reads.
    ///   - fileDigests: SHA-256 of the bytes of the files the node depends on, by absolute
    ///     path: `code:` files of a command; the data file and label files of a data import.
    /// - Throws: ``MissingDigest`` if a needed digest is not in the maps.
    public init(
        node: GraphNode, inputDigests: [OutputRef: ContentDigest], fileDigests: [String: ContentDigest] = [:]
    ) throws {
        var inputs = [String: [ContentDigest]]()
        for (port, binding) in node.inputs {
            inputs[port] = try binding.refs.map { ref in
                guard let d = inputDigests[ref] else { throw MissingDigest(node: node.id, what: "input \(ref)") }
                return d
            }
        }
        func file(_ path: String) throws -> ContentDigest {
            guard let d = fileDigests[path] else { throw MissingDigest(node: node.id, what: "file \(path)") }
            return d
        }
        switch node.action {
        case .builtin(let stage):
            self.init(
                kind: stage.kind, version: stage.version, parameters: stage.keyParameters, inputs: inputs,
                seed: stage.isStochastic ? node.seed : nil)
        case .command(let command):
            var code = [String: ContentDigest]()
            for (path, absolute) in zip(command.codePaths, command.codeFiles) { code[path] = try file(absolute) }
            self.init(
                kind: "command", version: 1, inputs: inputs,
                command: Command(argv: command.argvTemplate, code: code, environment: command.environment))
        case .data(let source):
            var coordinates = [String: CanonicalValue]()
            for (axis, labels) in source.coordinates {
                switch labels {
                case .inline(let values): coordinates[axis] = .array(values)
                case .file(let path): coordinates[axis] = .string(try file(path).hex)
                }
            }
            self.init(
                kind: "data", version: 1, inputs: inputs,
                dataImport: DataImport(
                    file: try file(source.path), format: source.format.rawValue, variable: source.variable,
                    axes: source.axes, coordinates: coordinates))
        }
    }
}

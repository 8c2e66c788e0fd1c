import IsomorphArrays

/// Every ingredient of a node's cache key, in one versioned record (DESIGN.md "Artifacts and
/// the cache"; the swift-build `BuildDescriptionSignatureComponents` idea).
///
/// The key is SHA-256 over ``canonicalText``: the record as a ``CanonicalValue`` (sorted keys,
/// typed numbers, no whitespace). Inputs enter by the *content digests* of the upstream outputs,
/// not by upstream keys, so a rerun upstream stage that reproduces its output does not
/// invalidate its dependents (early cutoff). Golden tests pin the text and the key: changing
/// either means bumping ``currentFormat``.
public struct CacheKeyComponents: Sendable, Hashable, Codable {
    /// The key-format version; bump on any change to what enters the key or how.
    public static let currentFormat = "isomorph-cachekey-1"

    /// The ingredients of an external command.
    public struct Command: Sendable, Hashable, Codable {
        /// The argv template (paths as `${in.x}`/`${out.y}` placeholders, never concrete paths).
        public var argv: [String]
        /// `code:` files by the path written in the spec → SHA-256 of their bytes.
        public var code: [String: ContentDigest]
        /// Declared environment variables.
        public var environment: [String: String]

        public init(argv: [String], code: [String: ContentDigest], environment: [String: String]) {
            self.argv = argv
            self.code = code
            self.environment = environment
        }
    }

    /// The ingredients of a data import.
    public struct DataImport: Sendable, Hashable, Codable {
        /// SHA-256 of the file's bytes.
        public var file: ContentDigest
        public var format: String
        public var variable: String?
        public var axes: [String]?
        /// Axis → labels (inline values, or the digest of a label file as a string).
        public var coordinates: [String: CanonicalValue]

        public init(
            file: ContentDigest, format: String, variable: String?, axes: [String]?,
            coordinates: [String: CanonicalValue]
        ) {
            self.file = file
            self.format = format
            self.variable = variable
            self.axes = axes
            self.coordinates = coordinates
        }
    }

    public var format: String
    /// The stage kind (`pca`, `command`, `data`).
    public var kind: String
    /// The implementation version of the kind (``Stage/version``; 1 for commands and data).
    public var version: Int
    /// Parameters that affect results, defaults filled in (``AnyStage/keyParameters``).
    public var parameters: CanonicalValue
    /// Input port → digests of the artifacts bound to it, in binding order.
    public var inputs: [String: [ContentDigest]]
    /// The seed, for stochastic stages only.
    public var seed: UInt64?
    public var command: Command?
    public var dataImport: DataImport?

    public init(
        kind: String, version: Int, parameters: CanonicalValue = .object([:]), inputs: [String: [ContentDigest]] = [:],
        seed: UInt64? = nil, command: Command? = nil, dataImport: DataImport? = nil,
        format: String = CacheKeyComponents.currentFormat
    ) {
        self.format = format
        self.kind = kind
        self.version = version
        self.parameters = parameters
        self.inputs = inputs
        self.seed = seed
        self.command = command
        self.dataImport = dataImport
    }

    /// The record as a canonical value (absent optionals are omitted).
    public var canonicalValue: CanonicalValue {
        var o: [String: CanonicalValue] = [
            "format": .string(format),
            "kind": .string(kind),
            "version": .int(version),
            "parameters": parameters,
            "inputs": .object(inputs.mapValues { .array($0.map { .string($0.hex) }) }),
        ]
        if let seed { o["seed"] = .string(String(seed)) }
        if let command {
            o["command"] = .object([
                "argv": .array(command.argv.map(CanonicalValue.string)),
                "code": .object(command.code.mapValues { .string($0.hex) }),
                "environment": .object(command.environment.mapValues(CanonicalValue.string)),
            ])
        }
        if let d = dataImport {
            var data: [String: CanonicalValue] = [
                "file": .string(d.file.hex), "format": .string(d.format),
                "coordinates": .object(d.coordinates),
            ]
            if let v = d.variable { data["variable"] = .string(v) }
            if let a = d.axes { data["axes"] = .array(a.map(CanonicalValue.string)) }
            o["data"] = .object(data)
        }
        return .object(o)
    }

    /// The canonical text that is hashed.
    public var canonicalText: String { canonicalValue.canonicalText }

    /// The cache key: SHA-256 of ``canonicalText``.
    public var key: ContentDigest { SHA256Hasher.hash(canonicalText) }
}

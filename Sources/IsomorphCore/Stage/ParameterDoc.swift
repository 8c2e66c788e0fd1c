/// The documented schema of one stage parameter: its type, default, meaning, and whether it
/// affects results.
///
/// A stage's ``Stage/parameterDocs`` are the single source of truth for a parameter: the loader
/// validates `with:` against them (unknown names, wrong types, values outside a choice) before
/// decoding, fills in defaults, `isomorph stages` prints them, `schemas/pipeline.schema.json` is
/// generated from them, and parameters with `affectsResult: false` (thread counts, batch sizes)
/// are left out of the cache key.
public struct ParameterDoc: Sendable, Hashable {
    public var name: String
    public var type: ParameterType
    /// The value used when the spec does not give one; `nil` means required (or optional, if
    /// ``isOptional``).
    public var defaultValue: CanonicalValue?
    /// Whether the parameter may be omitted without a default.
    public var isOptional: Bool
    /// One sentence, shown by `isomorph stages` and in the JSON Schema.
    public var summary: String
    /// `false` for settings that change speed or memory but never results; they stay out of the cache key.
    public var affectsResult: Bool

    public init(
        _ name: String, _ type: ParameterType, default defaultValue: CanonicalValue? = nil,
        optional: Bool = false, affectsResult: Bool = true, _ summary: String
    ) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.isOptional = optional
        self.summary = summary
        self.affectsResult = affectsResult
    }

    /// Whether the spec must give the parameter.
    public var isRequired: Bool { defaultValue == nil && !isOptional }
}

/// The type of a stage parameter.
public indirect enum ParameterType: Sendable, Hashable, CustomStringConvertible {
    case bool
    /// An integer, optionally bounded (inclusive).
    case int(min: Int? = nil, max: Int? = nil)
    /// A number, optionally bounded (inclusive).
    case number(min: Double? = nil, max: Double? = nil)
    case string
    /// One of a fixed set of strings.
    case choice([String])
    case list(ParameterType)
    /// A mapping with documented fields.
    case object([ParameterDoc])
    /// A mapping from free-form names to values of one type.
    case map(ParameterType)
    /// Either of two types (e.g. a number or a list of numbers).
    case either(ParameterType, ParameterType)
    /// A path to a file, resolved relative to the spec file; its content enters the cache key.
    case file

    public static let int = ParameterType.int()
    public static let number = ParameterType.number()

    public var description: String {
        switch self {
        case .bool: return "boolean"
        case .int(let lo, let hi): return "integer" + ParameterType.range(lo.map(Double.init), hi.map(Double.init))
        case .number(let lo, let hi): return "number" + ParameterType.range(lo, hi)
        case .string: return "string"
        case .choice(let options): return "one of " + options.joined(separator: ", ")
        case .list(let t): return "list of \(t)"
        case .object: return "mapping"
        case .map(let t): return "mapping of names to \(t)"
        case .either(let a, let b): return "\(a) or \(b)"
        case .file: return "file path"
        }
    }

    private static func range(_ lo: Double?, _ hi: Double?) -> String {
        func f(_ d: Double) -> String { d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : "\(d)" }
        switch (lo, hi) {
        case (nil, nil): return ""
        case (let lo?, nil): return " ≥ \(f(lo))"
        case (nil, let hi?): return " ≤ \(f(hi))"
        case (let lo?, let hi?): return " in [\(f(lo)), \(f(hi))]"
        }
    }
}

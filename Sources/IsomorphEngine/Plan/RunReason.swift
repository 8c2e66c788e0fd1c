import IsomorphArrays
import IsomorphCore

/// Why a node will run, as `isomorph plan` prints it.
public enum RunReason: Sendable, Hashable, CustomStringConvertible {
    /// The pipeline has never produced this node.
    case newStage
    /// A parameter that affects results has a new value (`nil`: added or removed).
    case parameterChanged(name: String, old: CanonicalValue?, new: CanonicalValue?)
    /// An input artifact has different content (or the port was connected differently).
    case inputChanged(port: String)
    /// A `code:` file of a command stage has different bytes.
    case codeChanged(path: String)
    /// The argv template of a command stage changed.
    case commandChanged
    /// A declared environment variable of a command stage changed.
    case environmentChanged(name: String)
    /// A data file has different bytes.
    case dataFileChanged(path: String)
    /// How a data file is read changed (`format`, `variable`, `axes` or `coordinates`).
    case dataImportChanged(field: String)
    /// The seed of a stochastic stage changed.
    case seedChanged(old: UInt64?, new: UInt64?)
    /// The stage's implementation version changed.
    case versionChanged(kind: String, old: Int, new: Int)
    /// The node now runs a different kind of stage.
    case kindChanged(old: String, new: String)
    /// The engine's cache-key format changed.
    case keyFormatChanged
    /// An upstream node runs first, so this node's key is not known yet; it may turn out cached.
    case upstreamWillRun(NodeID)
    /// `--force`.
    case forced
    /// The result was cached but an output object is missing or damaged.
    case outputMissing(port: String, corrupt: Bool)
    /// The last attempt with this very key failed.
    case failedLastRun
    /// The previous result was removed from the cache (by `gc`, or by hand).
    case removedFromCache
    /// The key changed for a reason the components do not show (should not happen).
    case keyChanged

    public var description: String {
        switch self {
        case .newStage: return "new stage"
        case .parameterChanged(let name, let old?, let new?):
            return "parameter '\(name)' changed \(RunReason.display(old)) → \(RunReason.display(new))"
        case .parameterChanged(let name, nil, let new?): return "parameter '\(name)' added (\(RunReason.display(new)))"
        case .parameterChanged(let name, let old?, nil):
            return "parameter '\(name)' removed (was \(RunReason.display(old)))"
        case .parameterChanged(let name, nil, nil): return "parameter '\(name)' changed"
        case .inputChanged(let port): return "input '\(port)' changed"
        case .codeChanged(let path): return "code '\(path)' changed"
        case .commandChanged: return "command line changed"
        case .environmentChanged(let name): return "environment variable '\(name)' changed"
        case .dataFileChanged(let path): return "file '\(path)' changed"
        case .dataImportChanged(let field): return "'\(field)' changed"
        case .seedChanged(let old, let new):
            return "seed changed \(old.map(String.init) ?? "none") → \(new.map(String.init) ?? "none")"
        case .versionChanged(let kind, let old, let new): return "\(kind) version changed \(old) → \(new)"
        case .kindChanged(let old, let new): return "stage kind changed \(old) → \(new)"
        case .keyFormatChanged: return "cache-key format changed"
        case .upstreamWillRun(let node): return "upstream '\(node)' will run"
        case .forced: return "forced"
        case .outputMissing(let port, let corrupt): return "output '\(port)' \(corrupt ? "corrupt" : "missing")"
        case .failedLastRun: return "failed in the last run"
        case .removedFromCache: return "result removed from the cache"
        case .keyChanged: return "cache key changed"
        }
    }

    /// A value as the spec would write it: `10` for the number 10.0, strings unquoted at top level.
    static func display(_ value: CanonicalValue) -> String {
        switch value {
        case .double(let d) where d == d.rounded() && abs(d) < 1e15: return String(Int(d))
        case .array(let items): return "[" + items.map(display).joined(separator: ", ") + "]"
        default: return value.compactText
        }
    }
}

/// Compares two sets of key components and says, in the user's terms, what changed.
///
/// (An internal stand-in until `CacheKeyComponents.differences(from:)` lands in IsomorphCore.)
enum KeyDifferences {
    /// What changed from `old` to `new`; empty if nothing did.
    /// - Parameter dataPath: The data file's path as declared, for ``RunReason/dataFileChanged(path:)``.
    static func between(_ old: CacheKeyComponents, _ new: CacheKeyComponents, dataPath: String? = nil) -> [RunReason] {
        var reasons = [RunReason]()
        if old.format != new.format { reasons.append(.keyFormatChanged) }
        if old.kind != new.kind {
            reasons.append(.kindChanged(old: old.kind, new: new.kind))
            return reasons
        }
        if old.version != new.version {
            reasons.append(.versionChanged(kind: new.kind, old: old.version, new: new.version))
        }
        parameterDifferences(old.parameters, new.parameters, path: "", into: &reasons)
        for port in Set(old.inputs.keys).union(new.inputs.keys).sorted() where old.inputs[port] != new.inputs[port] {
            reasons.append(.inputChanged(port: port))
        }
        if old.seed != new.seed { reasons.append(.seedChanged(old: old.seed, new: new.seed)) }
        if old.command != new.command {
            let a = old.command ?? .init(argv: [], code: [:], environment: [:])
            let b = new.command ?? .init(argv: [], code: [:], environment: [:])
            if a.argv != b.argv { reasons.append(.commandChanged) }
            for path in Set(a.code.keys).union(b.code.keys).sorted() where a.code[path] != b.code[path] {
                reasons.append(.codeChanged(path: path))
            }
            for name in Set(a.environment.keys).union(b.environment.keys).sorted()
            where a.environment[name] != b.environment[name] {
                reasons.append(.environmentChanged(name: name))
            }
        }
        if let a = old.dataImport, let b = new.dataImport {
            if a.file != b.file { reasons.append(.dataFileChanged(path: dataPath ?? "data")) }
            if a.format != b.format { reasons.append(.dataImportChanged(field: "format")) }
            if a.variable != b.variable { reasons.append(.dataImportChanged(field: "variable")) }
            if a.axes != b.axes { reasons.append(.dataImportChanged(field: "axes")) }
            if a.coordinates != b.coordinates { reasons.append(.dataImportChanged(field: "coords")) }
        } else if old.dataImport != new.dataImport {
            reasons.append(.dataFileChanged(path: dataPath ?? "data"))
        }
        return reasons
    }

    private static func parameterDifferences(
        _ old: CanonicalValue?, _ new: CanonicalValue?, path: String, into reasons: inout [RunReason]
    ) {
        guard old != new else { return }
        if case .object(let a)? = old, case .object(let b)? = new {
            for key in Set(a.keys).union(b.keys).sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
                parameterDifferences(a[key], b[key], path: path.isEmpty ? key : "\(path).\(key)", into: &reasons)
            }
            return
        }
        reasons.append(.parameterChanged(name: path.isEmpty ? "with" : path, old: old, new: new))
    }
}

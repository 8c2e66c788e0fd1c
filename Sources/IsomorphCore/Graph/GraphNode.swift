import Foundation
import IsomorphArrays

/// One node of the expanded pipeline graph: a data source to import, a configured built-in
/// stage, or an external command; with its input bindings, outputs, resources and seed.
///
/// Nodes are plain values built by the loader (``PipelineLoader``) and consumed by the engine:
/// planning and cache keys need nothing but these values and the digests of upstream outputs.
public struct GraphNode: Sendable {
    /// What running the node means.
    public enum Action: Sendable {
        /// Import a file from outside the cache (`data:`); its single output port is `data`.
        case data(DataSource)
        /// Run a built-in stage.
        case builtin(AnyStage)
        /// Run an external program.
        case command(CommandAction)
    }

    /// The node's name (`rdm[features.6]`, `data.stimuli`).
    public var id: NodeID
    /// The stage (or data source) name this node comes from (`rdm`, `data.stimuli`).
    public var stage: String
    /// The matrix values of this instance (empty if the stage is not fanned out).
    public var matrix: MatrixAssignment
    /// Where the stage (or data source) is declared.
    public var location: SourceLocation
    /// What running the node means.
    public var action: Action
    /// Input port name → what it reads. Ports not connected are absent.
    public var inputs: [String: InputBinding]
    /// Output port names, in declaration order.
    public var outputs: [String]
    /// What the node asks of the machine or cluster.
    public var resources: Resources
    /// The seed for this node's stochastic steps (recorded; in the key of stochastic stages).
    public var seed: UInt64

    /// A node; see the properties.
    public init(
        id: NodeID, stage: String, matrix: MatrixAssignment = MatrixAssignment(), location: SourceLocation,
        action: Action, inputs: [String: InputBinding] = [:], outputs: [String], resources: Resources = Resources(),
        seed: UInt64 = 0
    ) {
        self.id = id
        self.stage = stage
        self.matrix = matrix
        self.location = location
        self.action = action
        self.inputs = inputs
        self.outputs = outputs
        self.resources = resources
        self.seed = seed
    }

    /// The nodes this node reads from, deduplicated, in port then collection order.
    public var dependencies: [NodeID] {
        var seen = Set<NodeID>()
        var result = [NodeID]()
        for port in inputs.keys.sorted() {
            for ref in inputs[port]!.refs where seen.insert(ref.node).inserted { result.append(ref.node) }
        }
        return result
    }

    /// The kind shown to users: the built-in kind, `command`, or `data`.
    public var kindName: String {
        switch action {
        case .data: return "data"
        case .builtin(let s): return s.kind
        case .command: return "command"
        }
    }
}

/// Resources a node declares (`resources:`); the Slurm executor turns them into `sbatch`
/// options, the local executor uses ``cpus`` for the thread budget.
public struct Resources: Sendable, Hashable, Codable {
    /// CPU cores (and BLAS threads) the node may use; `nil` means the executor's share.
    public var cpus: Int?
    /// Memory in bytes (`16G` in the spec).
    public var memoryBytes: Int64?
    /// GPUs.
    public var gpus: Int?
    /// Wall-clock limit in seconds (`2h`, `30m`, `90s` in the spec); also the local timeout.
    public var timeSeconds: Int?
    /// A Slurm partition, overriding the profile's.
    public var partition: String?

    /// Resources; `nil` fields mean the executor's default.
    public init(
        cpus: Int? = nil, memoryBytes: Int64? = nil, gpus: Int? = nil, timeSeconds: Int? = nil,
        partition: String? = nil
    ) {
        self.cpus = cpus
        self.memoryBytes = memoryBytes
        self.gpus = gpus
        self.timeSeconds = timeSeconds
        self.partition = partition
    }
}

/// A file from outside the cache that a pipeline reads (`data:`), with how to interpret it.
///
/// The engine imports it into the store as an artifact: one data variable named after the
/// source (or the variables of an HDF5/netCDF file), with the declared axis names and labels.
public struct DataSource: Sendable, Hashable {
    /// The file format, from the extension unless `format:` says otherwise.
    public enum Format: String, Sendable, Hashable, Codable, CaseIterable {
        case npy, npz, csv, hdf5, mat
    }

    /// The source name (`stimuli` for `data.stimuli`).
    public var name: String
    /// The absolute path after `${data_root}` interpolation.
    public var path: String
    /// The path as written in the spec (for messages).
    public var declaredPath: String
    /// How to read the file.
    public var format: Format
    /// The variable to read inside an `.npz`, HDF5 or `.mat` file (`variable:`); `nil` = the only one.
    public var variable: String?
    /// Axis names, outermost first (`axes:`); `nil` = `dim_0`, `dim_1`, ...
    public var axes: [String]?
    /// Labels per axis (`coords:`): inline lists or paths to label files, resolved to values.
    public var coordinates: [String: CoordinateSource]
    /// Where the source is declared.
    public var location: SourceLocation

    /// A data source; see the properties.
    public init(
        name: String, path: String, declaredPath: String, format: Format, variable: String? = nil,
        axes: [String]? = nil, coordinates: [String: CoordinateSource] = [:], location: SourceLocation
    ) {
        self.name = name
        self.path = path
        self.declaredPath = declaredPath
        self.format = format
        self.variable = variable
        self.axes = axes
        self.coordinates = coordinates
        self.location = location
    }

    /// Where the labels of one axis come from.
    public enum CoordinateSource: Sendable, Hashable {
        /// Labels written in the spec.
        case inline([CanonicalValue])
        /// A text file with one label per line, or an `.npy` of labels (absolute path).
        case file(String)
    }
}

/// An external program run as a stage (`run:`), never through a shell.
public struct CommandAction: Sendable, Hashable {
    /// One argument of the command line, before the engine fills in paths.
    public enum Argument: Sendable, Hashable, Codable {
        /// Literal text (parameters and matrix values already interpolated).
        case literal(String)
        /// The path of an input artifact (`${in.images}`); collections expand to one argument per item.
        case input(String)
        /// The path the program must write output `port` to (`${out.latents}`).
        case output(String)
        /// A scratch directory for the run (`${scratch}`).
        case scratch
        /// Text mixing literals and paths (`--out=${out.latents}`), parts in order.
        case concatenation([Argument])
    }

    /// The command line; the first argument is the program (looked up on `PATH` if not a path).
    public var argv: [Argument]
    /// The `code:` files (absolute paths) whose content enters the cache key.
    public var codeFiles: [String]
    /// The `code:` files as written in the spec (after interpolation), parallel to
    /// ``codeFiles``: the cache key names code files by these, so that moving a checkout does
    /// not change keys.
    public var codePaths: [String]
    /// Environment variables given to the program (`env:`); they enter the cache key.
    public var environment: [String: String]
    /// The working directory (the spec file's directory).
    public var workingDirectory: String
    /// Whether the pipeline that declares this command has been trusted to run programs
    /// (commands from an `include:` need `--trust` or a recorded digest).
    public var isTrusted: Bool

    /// Creates a command.
    /// - Parameters:
    ///   - argv: The command line.
    ///   - codeFiles: Absolute paths of the `code:` files.
    ///   - codePaths: The same files as written in the spec; `nil` means the same as `codeFiles`.
    ///   - environment: Declared environment variables.
    ///   - workingDirectory: The directory the program runs in.
    ///   - isTrusted: Whether the command may run without `--trust`.
    public init(
        argv: [Argument], codeFiles: [String] = [], codePaths: [String]? = nil, environment: [String: String] = [:],
        workingDirectory: String, isTrusted: Bool = true
    ) {
        precondition(codePaths == nil || codePaths!.count == codeFiles.count, "codePaths must parallel codeFiles")
        self.argv = argv
        self.codeFiles = codeFiles
        self.codePaths = codePaths ?? codeFiles
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.isTrusted = isTrusted
    }
}

extension CommandAction.Argument {
    /// The argument as a template, the form that enters the cache key: literal text with `${`
    /// escaped as `$${`, and `${in.PORT}`, `${out.PORT}`, `${scratch}` for the paths the engine
    /// fills in (`--out=${out.latents}`).
    public var template: String {
        switch self {
        case .literal(let text): return text.replacingOccurrences(of: "${", with: "$${")
        case .input(let port): return "${in.\(port)}"
        case .output(let port): return "${out.\(port)}"
        case .scratch: return "${scratch}"
        case .concatenation(let parts): return parts.map(\.template).joined()
        }
    }
}

extension CommandAction {
    /// The command line as templates (``Argument/template``), as the cache key records it.
    public var argvTemplate: [String] { argv.map(\.template) }
}

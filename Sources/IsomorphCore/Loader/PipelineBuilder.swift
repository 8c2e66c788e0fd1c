import Foundation
import IsomorphArrays

/// The state of one ``PipelineLoader`` call. Each phase lives in its own extension file
/// (`PipelineBuilder+Sources.swift`, `+Parameters`, `+Data`, `+Stages`, `+Matrix`,
/// `+Instances`, `+Inputs`, `+Order`); every phase records problems in ``log`` and carries on, so
/// that one load reports every mistake it can find without cascading errors.
final class PipelineBuilder {
    /// One declared stage and its instances.
    struct StagePlan {
        enum Kind {
            case builtin(StageRegistry.Entry)
            case command
            /// Neither `uses:` nor `run:` is usable; the stage is reported and skipped.
            case invalid
        }

        var name: String
        var declaration: Declaration
        var kind: Kind
        /// Whether the stage has a `matrix:`.
        var hasMatrix = false
        /// The matrix keys over all instances, in declaration order.
        var matrixKeys: [String] = []
        var instances: [InstancePlan] = []
        /// The `in:` entries: port, where the port is written, what it reads.
        var inputs: [(port: String, location: SourceLocation, value: SpecNode)] = []
        /// The `out:` names of a command stage.
        var commandOutputs: [String] = []
    }

    /// One node to be: a stage instance.
    struct InstancePlan {
        var id: NodeID
        var matrix: MatrixAssignment
        var action: GraphNode.Action?
        /// Output port names; `nil` when the stage could not be configured (checks against
        /// its outputs are skipped rather than reported as further errors).
        var outputs: [String]?
        var inputs: [String: InputBinding] = [:]
        var resources = Resources()
        var seed: UInt64 = 0
    }

    static let topLevelKeys = ["isomorph", "name", "params", "include", "data", "stages"]
    static let supportedFormat = 1

    let file: String
    let directory: URL
    let options: LoadOptions
    let registry: StageRegistry
    var log = DiagnosticLog()

    var sources: [SpecSource] = []
    var includeRecords: [(path: String, digest: ContentDigest)] = []
    var pipelineName: String?
    /// Whether an included file could not be read or parsed (references into it are then not
    /// reported as unknown, to avoid a cascade of errors).
    var hasUnreadableSource = false

    var parameterDeclarations: [Declaration] = []
    var parameterValues: [String: CanonicalValue] = [:]
    var usedParameters = Set<String>()
    /// Parameters whose declared value failed to interpolate.
    var failedParameters = Set<String>()
    /// The interpolation scope of the final parameters (built on first use, after
    /// ``resolveParameters()``).
    var baseScope: InterpolationScope?
    var dataDeclarations: [Declaration] = []
    var dataIndex: [String: Int] = [:]
    var dataSources: [DataSource?] = []
    var usedData = Set<String>()
    var stageDeclarations: [Declaration] = []
    var stageIndex: [String: Int] = [:]
    var stages: [StagePlan] = []
    /// Stage-level edges: for each stage, the stages it reads (by index).
    var reads: [Set<Int>] = []

    init(file: String, directory: URL, options: LoadOptions, registry: StageRegistry) {
        self.file = file
        self.directory = directory
        self.options = options
        self.registry = registry
    }

    /// Runs every phase and assembles the result.
    /// - Throws: ``SpecError`` with every error found.
    func build(mainText: String) throws -> LoadedPipeline {
        loadSources(mainText: mainText)
        collectDeclarations()
        resolveParameters()
        buildDataSources()
        parseStages()
        configureInstances()
        bindInputs()
        let order = orderStages()
        if stageDeclarations.isEmpty, sources.first?.root != nil, !log.hasErrors {
            log.error(
                "the pipeline declares no stages; add a 'stages:' mapping",
                at: SourceLocation(file: file, line: 1, column: 1))
        }
        warnAboutUnusedDeclarations()
        if !log.hasErrors {
            // Every path that leaves a node unconfigured reports why; this guards that invariant
            // with a diagnostic rather than a crash in `Graph`.
            for s in order where stages[s].instances.contains(where: { $0.action == nil || $0.outputs == nil }) {
                log.error(
                    "internal error: stage '\(stages[s].name)' could not be configured",
                    at: stages[s].declaration.keyLocation)
            }
        }
        if log.hasErrors { throw SpecError(withSourceLines(log.errors)) }

        var nodes = [GraphNode]()
        nodes.reserveCapacity(dataSources.count + stages.reduce(0) { $0 + $1.instances.count })
        for (i, source) in dataSources.enumerated() {
            guard let source else { continue }
            nodes.append(
                GraphNode(
                    id: .data(source.name), stage: "data.\(source.name)", location: dataDeclarations[i].keyLocation,
                    action: .data(source), outputs: ["data"]))
        }
        for s in order {
            let stage = stages[s]
            for instance in stage.instances {
                guard let action = instance.action, let outputs = instance.outputs else { continue }
                nodes.append(
                    GraphNode(
                        id: instance.id, stage: stage.name, matrix: instance.matrix,
                        location: stage.declaration.keyLocation, action: action, inputs: instance.inputs,
                        outputs: outputs, resources: instance.resources, seed: instance.seed))
            }
        }
        let name = pipelineName ?? URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        return LoadedPipeline(
            file: file, directory: directory, name: name,
            parameters: parameterDeclarations.map { ($0.name, parameterValues[$0.name] ?? .null) },
            includes: includeRecords, graph: Graph(topologicallySorted: nodes),
            warnings: withSourceLines(SpecError(log.warnings).diagnostics))
    }

    /// Fills in the source line of diagnostics that point into a loaded file.
    func withSourceLines(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        var byPath = [String: Int]()
        for (i, s) in sources.enumerated() { byPath[s.displayPath] = i }
        return diagnostics.map { d in
            guard d.sourceLine == nil, let location = d.location, let i = byPath[location.file] else { return d }
            var d = d
            d.sourceLine = sources[i].line(location.line)
            return d
        }
    }

    // MARK: Small helpers shared by the phases

    /// The location of the start of a file (for problems with no better place).
    func startOf(_ source: Int) -> SourceLocation {
        SourceLocation(file: sources[source].displayPath, line: 1, column: 1)
    }

    /// A node's entries, or an error (`what` must be a mapping) and `nil`.
    func mapping(_ node: SpecNode, _ what: String, subject: String? = nil) -> [SpecEntry]? {
        if let entries = node.entries { return entries }
        if case .null = node.value { return [] }
        log.error("\(what) must be a mapping, got \(node)", at: node.location, subject: subject)
        return nil
    }

    /// Reports keys of `entries` that are not in `known`, with a did-you-mean.
    func checkKeys(_ entries: [SpecEntry], known: [String], subject: String?, what: String = "key") {
        for e in entries where !known.contains(e.key) {
            log.error(
                "unknown \(what) '\(e.key)' (known: \(known.joined(separator: ", ")))", at: e.keyLocation,
                subject: subject, suggestion: Suggestion.closest(to: e.key, in: known))
        }
    }

    /// The absolute path of `path`, resolved against the directory of source `source`.
    func resolvePath(_ path: String, in source: Int) -> String {
        if path.hasPrefix("/") { return URL(fileURLWithPath: path).standardizedFileURL.path }
        if path.hasPrefix("~/") {
            return URL(fileURLWithPath: NSString(string: path).expandingTildeInPath).standardizedFileURL.path
        }
        return sources[source].directory.appendingPathComponent(path).standardizedFileURL.path
    }
}

import Foundation
import IsomorphArrays
import IsomorphCore
import IsomorphNumerics

/// The execution engine: plans and runs pipelines against one cache directory.
///
/// Enter it with ``withEngine(cache:_:)``, which saves the file-digest cache when the body
/// returns:
/// ```swift
/// let report = try await Engine.withEngine(cache: cacheURL) { engine in
///     try await engine.run(pipeline, options: RunOptions(jobs: 2), observer: observer)
/// }
/// ```
public final class Engine: Sendable {
    /// The engine version recorded in provenance.
    public static let version = EngineVersion.current

    /// The content-addressed store.
    public let store: CacheStore
    let statCache: StatCache
    let host: String

    /// Opens the cache at `cache`, creating it if needed.
    /// - Throws: ``SystemCallError`` if the cache directory cannot be created.
    public init(cache: URL) throws {
        store = try CacheStore(root: cache)
        statCache = StatCache(path: store.layout.statCachePath, temporaryDirectory: store.layout.temporaryPath)
        host = Syscalls.hostName
    }

    /// Runs `body` with an engine on the cache at `cache`, then persists its file-digest cache.
    public static func withEngine<R>(cache: URL, _ body: (Engine) async throws -> R) async throws -> R {
        let engine = try Engine(cache: cache)
        defer { engine.close() }
        return try await body(engine)
    }

    /// Persists the file-digest cache (``withEngine(cache:_:)`` calls this).
    public func close() { statCache.save() }

    // MARK: Planning

    /// A plan and the warnings met while making it (unreadable key records, say).
    public struct PlanResult: Sendable {
        public var plan: Plan
        public var warnings: [String]
    }

    /// Plans `pipeline` against the cache without running anything.
    /// - Throws: ``PlanError`` if a target or forced name is unknown.
    public func plan(_ pipeline: LoadedPipeline, targets: [String] = [], force: [String] = []) throws -> PlanResult {
        let environment = makeEnvironment(for: pipeline)
        let plan = try Planner.plan(pipeline.graph, targets: targets, force: force, environment: environment)
        return PlanResult(plan: plan, warnings: environment.takeWarnings())
    }

    /// The absolute path of the pipeline's spec file, which names its state.
    static func specPath(of pipeline: LoadedPipeline) -> String {
        let name = (pipeline.file as NSString).lastPathComponent
        return pipeline.directory.appendingPathComponent(name).standardizedFileURL.path
    }

    /// The last results of `pipeline`'s nodes.
    public func state(of pipeline: LoadedPipeline) -> PipelineState {
        let spec = Engine.specPath(of: pipeline)
        return PipelineState.load(from: store.layout.stateFile(forSpecAt: spec), specPath: spec)
    }

    func makeEnvironment(for pipeline: LoadedPipeline) -> StoreEnvironment {
        StoreEnvironment(store: store, statCache: statCache, state: state(of: pipeline))
    }

    // MARK: Running

    /// Runs `pipeline`: plans it, runs what is not cached, and records each node's result.
    ///
    /// Takes the cache's shared lock for the whole run (so `gc` waits), and each node's key lock
    /// while computing it (so a concurrent run of the same key waits and takes the result).
    /// Cancelling the calling task interrupts the run: running nodes are stopped, nothing new
    /// starts, and ``RunReport/interrupted`` is set.
    /// - Throws: ``PlanError`` for unknown targets, ``SystemCallError`` if the cache is unusable.
    public func run(
        _ pipeline: LoadedPipeline, options: RunOptions = RunOptions(), observer: any RunObserver = SilentObserver()
    ) async throws -> RunReport {
        let lock = try await store.lockCache(exclusive: false) {
            observer.handle(.warning("waiting for another isomorph command (gc or verify) to release the cache"))
        }
        defer { lock.release() }
        let cores = options.cores ?? ProcessInfo.processInfo.activeProcessorCount
        let budget = ThreadBudget(cores: cores, jobs: options.jobs ?? cores)
        let runID = Engine.makeRunID()
        let environment = makeEnvironment(for: pipeline)
        let plan = try Planner.plan(
            pipeline.graph, targets: options.targets, force: options.force, environment: environment)
        observer.handle(.planned(plan))
        var warnings = environment.takeWarnings()
        for w in warnings { observer.handle(.warning(w)) }

        let result: LocalExecutor.Result
        if plan.runCount == 0 && plan.errorCount == 0 {
            result = LocalExecutor.Result(
                outcomes: plan.entries.map {
                    if case .cached(_, let o) = $0.decision { return ($0.node, .cached(o)) }
                    return ($0.node, .notRun)
                }, interrupted: false, decided: [:])
        } else {
            BLAS.threadCount = budget.threadsPerJob
            let context = RunContext(
                store: store, run: runID, host: host, observer: observer, verified: VerifiedObjects(),
                specDirectory: pipeline.directory, environment: options.environment)
            let executor = LocalExecutor(
                graph: pipeline.graph, environment: environment, context: context, budget: budget,
                keepGoing: options.keepGoing, forced: plan.forced)
            result = await executor.run(plan)
        }
        warnings += environment.takeWarnings()
        try await recordState(of: pipeline, plan: plan, result: result, run: runID, environment: environment)
        return RunReport(
            run: runID, plan: plan, outcomes: result.outcomes, interrupted: result.interrupted,
            logDirectory: store.layout.logDirectory(run: runID), warnings: warnings)
    }

    /// Writes the nodes whose result changed into the pipeline's state.
    private func recordState(
        of pipeline: LoadedPipeline, plan: Plan, result: LocalExecutor.Result, run: String,
        environment: StoreEnvironment
    ) async throws {
        var components = result.decided
        for entry in plan.entries where components[entry.node] == nil {
            if let c = entry.components, let key = entry.decision.key { components[entry.node] = (key, c) }
        }
        var changes = [NodeID: PipelineState.NodeState]()
        for (node, outcome) in result.outcomes {
            let old = environment.state.nodes[node]
            switch outcome {
            case .ran(let outputs), .cached(let outputs), .tookOver(let outputs):
                guard let decided = components[node] else { continue }
                if let old, old.key == decided.key, old.outputs == outputs, old.failedKey == nil,
                    old.componentsText != nil
                {
                    continue
                }
                changes[node] = PipelineState.NodeState(
                    key: decided.key, outputs: outputs, run: run, components: decided.components)
            case .failed(let failure):
                changes[node] = PipelineState.NodeState(
                    key: old?.key, outputs: old?.outputs ?? [:], run: run, failedKey: components[node]?.key,
                    failure: failure.message, components: components[node]?.components)
            case .skipped, .notRun:
                continue
            }
        }
        let spec = Engine.specPath(of: pipeline)
        try await PipelineState.update(
            at: store.layout.stateFile(forSpecAt: spec), specPath: spec,
            temporaryDirectory: store.layout.temporaryPath, changes)
    }

    /// A run id that sorts by time: `20261124T060102Z-1a2b3c`.
    static func makeRunID() -> String {
        let now = Date()
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: now)
        let stamp = String(
            format: "%04d%02d%02dT%02d%02d%02dZ", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0,
            c.second ?? 0)
        return stamp + "-" + String(UUID().uuidString.lowercased().prefix(6))
    }
}

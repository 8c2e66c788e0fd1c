import Foundation
import IsomorphArrays
import IsomorphCore
import Synchronization

/// What every node run of one engine run shares.
struct RunContext: Sendable {
    let store: CacheStore
    let run: String
    let host: String
    let observer: any RunObserver
    /// Objects whose digest this run has checked (or produced): each is verified at most once.
    let verified: VerifiedObjects
    /// Where relative paths in parameters resolve (the spec's directory).
    let specDirectory: URL
    /// The environment command stages inherit.
    let environment: [String: String]
}

/// The set of object digests verified in this run.
final class VerifiedObjects: Sendable {
    private let digests = Mutex<Set<ContentDigest>>([])
    func contains(_ d: ContentDigest) -> Bool { digests.withLock { $0.contains(d) } }
    func insert(_ d: ContentDigest) { _ = digests.withLock { $0.insert(d) } }
}

/// One upstream output a node reads.
struct ResolvedInput: Sendable {
    var ref: OutputRef
    var output: OutputRecord
    /// The producer's position in the graph.
    var producer: Int
    /// Whether the output came from the cache (and so must be verified before use).
    var fromCache: Bool
    /// The producing instance's matrix values (collections).
    var labels: MatrixAssignment
}

/// A node ready to run: its key, why it runs, and the outputs it reads.
struct NodeJob: Sendable {
    var node: GraphNode
    var key: ContentDigest
    var components: CacheKeyComponents
    var reasons: [RunReason]
    /// Port → the outputs bound to it, in binding order.
    var inputs: [String: [ResolvedInput]]
    /// Whether the binding of each port is a collection.
    var collectionPorts: Set<String>
    var threads: Int
    var forced: Bool
}

/// How a node run ended, as the scheduler sees it.
enum NodeResult: Sendable {
    case produced([String: OutputRecord], tookOver: Bool)
    case failed(NodeFailure)
    /// Cached inputs turned out corrupt (now quarantined): their producers must run again.
    case corruptInputs([Int])
    case cancelled
}

/// Runs one node: verifies the cached objects it reads, takes its key lock, takes over a result
/// another run stored meanwhile or computes it, stores the outputs and then the key record.
///
/// Temporary files and the scratch directory are removed whatever happens, so a failure or an
/// interruption leaves nothing that looks like a result.
enum NodeRunner {
    static func run(_ job: NodeJob, in context: RunContext) async -> NodeResult {
        let store = context.store
        if case .command(let command) = job.node.action, !command.isTrusted {
            return .failed(CommandRunner.untrusted(job.node))
        }
        var corrupt = [Int]()
        for input in job.inputs.values.joined() where input.fromCache && !context.verified.contains(input.output.digest)
        {
            if store.verifyObject(input.output.digest) {
                context.verified.insert(input.output.digest)
            } else {
                let moved = store.quarantine(input.output.digest)
                context.observer.handle(
                    .warning(
                        "object \(input.output.digest.short) (\(input.ref)) is corrupt"
                            + (moved.map { "; moved to \($0)" } ?? "") + "; recomputing '\(input.ref.node)'"))
                corrupt.append(input.producer)
            }
        }
        if !corrupt.isEmpty { return .corruptInputs(corrupt) }
        do {
            return try await store.withKeyLock(
                job.key, onWait: { context.observer.handle(.waiting(node: job.node.id)) }
            ) {
                if !job.forced, let record = try? store.record(job.key), store.checkOutputs(record.outputs) == nil {
                    return .produced(record.outputs, tookOver: true)
                }
                return await execute(job, in: context)
            }
        } catch is CancellationError {
            return .cancelled
        } catch {
            return .failed(NodeFailure(node: job.node.id, kind: job.node.kindName, version: nil, message: "\(error)"))
        }
    }

    /// Runs the node's action and stores its result; called holding the key lock.
    private static func execute(_ job: NodeJob, in context: RunContext) async -> NodeResult {
        let node = job.node
        let layout = context.store.layout
        let version: Int? = {
            if case .builtin(let s) = node.action { return s.version }
            return nil
        }()
        let logPath = layout.logPath(run: context.run, node: node.id)
        let log: NodeLogFile
        do {
            log = try NodeLogFile(path: logPath)
        } catch {
            return .failed(NodeFailure(node: node.id, kind: node.kindName, version: version, message: "\(error)"))
        }
        context.observer.handle(.started(node: node.id, kind: node.kindName, reasons: job.reasons))
        log.write(
            line: "\(Timestamp.iso8601(Date())) [info] running '\(node.id)' (\(node.kindName)), key \(job.key.hex)")
        log.write(line: "reasons: " + job.reasons.map(\.description).joined(separator: "; "))
        let temporaries = TemporaryFiles()
        let scratch = layout.temporaryFile(extension: "scratch")
        let started = Date()
        defer {
            temporaries.removeAll()
            try? FileManager.default.removeItem(atPath: scratch)
            log.close()
        }
        let provenance = Provenance(
            node: node.id, stage: node.stage, kind: node.kindName, version: job.components.version,
            parameters: {
                if case .builtin(let s) = node.action { return s.allParameters }
                return job.components.parameters
            }(), inputs: job.components.inputs, seed: node.seed, key: job.key, run: context.run, host: context.host,
            started: started)
        do {
            try Syscalls.makeDirectories(scratch)
            let values: [String: StageOutputs.Value]
            switch node.action {
            case .builtin(let stage):
                values = try await BuiltinRunner.run(
                    stage, job: job, scratch: scratch, log: log, provenance: provenance, temporaries: temporaries,
                    context: context)
            case .data(let source):
                values = ["data": .dataset(try DataImporter.importDataset(source))]
            case .command(let command):
                values = try await CommandRunner.run(command, job: job, scratch: scratch, log: log, context: context)
            }
            let outputs = try store(values, of: job, provenance: provenance, temporaries: temporaries, context: context)
            let duration = Date().timeIntervalSince(started)
            try context.store.write(
                KeyRecord(
                    key: job.key, components: job.components, outputs: outputs, node: node.id.rawValue,
                    started: started, duration: duration, host: context.host, engineVersion: EngineVersion.current,
                    run: context.run))
            for (_, o) in outputs { context.verified.insert(o.digest) }
            log.write(line: "\(Timestamp.iso8601(Date())) [info] done in \(String(format: "%.3f", duration)) s")
            return .produced(outputs, tookOver: false)
        } catch is CancellationError {
            log.write(line: "\(Timestamp.iso8601(Date())) [info] interrupted")
            return .cancelled
        } catch {
            if Task.isCancelled {
                log.write(line: "\(Timestamp.iso8601(Date())) [info] interrupted (\(error))")
                return .cancelled
            }
            var failure =
                error as? NodeFailure
                ?? NodeFailure(node: node.id, kind: node.kindName, version: version, message: "\(error)")
            log.write(line: "\(Timestamp.iso8601(Date())) [error] \(failure.message)")
            log.close()
            failure.logPath = logPath
            failure.logTail = NodeFailure.tail(of: logPath)
            return .failed(failure)
        }
    }

    /// Writes (or adopts) every declared output into the store.
    private static func store(
        _ values: [String: StageOutputs.Value], of job: NodeJob, provenance: Provenance, temporaries: TemporaryFiles,
        context: RunContext
    ) throws -> [String: OutputRecord] {
        let node = job.node
        for port in values.keys where !node.outputs.contains(port) {
            throw StageFailure(
                "produced output '\(port)', which it does not declare (declared: \(node.outputs.joined(separator: ", ")))"
            )
        }
        var outputs = [String: OutputRecord]()
        for port in node.outputs {
            guard let value = values[port] else { throw StageFailure("did not produce output '\(port)'") }
            switch value {
            case .dataset(var dataset):
                for (k, v) in provenance.attributes(port: port) { dataset.attributes[k] = v }
                let path = context.store.layout.temporaryFile(extension: "h5")
                temporaries.track(path)
                let digest = try ArtifactCodec.write(dataset, to: path)
                outputs[port] = try context.store.adopt(path, digest: digest)
            case .staged(let staged):
                guard let file = staged as? TemporaryArtifact else {
                    throw StageFailure(
                        "output '\(port)' was not written with the context's makeWriter(for:) (got \(type(of: staged)))"
                    )
                }
                outputs[port] = try context.store.adopt(file.path, digest: file.digest)
            }
        }
        return outputs
    }
}

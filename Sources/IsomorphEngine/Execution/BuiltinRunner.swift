import Foundation
import IsomorphArrays
import IsomorphCore

/// Runs a built-in stage: builds its ``StageInputs`` from stored artifacts and its
/// ``StageContext`` (seed, node logger, progress, scratch directory, thread budget, spec
/// directory, and writers that stream into the store's `tmp/`).
enum BuiltinRunner {
    static func run(
        _ stage: AnyStage, job: NodeJob, scratch: String, log: NodeLogFile, provenance: Provenance,
        temporaries: TemporaryFiles, context: RunContext
    ) async throws -> [String: StageOutputs.Value] {
        let node = job.node
        let layout = context.store.layout
        var bindings = [String: StageInputs.Binding]()
        for (port, inputs) in job.inputs {
            let handles = inputs.map {
                (
                    $0,
                    StoredArtifact(digest: $0.output.digest, objectPath: layout.objectPath($0.output.digest))
                        as any ArtifactHandle
                )
            }
            if job.collectionPorts.contains(port) {
                bindings[port] = .collection(
                    handles.map {
                        StageInputs.Item(labels: $0.0.labels.labels, source: $0.0.ref.node.rawValue, artifact: $0.1)
                    })
            } else if let (input, handle) = handles.first {
                bindings[port] = .single(source: input.ref.node.rawValue, artifact: handle)
            }
        }
        let declared = Set(node.outputs)
        let stageContext = StageContext(
            nodeName: node.id.rawValue, seed: node.seed,
            logger: log.logger(node: node.id.rawValue, kind: stage.kind, version: stage.version),
            progress: ObserverProgress(node: node.id, observer: context.observer),
            scratchDirectory: URL(fileURLWithPath: scratch, isDirectory: true), threads: job.threads,
            specDirectory: context.specDirectory,
            writerFactory: { port in
                guard declared.contains(port) else {
                    throw StageFailure(
                        "makeWriter(for: '\(port)'): the stage declares no output '\(port)' "
                            + "(declared: \(declared.sorted().joined(separator: ", ")))")
                }
                let path = layout.temporaryFile(extension: "h5")
                temporaries.track(path)
                return try StoreStreamWriter(path: path, provenance: { provenance.attributes(port: port) })
            })
        do {
            return try await stage.run(StageInputs(bindings), in: stageContext).values
        } catch let error as CancellationError {
            throw error
        } catch {
            throw NodeFailure(
                node: node.id, kind: stage.kind, version: stage.version, message: String(describing: error))
        }
    }
}

import Foundation
import IsomorphArrays
import IsomorphCore

/// Something that happened during a run, for progress displays and logs.
public enum RunEvent: Sendable {
    /// The plan is ready; the run starts.
    case planned(Plan)
    /// A node started running (after its inputs were verified and its key lock taken).
    case started(node: NodeID, kind: String, reasons: [RunReason])
    /// Within-stage progress (`ProgressReporter`): `fraction` in 0...1 and an optional note.
    case progress(node: NodeID, fraction: Double, note: String?)
    /// A node finished, one way or another.
    case finished(node: NodeID, outcome: NodeOutcome, seconds: Double)
    /// Another run holds the node's key; this run waits and then takes its result.
    case waiting(node: NodeID)
    /// Something the user should know that does not stop the run (a corrupt object, say).
    case warning(String)
}

/// How a node ended in a run.
public enum NodeOutcome: Sendable {
    /// The node ran and stored its outputs.
    case ran([String: OutputRecord])
    /// The node was cached (at planning, or once its inputs were known: early cutoff).
    case cached([String: OutputRecord])
    /// Another run computed the same key meanwhile; its result was taken.
    case tookOver([String: OutputRecord])
    /// The node failed.
    case failed(NodeFailure)
    /// An upstream node failed, so this one could not run.
    case skipped(upstream: NodeID)
    /// The run was interrupted, or stopped after a failure, before the node could finish.
    case notRun

    /// The outputs, if the node has a result.
    public var outputs: [String: OutputRecord]? {
        switch self {
        case .ran(let o), .cached(let o), .tookOver(let o): return o
        default: return nil
        }
    }
}

/// Receives run events. Called from several tasks at once: implementations must be thread-safe.
public protocol RunObserver: Sendable {
    /// Handles one event.
    func handle(_ event: RunEvent)
}

/// An observer that ignores everything.
public struct SilentObserver: RunObserver {
    public init() {}
    public func handle(_ event: RunEvent) {}
}

/// Forwards a stage's within-stage progress to the run's observer.
struct ObserverProgress: ProgressReporter {
    let node: NodeID
    let observer: any RunObserver
    func report(fraction: Double, note: String?) {
        observer.handle(.progress(node: node, fraction: min(max(fraction, 0), 1), note: note))
    }
}

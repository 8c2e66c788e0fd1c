import Foundation
import Logging

/// Receives a stage's within-stage progress (the engine draws it as a bar or plain lines).
public protocol ProgressReporter: Sendable {
    /// Reports that `fraction` (0...1) of the work is done, with an optional note ("fold 3/10").
    func report(fraction: Double, note: String?)
}

/// A reporter that discards progress.
public struct SilentProgress: ProgressReporter {
    public init() {}
    public func report(fraction: Double, note: String?) {}
}

/// Everything a stage run may use besides its inputs: a seed, a logger, a progress reporter,
/// a scratch directory, its thread budget, and a way to stream large outputs.
///
/// The engine builds one per run; tests build their own (see `IsomorphTestSupport`).
public struct StageContext: Sendable {
    /// The node being run, e.g. `rdm[features.6]`.
    public var nodeName: String
    /// The seed from the spec (recorded in provenance; in the cache key of stochastic stages).
    public var seed: UInt64
    /// A logger whose metadata names the stage.
    public var logger: Logger
    /// Within-stage progress.
    public var progress: any ProgressReporter
    /// A private, empty directory that is deleted after the run.
    public var scratchDirectory: URL
    /// Threads this run may use (BLAS is set to this before the run starts).
    public var threads: Int
    /// The directory of the spec file, against which relative `file` parameters resolve.
    public var specDirectory: URL
    private let writerFactory: @Sendable (String) throws -> any ArtifactStreamWriter

    public init(
        nodeName: String, seed: UInt64, logger: Logger, progress: any ProgressReporter = SilentProgress(),
        scratchDirectory: URL, threads: Int, specDirectory: URL,
        writerFactory: @escaping @Sendable (String) throws -> any ArtifactStreamWriter
    ) {
        self.nodeName = nodeName
        self.seed = seed
        self.logger = logger
        self.progress = progress
        self.scratchDirectory = scratchDirectory
        self.threads = threads
        self.specDirectory = specDirectory
        self.writerFactory = writerFactory
    }

    /// A writer that streams the output `port` to disk; return its `finish()` result as
    /// ``StageOutputs/Value/staged(_:)``.
    public func makeWriter(for port: String) throws -> any ArtifactStreamWriter {
        try writerFactory(port)
    }

    /// Throws `CancellationError` if the run was cancelled (Ctrl-C, or a failing sibling).
    public func checkCancellation() throws {
        try Task.checkCancellation()
    }
}

/// An error a stage throws about its inputs or computation; the engine adds the stage's name,
/// kind and version when it reports it.
public struct StageFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

import Foundation

/// How to run a pipeline (`isomorph run` options).
public struct RunOptions: Sendable {
    /// Nodes run at once (`-j`); `nil` = one per core.
    public var jobs: Int?
    /// Cores the run may use; `nil` = every core of the machine.
    public var cores: Int?
    /// Nodes or stages to produce, with everything upstream (`--target`); empty = all.
    public var targets: [String]
    /// Nodes or stages to run even if cached (`--force`); their dependents are not forced.
    public var force: [String]
    /// Keep running what does not depend on a failed node (`--keep-going`).
    public var keepGoing: Bool
    /// The environment command stages inherit (default: this process's).
    public var environment: [String: String]

    public init(
        jobs: Int? = nil, cores: Int? = nil, targets: [String] = [], force: [String] = [], keepGoing: Bool = false,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.jobs = jobs
        self.cores = cores
        self.targets = targets
        self.force = force
        self.keepGoing = keepGoing
        self.environment = environment
    }
}

/// The thread budget of a run: at most `jobs` nodes at once, and the threads of running nodes
/// (BLAS threads for built-in stages, `OMP_NUM_THREADS` and friends for commands) never add up
/// to more than `cores`.
///
/// OpenBLAS 0.3.21 has one process-wide thread count, which the engine sets to
/// ``threadsPerJob`` (`cores / jobs`, at least 1) for the whole run. A node that declares
/// `resources.cpus` reserves that many cores (capped at `cores`) and gets them as its
/// `StageContext.threads`; other nodes reserve ``threadsPerJob``.
public struct ThreadBudget: Sendable, Hashable {
    /// Cores available.
    public let cores: Int
    /// Maximum concurrent nodes.
    public let jobs: Int

    public init(cores: Int, jobs: Int) {
        self.cores = max(1, cores)
        self.jobs = max(1, jobs)
    }

    /// Threads for a node that declares nothing.
    public var threadsPerJob: Int { max(1, cores / jobs) }

    /// The cores a node reserves.
    public func threads(requested: Int?) -> Int { min(cores, max(1, requested ?? threadsPerJob)) }
}

import Foundation
import IsomorphArrays
import IsomorphCore

/// Runs a plan on this machine: ready nodes in a bounded task group, keyed as their inputs land.
///
/// - At most `jobs` nodes run at once, and their thread reservations stay within `cores`
///   (``ThreadBudget``).
/// - When a node finishes, each dependent whose inputs are now all known gets its key; if that
///   key is cached (the upstream rerun reproduced its outputs), the dependent is cached too:
///   early cutoff.
/// - A failure skips the failed node's dependents. Without `keepGoing`, no new node starts after
///   a failure; nodes already running finish (their results are stored). With `keepGoing`,
///   everything that does not depend on a failure still runs.
/// - Cancellation (Ctrl-C) reaches every running node: stages through task cancellation,
///   programs through their process group. Nothing starts after it; partial outputs are deleted.
struct LocalExecutor {
    let graph: Graph
    let environment: StoreEnvironment
    let context: RunContext
    let budget: ThreadBudget
    let keepGoing: Bool
    let forced: Set<NodeID>

    private enum Status {
        case waiting
        case ready(NodeJob)
        case running(threads: Int, since: Date)
        case done([String: OutputRecord], fromCache: Bool)
        case failed
        case skipped
    }

    /// Everything the scheduler tracks, owned by the one task that runs the loop.
    private struct Scheduler {
        var status: [Status?]
        var decided: [(key: ContentDigest, components: CacheKeyComponents)?]
        var outcomes: [NodeOutcome?]
        var queue: [Int] = []
        var head = 0
        var running = 0
        var threadsInUse = 0
        var stopped = false
    }

    /// What a run of the scheduler produced.
    struct Result {
        /// Each selected node's outcome, in graph order.
        var outcomes: [(node: NodeID, outcome: NodeOutcome)]
        var interrupted: Bool
        /// The key and components of every node whose key became known.
        var decided: [NodeID: (key: ContentDigest, components: CacheKeyComponents)]
    }

    /// Runs the plan and returns every selected node's outcome.
    func run(_ plan: Plan) async -> Result {
        let n = graph.nodes.count
        var s = Scheduler(
            status: Array(repeating: nil, count: n), decided: Array(repeating: nil, count: n),
            outcomes: Array(repeating: nil, count: n))
        let builder = KeyBuilder(fileDigest: { try environment.fileDigest($0) })
        for entry in plan.entries {
            s.status[entry.position] = .waiting
            if let c = entry.components, let key = entry.decision.key { s.decided[entry.position] = (key, c) }
        }
        var failedFirst = [(Int, NodeFailure)]()
        for entry in plan.entries {
            let p = entry.position
            switch entry.decision {
            case .cached(_, let outputs):
                s.status[p] = .done(outputs, fromCache: true)
                s.outcomes[p] = .cached(outputs)
            case .run(let key?, let reasons):
                if let job = makeJob(p, key: key, reasons: reasons, s) { s.status[p] = .ready(job) }
                s.queue.append(p)
            case .run(nil, _):
                break
            case .error(let e):
                failedFirst.append((p, failure(for: p, e)))
            }
        }
        for (p, f) in failedFirst { fail(p, f, &s) }

        let interrupted = await withTaskGroup(of: (Int, NodeResult).self) { group -> Bool in
            startReady(&s, group: &group)
            while s.running > 0 {
                guard let (p, result) = await group.next() else { break }
                s.running -= 1
                var seconds = 0.0
                if case .running(let threads, let since)? = s.status[p] {
                    s.threadsInUse -= threads
                    seconds = Date().timeIntervalSince(since)
                }
                handle(p, result, seconds: seconds, &s, builder: builder)
                if !Task.isCancelled { startReady(&s, group: &group) }
            }
            return Task.isCancelled
        }
        var outcomes = [(node: NodeID, outcome: NodeOutcome)]()
        outcomes.reserveCapacity(plan.entries.count)
        var decided = [NodeID: (key: ContentDigest, components: CacheKeyComponents)]()
        for entry in plan.entries {
            outcomes.append((entry.node, s.outcomes[entry.position] ?? .notRun))
            if let d = s.decided[entry.position] { decided[entry.node] = d }
        }
        return Result(outcomes: outcomes, interrupted: interrupted, decided: decided)
    }

    // MARK: Scheduling

    private func startReady(_ s: inout Scheduler, group: inout TaskGroup<(Int, NodeResult)>) {
        guard !s.stopped else { return }
        while s.head < s.queue.count && s.running < budget.jobs {
            let p = s.queue[s.head]
            guard case .ready(let job)? = s.status[p] else {
                s.head += 1
                continue
            }
            if s.running > 0 && s.threadsInUse + job.threads > budget.cores { break }
            s.head += 1
            s.status[p] = .running(threads: job.threads, since: Date())
            s.running += 1
            s.threadsInUse += job.threads
            let context = self.context
            group.addTask { (p, await NodeRunner.run(job, in: context)) }
        }
        if s.head > 4096 && s.head * 2 > s.queue.count {
            s.queue.removeFirst(s.head)
            s.head = 0
        }
    }

    private func handle(_ p: Int, _ result: NodeResult, seconds: Double, _ s: inout Scheduler, builder: KeyBuilder) {
        let node = graph.nodes[p]
        switch result {
        case .produced(let outputs, let tookOver):
            let outcome: NodeOutcome = tookOver ? .tookOver(outputs) : .ran(outputs)
            context.observer.handle(.finished(node: node.id, outcome: outcome, seconds: seconds))
            complete(p, outputs, fromCache: false, outcome: outcome, &s, builder: builder)
        case .failed(let failure):
            context.observer.handle(.finished(node: node.id, outcome: .failed(failure), seconds: seconds))
            fail(p, failure, &s)
        case .cancelled:
            s.status[p] = .failed
            s.outcomes[p] = .notRun
        case .corruptInputs(let producers):
            s.status[p] = .waiting
            for q in producers {
                guard let decided = s.decided[q] else { continue }
                // Dependents queued with the damaged object go back to waiting for the rerun.
                for d in graph.dependentPositions(of: q) {
                    if case .ready? = s.status[d] { s.status[d] = .waiting }
                }
                let ports = graph.nodes[q].outputs.joined(separator: ",")
                if let job = makeJob(
                    q, key: decided.key, reasons: [.outputMissing(port: ports, corrupt: true)], s, forcedRun: true)
                {
                    s.status[q] = .ready(job)
                    s.outcomes[q] = nil
                    s.queue.append(q)
                }
            }
        }
    }

    /// Marks `p` done and keys the dependents whose inputs are now all known (a worklist, so
    /// long chains of early cutoffs do not recurse).
    private func complete(
        _ p: Int, _ outputs: [String: OutputRecord], fromCache: Bool, outcome: NodeOutcome, _ s: inout Scheduler,
        builder: KeyBuilder
    ) {
        var work = [(p, outputs, outcome)]
        while let (q, outs, out) = work.popLast() {
            s.status[q] = .done(outs, fromCache: fromCache || isCachedOutcome(out))
            s.outcomes[q] = out
            for d in graph.dependentPositions(of: q) {
                guard case .waiting? = s.status[d] else { continue }
                let dependent = graph.nodes[d]
                let allDone = dependent.dependencies.allSatisfy {
                    guard let pos = graph.position(of: $0), case .done? = s.status[pos] else { return false }
                    return true
                }
                guard allDone else { continue }
                let snapshot = s.status
                let (decision, components) = Planner.decide(
                    dependent, forced: forced.contains(dependent.id), builder: builder, environment: environment,
                    outputs: { id in
                        guard let pos = graph.position(of: id), case .done(let o, _)? = snapshot[pos] else {
                            return nil
                        }
                        return o
                    })
                if let components, let key = decision.key { s.decided[d] = (key, components) }
                switch decision {
                case .cached(_, let o):
                    context.observer.handle(.finished(node: dependent.id, outcome: .cached(o), seconds: 0))
                    work.append((d, o, .cached(o)))
                case .run(let key?, let reasons):
                    if let job = makeJob(d, key: key, reasons: reasons, s) {
                        s.status[d] = .ready(job)
                        s.queue.append(d)
                    }
                case .run(nil, _):
                    break
                case .error(let e):
                    fail(d, failure(for: d, e), &s)
                }
            }
        }
    }

    private func isCachedOutcome(_ o: NodeOutcome) -> Bool {
        if case .cached = o { return true }
        return false
    }

    /// Marks `p` failed and every node downstream of it skipped.
    private func fail(_ p: Int, _ failure: NodeFailure, _ s: inout Scheduler) {
        s.status[p] = .failed
        s.outcomes[p] = .failed(failure)
        if !keepGoing { s.stopped = true }
        var stack = graph.dependentPositions(of: p)
        while let d = stack.popLast() {
            guard let status = s.status[d] else { continue }
            switch status {
            case .waiting, .ready:
                s.status[d] = .skipped
                s.outcomes[d] = .skipped(upstream: graph.nodes[p].id)
                context.observer.handle(
                    .finished(node: graph.nodes[d].id, outcome: .skipped(upstream: graph.nodes[p].id), seconds: 0))
                stack += graph.dependentPositions(of: d)
            default: continue
            }
        }
    }

    private func failure(for p: Int, _ error: KeyError) -> NodeFailure {
        let node = graph.nodes[p]
        return NodeFailure(node: node.id, kind: node.kindName, version: nil, message: "\(error)")
    }

    /// The job for node `p`, whose inputs are all done.
    private func makeJob(
        _ p: Int, key: ContentDigest, reasons: [RunReason], _ s: Scheduler, forcedRun: Bool = false
    ) -> NodeJob? {
        let node = graph.nodes[p]
        guard let components = s.decided[p]?.components else { return nil }
        var inputs = [String: [ResolvedInput]]()
        var collections = Set<String>()
        for (port, binding) in node.inputs {
            var labels = [MatrixAssignment](repeating: MatrixAssignment(), count: binding.refs.count)
            if case .collection(let items) = binding {
                collections.insert(port)
                labels = items.map(\.labels)
            }
            var resolved = [ResolvedInput]()
            for (ref, label) in zip(binding.refs, labels) {
                guard let q = graph.position(of: ref.node), case .done(let outs, let fromCache)? = s.status[q],
                    let output = outs[ref.port]
                else { return nil }
                resolved.append(
                    ResolvedInput(ref: ref, output: output, producer: q, fromCache: fromCache, labels: label))
            }
            inputs[port] = resolved
        }
        return NodeJob(
            node: node, key: key, components: components, reasons: reasons, inputs: inputs,
            collectionPorts: collections, threads: budget.threads(requested: node.resources.cpus),
            forced: forcedRun || forced.contains(node.id))
    }
}

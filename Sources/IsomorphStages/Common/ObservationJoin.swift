import IsomorphArrays
import IsomorphCore

/// How two representations are matched row by row (docs/conventions.md "Joining").
public enum JoinMode: String, Codable, Hashable, Sendable, CaseIterable {
    /// Match by label; the label sets must be equal (the default).
    case exact
    /// Match by label, keeping only labels present on both sides.
    case intersection
    /// Match by position; the lengths must be equal (labels, if any, are ignored).
    case positional
}

/// Aligns the observations of several representations so that row `i` is the same stimulus in
/// each, or fails with an error listing the mismatched ids. Never silently misaligns.
public enum ObservationJoin {
    /// The result of a join: each representation reordered (and possibly subset), plus the
    /// shared labels.
    public struct Result: Sendable {
        public var representations: [Representation]
        public var labels: NDArray?
        /// How many observations each input lost (non-zero only for `.intersection`).
        public var dropped: [Int]
    }

    /// Joins `representations` (named by their input ports, for messages).
    /// - Throws: ``StageFailure`` listing ids missing on each side (at most 10, then a count).
    public static func align(
        _ named: [(port: String, representation: Representation)], mode: JoinMode = .exact
    ) throws
        -> Result
    {
        precondition(!named.isEmpty)
        let reps = named.map(\.representation)
        if mode == .positional {
            let n = reps[0].observationCount
            for (port, r) in named where r.observationCount != n {
                throw StageFailure(
                    "inputs '\(named[0].port)' and '\(port)' have \(n) and \(r.observationCount) observations; "
                        + "a positional join needs equal lengths")
            }
            return Result(representations: reps, labels: reps[0].observationLabels, dropped: reps.map { _ in 0 })
        }
        let labelled = named.filter { $0.representation.observationIDs != nil }
        if labelled.isEmpty {
            return try align(named, mode: .positional)
        }
        if labelled.count != named.count {
            let unlabelled = named.filter { $0.representation.observationIDs == nil }.map { "'\($0.port)'" }
            throw StageFailure(
                "input \(unlabelled.joined(separator: ", ")) has no '\(reps[0].observationDimension)' labels but "
                    + "'\(labelled[0].port)' has; label both, or set 'join: positional' if the orders are known to match"
            )
        }
        let ids = reps.map { $0.observationIDs! }
        for (port, list) in zip(named.map(\.port), ids) where Set(list).count != list.count {
            var seen = Set<String>()
            let dups = list.filter { !seen.insert($0).inserted }
            throw StageFailure("input '\(port)' repeats observation labels: \(preview(Array(Set(dups)).sorted()))")
        }
        let reference = ids[0]
        var keep = reference
        if mode == .intersection {
            let common = ids.dropFirst().reduce(Set(reference)) { $0.intersection($1) }
            keep = reference.filter { common.contains($0) }
            if keep.isEmpty {
                throw StageFailure(
                    "inputs '\(named.map(\.port).joined(separator: "', '"))' share no observation labels")
            }
        } else {
            let referenceSet = Set(reference)
            for (i, list) in ids.enumerated().dropFirst() {
                let set = Set(list)
                let missingHere = reference.filter { !set.contains($0) }
                let extraHere = list.filter { !referenceSet.contains($0) }
                if !missingHere.isEmpty || !extraHere.isEmpty {
                    var parts = [String]()
                    if !missingHere.isEmpty { parts.append("missing from '\(named[i].port)': \(preview(missingHere))") }
                    if !extraHere.isEmpty { parts.append("missing from '\(named[0].port)': \(preview(extraHere))") }
                    throw StageFailure(
                        "inputs '\(named[0].port)' and '\(named[i].port)' have different '\(reps[0].observationDimension)' labels ("
                            + parts.joined(separator: "; ") + "); fix the inputs or set 'join: intersection'")
                }
            }
        }
        var aligned = [Representation]()
        for (r, list) in zip(reps, ids) {
            var position = [String: Int](minimumCapacity: list.count)
            for (i, id) in list.enumerated() { position[id] = i }
            let order = keep.map { position[$0]! }
            aligned.append(order == Array(0..<r.observationCount) ? r : try r.selecting(observations: order))
        }
        return Result(
            representations: aligned, labels: aligned[0].observationLabels,
            dropped: reps.map { $0.observationCount - keep.count })
    }

    /// At most 10 ids, then a count of the rest.
    static func preview(_ ids: [String]) -> String {
        let shown = ids.prefix(10).map { "'\($0)'" }.joined(separator: ", ")
        return ids.count > 10 ? "\(shown) and \(ids.count - 10) more" : shown
    }
}

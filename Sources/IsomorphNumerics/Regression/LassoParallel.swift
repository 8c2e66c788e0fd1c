/// Bounded structured concurrency for independent per-target (or per-model) computations.
enum LassoParallel {
    /// `body(i)` for every `i` in `0..<count`, at most `concurrency` at a time, results in index
    /// order. Each task checks cancellation before it starts; `completed` is told how many have
    /// finished after each one.
    static func map<R: Sendable>(
        count: Int, concurrency: Int, completed: (@Sendable (Int) -> Void)? = nil,
        _ body: @escaping @Sendable (Int) throws -> R
    ) async throws -> [R] {
        var results = [R?](repeating: nil, count: count)
        try await withThrowingTaskGroup(of: (Int, R).self) { group in
            var next = 0
            func launch() {
                let i = next
                next += 1
                group.addTask {
                    try Task.checkCancellation()
                    return (i, try body(i))
                }
            }
            for _ in 0..<Swift.min(Swift.max(1, concurrency), count) { launch() }
            var done = 0
            while let (i, result) = try await group.next() {
                results[i] = result
                done += 1
                completed?(done)
                if next < count { launch() }
            }
        }
        return results.map { $0! }
    }
}

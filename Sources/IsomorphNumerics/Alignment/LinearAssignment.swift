/// The linear assignment problem: assign each row to a distinct column (or each column to a
/// distinct row, whichever dimension is smaller) minimising the total cost, as
/// `scipy.optimize.linear_sum_assignment` does, by the Hungarian algorithm.
///
/// The implementation is the O(n²·m) shortest-augmenting-path form of the Hungarian method
/// (Kuhn–Munkres with Jonker–Volgenant-style dual potentials): rows are added one at a time and
/// each is joined to the current matching along a shortest alternating path in reduced costs,
/// after which the potentials are updated so every reduced cost stays non-negative. For an
/// `n×n` matrix this is O(n³).
public struct LinearAssignment: Sendable, Hashable {
    /// The assigned row of each pair, ascending (`0..<min(rows, columns)` when rows ≤ columns).
    public let rows: [Int]
    /// The column assigned to each entry of ``rows``.
    public let columns: [Int]
    /// The total cost of the assignment (under the original sign even when maximising).
    public let cost: Double

    /// Why an assignment could not be made.
    public struct Failure: Error, Sendable, Hashable, CustomStringConvertible {
        /// One line naming the problem.
        public let description: String

        /// Creates a failure with its message.
        public init(description: String) { self.description = description }
    }

    /// The optimal assignment for `cost` (`rows × columns`; rectangular allowed).
    ///
    /// - Parameters:
    ///   - cost: The cost of assigning row `i` to column `j`; `+∞` forbids a pair (`−∞` when maximising).
    ///   - maximize: Whether to maximise the total instead.
    /// - Throws: ``Failure`` for NaN entries (`"cost matrix contains NaN"`) or when no complete
    ///   assignment avoids the forbidden pairs (`"cost matrix is infeasible"`), as SciPy.
    /// - Complexity: O(min(r, c)² · max(r, c)).
    public init(cost: Matrix, maximize: Bool = false) throws {
        if cost.elements.contains(where: \.isNaN) { throw Failure(description: "cost matrix contains NaN") }
        if maximize && cost.elements.contains(.infinity) || !maximize && cost.elements.contains(-.infinity) {
            throw Failure(description: "cost matrix contains \(maximize ? "+∞ when maximising" : "−∞")")
        }
        let transpose = cost.rowCount > cost.columnCount
        let a = transpose ? cost.transposed() : cost
        let signed = maximize ? a.map { -$0 } : a
        let assignment = try Self.hungarian(signed)
        var pairs = assignment.enumerated().map { (row: $0.offset, column: $0.element) }
        if transpose {
            pairs = pairs.map { (row: $0.column, column: $0.row) }.sorted { $0.row < $1.row }
        }
        rows = pairs.map(\.row)
        columns = pairs.map(\.column)
        self.cost = pairs.reduce(0) { $0 + cost[$1.row, $1.column] }
    }

    /// The column of each row of `a` (rows ≤ columns), minimising the total.
    private static func hungarian(_ a: Matrix) throws -> [Int] {
        let (n, m) = (a.rowCount, a.columnCount)
        if n == 0 { return [] }
        // 1-based arrays with index 0 as the virtual root column (the e-maxx formulation).
        var u = [Double](repeating: 0, count: n + 1)
        var v = [Double](repeating: 0, count: m + 1)
        var rowOfColumn = [Int](repeating: 0, count: m + 1)
        var way = [Int](repeating: 0, count: m + 1)
        var minimum = [Double](repeating: .infinity, count: m + 1)
        var used = [Bool](repeating: false, count: m + 1)
        try a.withUnsafeBufferPointer { cost in
            for i in 1...n {
                rowOfColumn[0] = i
                var j0 = 0
                for j in 0...m {
                    minimum[j] = .infinity
                    used[j] = false
                }
                repeat {
                    used[j0] = true
                    let i0 = rowOfColumn[j0]
                    var delta = Double.infinity
                    var j1 = -1
                    for j in 1...m where !used[j] {
                        let reduced = cost[(i0 - 1) * m + (j - 1)] - u[i0] - v[j]
                        if reduced < minimum[j] {
                            minimum[j] = reduced
                            way[j] = j0
                        }
                        if minimum[j] < delta {
                            delta = minimum[j]
                            j1 = j
                        }
                    }
                    if j1 < 0 || delta == .infinity { throw Failure(description: "cost matrix is infeasible") }
                    for j in 0...m {
                        if used[j] {
                            u[rowOfColumn[j]] += delta
                            v[j] -= delta
                        } else {
                            minimum[j] -= delta
                        }
                    }
                    j0 = j1
                } while rowOfColumn[j0] != 0
                // Augment: flip the alternating path back to the root.
                repeat {
                    let j1 = way[j0]
                    rowOfColumn[j0] = rowOfColumn[j1]
                    j0 = j1
                } while j0 != 0
            }
        }
        var columnOfRow = [Int](repeating: -1, count: n)
        for j in 1...m where rowOfColumn[j] > 0 { columnOfRow[rowOfColumn[j] - 1] = j - 1 }
        return columnOfRow
    }
}

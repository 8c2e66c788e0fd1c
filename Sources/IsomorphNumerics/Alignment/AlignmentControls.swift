/// The controls of Higgins et al. 2020's alignment analysis, drawn from a ``SeededGenerator``.
public enum AlignmentControls {
    /// Artificial neurons that mix the recorded ones linearly: `Z · M`, where `Z` holds the
    /// recorded responses z-scored per neuron over images (`ddof = 0`; constant neurons stay 0) and
    /// `M` (`neurons × count`) has entries `|N(0, 1)|`, each column divided by its sum so that an
    /// artificial neuron is a convex combination of the standardised recorded ones. Any alignment
    /// of single units with single neurons is destroyed, while the information in the population is
    /// kept; alignment scores should drop.
    ///
    /// - Parameters:
    ///   - responses: Recorded responses (`images × neurons`).
    ///   - count: The number of artificial neurons.
    ///   - generator: The seeded source of `M` (drawn column by column).
    /// - Returns: The artificial responses (`images × count`) and `M`.
    /// - Complexity: O(images · neurons · count) in one `gemm`.
    public static func artificialNeurons(
        _ responses: Matrix, count: Int, using generator: inout SeededGenerator
    ) -> (responses: Matrix, mixing: Matrix) {
        let k = responses.columnCount
        var mixing = Matrix.zeros(rows: k, columns: count)
        for c in 0..<count {
            let column = (0..<k).map { _ in abs(generator.nextNormal()) }
            let sum = column.reduce(0, +)
            mixing.setColumn(c, to: column.map { sum > 0 ? $0 / sum : 1 / Double(k) })
        }
        let z = responses.standardized(ddof: 0).matrix
        return (z.matmul(mixing), mixing)
    }

    /// Random neuron subsets: `sizeCount` sizes drawn uniformly from `sizes` (without replacement
    /// when the range allows, then sorted), and `perSize` subsets of each size, each drawn without
    /// replacement from `0..<neuronCount` and sorted.
    ///
    /// - Parameters:
    ///   - neuronCount: The number of recorded neurons.
    ///   - sizes: The range subset sizes are drawn from (clamped to `1...neuronCount`).
    ///   - sizeCount: How many distinct sizes.
    ///   - perSize: Subsets per size.
    ///   - generator: The seeded source.
    /// - Returns: The subsets, grouped by size in ascending order.
    /// - Complexity: O(sizeCount · perSize · neuronCount).
    public static func neuronSubsets(
        neuronCount: Int, sizes: ClosedRange<Int>, sizeCount: Int, perSize: Int, using generator: inout SeededGenerator
    ) -> [[Int]] {
        let lower = Swift.max(1, Swift.min(sizes.lowerBound, neuronCount))
        let upper = Swift.max(lower, Swift.min(sizes.upperBound, neuronCount))
        var pool = Array(lower...upper)
        var chosen = [Int]()
        for _ in 0..<sizeCount {
            if pool.isEmpty { pool = Array(lower...upper) }  // more sizes than the range holds: repeat
            let pick = Int(generator.nextUniform() * Double(pool.count))
            chosen.append(pool.remove(at: Swift.min(pick, pool.count - 1)))
        }
        chosen.sort()
        var subsets = [[Int]]()
        for size in chosen {
            for _ in 0..<perSize {
                subsets.append(Array(generator.permutation(neuronCount).prefix(size)).sorted())
            }
        }
        return subsets
    }
}

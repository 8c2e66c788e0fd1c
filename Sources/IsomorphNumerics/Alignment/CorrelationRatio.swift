/// The average correlation ratio and unit proportion of Higgins et al. 2020: how exclusively each
/// neuron follows a single model unit, and how many distinct units the neurons pick.
///
/// For neuron `j` and the informative units `d`: `r_dj = |Pearson(x_d, y_j)|` over images; the
/// neuron's *winning* unit is `argmax_d r_dj` and its *ratio* is `max_d r_dj / Σ_d r_dj` (1 when it
/// correlates with one unit only, `1/D` when equally with all `D`). The **average correlation
/// ratio** averages over the unique winning units: each winning unit contributes once, with the
/// largest ratio among the neurons it wins (``PerUnit/maximum``, the best-matched neuron of that
/// unit; the default) or the mean of those ratios (``PerUnit/mean``). The **unit proportion** is
/// the number of unique winning units divided by the number of informative units.
///
/// Neurons whose correlations are undefined (constant responses) are skipped and counted.
public struct CorrelationRatio: Sendable, Hashable {
    /// How the ratios of the neurons sharing a winning unit are combined into that unit's value.
    public enum PerUnit: String, Sendable, Hashable, Codable, CaseIterable {
        /// The largest ratio among the unit's neurons (default).
        case maximum = "max"
        /// The mean ratio of the unit's neurons.
        case mean
    }

    /// Each neuron's ratio (NaN if skipped).
    public let ratios: [Double]
    /// Each neuron's winning unit, an index into the units given (nil if skipped).
    public let winners: [Int?]
    /// The average correlation ratio over unique winning units.
    public let averageRatio: Double
    /// Unique winning units ÷ informative units.
    public let unitProportion: Double
    /// The unique winning units, ascending.
    public let winningUnits: [Int]

    /// Computes the scores.
    ///
    /// - Parameters:
    ///   - units: Model unit responses (`images × units`).
    ///   - neurons: Neural responses on the same images (`images × neurons`).
    ///   - informative: Which units take part (default: all).
    ///   - perUnit: How ratios of neurons sharing a winner combine.
    /// - Complexity: O(images · units · neurons) in one `gemm`.
    public init(units: Matrix, neurons: Matrix, informative: [Bool]? = nil, perUnit: PerUnit = .maximum) {
        precondition(units.rowCount == neurons.rowCount, "CorrelationRatio: rows differ")
        let mask = informative ?? [Bool](repeating: true, count: units.columnCount)
        let chosen = mask.indices.filter { mask[$0] }
        let r = units.columns(at: chosen).columnCorrelations(with: neurons)
        var ratios = [Double](repeating: .nan, count: neurons.columnCount)
        var winners = [Int?](repeating: nil, count: neurons.columnCount)
        var byUnit = [Int: [Double]]()
        for j in 0..<neurons.columnCount {
            let column = (0..<chosen.count).map { abs(r[$0, j]) }
            guard !column.isEmpty, !column.contains(where: \.isNaN) else { continue }
            let sum = column.reduce(0, +)
            guard sum > 0 else { continue }
            let best = column.indices.max { column[$0] < column[$1] }!
            ratios[j] = column[best] / sum
            winners[j] = chosen[best]
            byUnit[chosen[best], default: []].append(ratios[j])
        }
        // In unit order, so the sum (and the result) does not depend on dictionary order.
        let unitValues = byUnit.keys.sorted().map { byUnit[$0]! }.map { list in
            perUnit == .maximum ? list.max()! : list.reduce(0, +) / Double(list.count)
        }
        self.ratios = ratios
        self.winners = winners
        winningUnits = byUnit.keys.sorted()
        averageRatio = unitValues.isEmpty ? .nan : unitValues.reduce(0, +) / Double(unitValues.count)
        unitProportion = chosen.isEmpty ? .nan : Double(byUnit.count) / Double(chosen.count)
    }
}

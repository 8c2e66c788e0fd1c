import Foundation

/// DCI completeness and disentanglement (Eastwood & Williams 2018) of an importance matrix
/// `R[unit, neuron] = |w|`, the absolute weights of regressions from model units to neurons (or
/// to generative factors): the alignment score of Higgins et al. 2020 is the completeness.
///
/// For neuron (factor) `j` over `D` units:
///
///     p_dj = R_dj / Σ_d R_dj,   H_j = −Σ_d p_dj · log_D p_dj,   C_j = ρ_j · (1 − H_j),
///     ρ_j = Σ_d R_dj / Σ_dj R_dj,   C = Σ_j C_j,
///
/// and symmetrically for unit `d` over `K` neurons: `H_d = −Σ_j p_dj log_K p_dj` with
/// `p_dj = R_dj / Σ_j R_dj`, `D_d = ρ_d (1 − H_d)`, `ρ_d = Σ_j R_dj / Σ R`, disentanglement
/// `D = Σ_d D_d`. So a score is a weighted mean of `1 − H` in [0, 1]: 1 when every neuron reads
/// exactly one unit (completeness) or every unit drives exactly one neuron (disentanglement), 0
/// when weights are spread evenly over all units (neurons).
///
/// ### Conventions
/// - `0 · log 0 = 0`. A neuron (unit) with no weight at all has `ρ = 0` and contributes nothing;
///   its entropy is reported as NaN. If every weight is zero the score is 0 (nothing is aligned).
/// - The entropy base is the number of units (neurons) given, `normalizer` if set: pass the
///   number of informative units to normalise over those instead. With a base of 1 (a single
///   unit) the entropy is 0.
public struct DCIScore: Sendable, Hashable {
    /// The score (`C` or `D`), in [0, 1].
    public let score: Double
    /// The contribution `ρ_j (1 − H_j)` of each neuron (completeness) or unit (disentanglement).
    public let contributions: [Double]
    /// The normalised entropy `H_j` (NaN where the row or column has no weight).
    public let entropies: [Double]
    /// The relative importance `ρ_j`.
    public let weights: [Double]

    /// Completeness: for each column (neuron) of `importance` (`units × neurons`), how
    /// concentrated its incoming weight is on one unit.
    ///
    /// - Parameters:
    ///   - importance: Weights, units in rows, neurons in columns; absolute values are used.
    ///   - normalizer: The entropy's logarithm base (default: the number of units, rows).
    /// - Complexity: O(units · neurons).
    public static func completeness(_ importance: Matrix, normalizer: Int? = nil) -> DCIScore {
        DCIScore(columnsOf: importance.map { abs($0) }, base: normalizer ?? importance.rowCount)
    }

    /// Disentanglement: for each row (unit) of `importance` (`units × neurons`), how
    /// concentrated its outgoing weight is on one neuron.
    ///
    /// - Parameters:
    ///   - importance: Weights, units in rows, neurons in columns; absolute values are used.
    ///   - normalizer: The entropy's logarithm base (default: the number of neurons, columns).
    /// - Complexity: O(units · neurons).
    public static func disentanglement(_ importance: Matrix, normalizer: Int? = nil) -> DCIScore {
        DCIScore(columnsOf: importance.transposed().map { abs($0) }, base: normalizer ?? importance.columnCount)
    }

    /// Entropy-weighted concentration of each column of a non-negative matrix.
    private init(columnsOf r: Matrix, base: Int) {
        let (d, k) = (r.rowCount, r.columnCount)
        let sums = r.columnSums()
        let total = sums.reduce(0, +)
        let logBase = base > 1 ? log(Double(base)) : 0
        var contributions = [Double](repeating: 0, count: k)
        var entropies = [Double](repeating: .nan, count: k)
        var weights = [Double](repeating: 0, count: k)
        for j in 0..<k where sums[j] > 0 {
            var h = 0.0
            if logBase > 0 {
                for i in 0..<d {
                    let p = r[i, j] / sums[j]
                    if p > 0 { h -= p * log(p) }
                }
                h /= logBase
            }
            entropies[j] = h
            weights[j] = total > 0 ? sums[j] / total : 0
            contributions[j] = weights[j] * (1 - h)
        }
        self.score = contributions.reduce(0, +)
        self.contributions = contributions
        self.entropies = entropies
        self.weights = weights
    }
}

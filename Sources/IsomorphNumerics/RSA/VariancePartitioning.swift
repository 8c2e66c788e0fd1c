/// Variance partitioning of a target RDM among two or three predictor RDMs by nested ordinary
/// least-squares regressions (commonality analysis; e.g. Groen et al. 2018, Hebart et al. 2018).
///
/// Every subset `V` of the predictors is regressed (with an intercept) on the target, giving
/// `R²_V` (`R²_∅ = 0`). Writing `G(U) = R²_all − R²_(all∖U)` (what removing the predictors `U`
/// costs), the variance shared by exactly the predictors `T` and no other is the Möbius inversion
/// `c(T) = Σ_(U ⊆ T) (−1)^(|T|−|U|) G(U)`. For two predictors a, b:
///
///     unique a = R²_ab − R²_b,   unique b = R²_ab − R²_a,   shared ab = R²_a + R²_b − R²_ab
///
/// and for three: unique a = `R²_abc − R²_bc`; shared ab (not c) = `R²_ac + R²_bc − R²_c − R²_abc`;
/// shared abc = `R²_a + R²_b + R²_c − R²_ab − R²_ac − R²_bc + R²_abc`. The components sum to
/// `R²_all`. Shared components can be negative (suppression), which is reported, not clipped.
/// Pairs missing (`NaN`) in the target or any predictor are dropped from every regression.
public struct VariancePartitioning: Sendable, Hashable {
    /// `R²` of every non-empty subset, indexed by bit mask (bit `k` = predictor `k`); index 0 is 0.
    public let subsetR2: [Double]
    /// The component of every non-empty subset `T` (variance shared by exactly `T`), by bit mask.
    public let components: [Double]
    /// The number of predictors.
    public let predictorCount: Int

    /// Partitions the variance of `target` among `predictors`.
    ///
    /// - Parameters:
    ///   - target: The target RDM (condensed).
    ///   - predictors: 2 or 3 predictor RDMs (condensed, same length).
    /// - Throws: ``RSAError`` for the wrong number of predictors, mismatched lengths, too few
    ///   complete pairs, or a failed regression.
    /// - Complexity: O(2^k · N · k²) for `k` predictors and `N` pairs.
    public init(target: [Double], predictors: [[Double]]) throws(RSAError) {
        let k = predictors.count
        guard (2...3).contains(k) else {
            throw .invalidArgument("variance partitioning takes 2 or 3 predictor RDMs, got \(k)")
        }
        for p in predictors where p.count != target.count {
            throw .sizeMismatch(
                what: "variance partitioning: pairs per predictor RDM", expected: target.count, actual: p.count)
        }
        let kept = target.indices.filter { i in !target[i].isNaN && !predictors.contains { $0[i].isNaN } }
        guard kept.count > k + 1 else {
            throw .tooFew(what: "variance partitioning: complete pairs", minimum: k + 2, actual: kept.count)
        }
        let y = kept.map { target[$0] }
        let mean = y.reduce(0, +) / Double(y.count)
        let total = y.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        guard total > 0 else { throw .invalidArgument("variance partitioning: the target RDM is constant") }
        let yColumn = Matrix(column: y)
        var r2 = [Double](repeating: 0, count: 1 << k)
        for mask in 1..<(1 << k) {
            let members = (0..<k).filter { mask & (1 << $0) != 0 }
            let design = Matrix(rows: kept.count, columns: members.count + 1) { i, j in
                j == 0 ? 1 : predictors[members[j - 1]][kept[i]]
            }
            let fit: LeastSquaresSolution
            do {
                fit = try design.leastSquares(yColumn, rcond: Double(design.rowCount) * .ulpOfOne)
            } catch {
                throw .invalidArgument("variance partitioning: regression failed (\(error))")
            }
            let predicted = design.matmul(fit.solution)
            var residual = 0.0
            for i in 0..<y.count { residual += (y[i] - predicted[i, 0]) * (y[i] - predicted[i, 0]) }
            r2[mask] = 1 - residual / total
        }
        let all = (1 << k) - 1
        var components = [Double](repeating: 0, count: 1 << k)
        for t in 1...all {
            var c = 0.0
            var u = t
            while true {
                // G(U) = R²_all − R²_(all∖U); G(∅) = 0.
                let g = u == 0 ? 0 : r2[all] - r2[all & ~u]
                let sign = (t.nonzeroBitCount - u.nonzeroBitCount) % 2 == 0 ? 1.0 : -1.0
                c += sign * g
                if u == 0 { break }
                u = (u - 1) & t
            }
            components[t] = c
        }
        subsetR2 = r2
        self.components = components
        predictorCount = k
    }

    /// A readable name of the component of subset `mask`, given the predictors' names:
    /// `unique_<a>` or `shared_<a>_<b>[_<c>]`.
    public func componentName(_ mask: Int, names: [String]) -> String {
        let members = (0..<predictorCount).filter { mask & (1 << $0) != 0 }.map { names[$0] }
        return members.count == 1 ? "unique_\(members[0])" : "shared_" + members.joined(separator: "_")
    }
}

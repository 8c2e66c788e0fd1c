/// Lower and upper bounds of the noise ceiling of a set of reference (brain) RDMs, as
/// `rsatoolbox.inference.boot_noise_ceiling` computes them.
///
/// The RDMs are grouped (by subject: all sessions of a subject form one group, rsatoolbox's
/// `rdm_descriptor`). For each group `g`:
/// - **lower bound**: the pooled RDM of all RDMs *outside* `g` (``RDMPooling``, the rule that
///   suits the method) is compared with each RDM of `g`, and the scores are averaged;
/// - **upper bound**: the pooled RDM of *all* RDMs is compared with each RDM of `g`, averaged.
/// The bounds are the means of these group values over the groups. The true model's expected
/// score lies between them: no model can beat the upper bound, and a model at the lower bound
/// predicts each subject as well as the other subjects do.
public struct NoiseCeiling: Sendable, Hashable {
    /// The mean over groups of the leave-one-group-out scores.
    public var lower: Double
    /// The mean over groups of the scores of the pooled RDM of all groups.
    public var upper: Double
    /// The lower-bound score of each group (`NaN` for a group not drawn in a resample).
    public var groupLower: [Double]
    /// The upper-bound score of each group.
    public var groupUpper: [Double]

    /// Creates a noise ceiling from its parts.
    public init(lower: Double, upper: Double, groupLower: [Double], groupUpper: [Double]) {
        self.lower = lower
        self.upper = upper
        self.groupLower = groupLower
        self.groupUpper = groupUpper
    }

    /// The noise ceiling of `rdms`.
    ///
    /// - Parameters:
    ///   - rdms: The reference RDMs (condensed).
    ///   - groups: The group (`0..<groupCount`) of each RDM; RDMs of one group are left out together.
    ///   - groupCount: The number of groups.
    ///   - method: The comparison method (decides the pooling rule).
    ///   - groupWeights: How often each group was drawn (bootstrap over subjects; `nil` = once each).
    ///     Undrawn groups (0) are skipped; a group drawn `k` times weighs `k` in the pooled RDMs.
    ///   - pairWeights: Pair multiplicities of a bootstrap over stimuli (`nil` = 1 each).
    ///   - covariance: Pattern covariance for whitened methods.
    /// - Throws: ``RSAError`` if fewer than two groups are drawn, or a comparison fails.
    /// - Complexity: O(g·m·N) for `g` groups of `m` RDMs of `N` pairs.
    public static func compute(
        _ rdms: [RDMVector], groups: [Int], groupCount: Int, method: RDMComparisonMethod,
        groupWeights: [Double]? = nil, pairWeights: [Double]? = nil, covariance: PatternCovariance? = nil
    ) throws(RSAError) -> NoiseCeiling {
        guard groups.count == rdms.count else {
            throw .sizeMismatch(what: "noise ceiling: group labels", expected: rdms.count, actual: groups.count)
        }
        let drawn = (0..<groupCount).filter { (groupWeights?[$0] ?? 1) > 0 && groups.contains($0) }
        guard drawn.count >= 2 else {
            throw .tooFew(what: "noise ceiling: groups (subjects)", minimum: 2, actual: drawn.count)
        }
        func weight(_ r: Int) -> Double { groupWeights?[groups[r]] ?? 1 }
        let all = RDMVector(
            RDMPooling.pool(rdms, method: method, rdmWeights: rdms.indices.map(weight), pairWeights: pairWeights))
        var lower = [Double](repeating: .nan, count: groupCount)
        var upper = [Double](repeating: .nan, count: groupCount)
        for g in drawn {
            let others = rdms.indices.map { groups[$0] == g ? 0 : weight($0) }
            let left = RDMVector(RDMPooling.pool(rdms, method: method, rdmWeights: others, pairWeights: pairWeights))
            var lo = 0.0
            var up = 0.0
            var members = 0
            for r in rdms.indices where groups[r] == g {
                lo += try RDMComparison.score(
                    left, rdms[r], method: method, weights: pairWeights, covariance: covariance)
                up += try RDMComparison.score(
                    all, rdms[r], method: method, weights: pairWeights, covariance: covariance)
                members += 1
            }
            lower[g] = lo / Double(members)
            upper[g] = up / Double(members)
        }
        let mean: ([Double]) -> Double = { values in drawn.reduce(0.0) { $0 + values[$1] } / Double(drawn.count) }
        return NoiseCeiling(lower: mean(lower), upper: mean(upper), groupLower: lower, groupUpper: upper)
    }
}

/// The pooled ("best-predicting") RDM of a set of RDMs for a comparison method, by rsatoolbox's
/// rule (`rsatoolbox.util.inference_util.pool_rdm`, the one its noise ceilings use):
///
/// | methods | pooling |
/// |---|---|
/// | ``RDMComparisonMethod/cosine``, ``RDMComparisonMethod/whitenedCosine`` | scale each RDM to unit root-mean-square, then average |
/// | ``RDMComparisonMethod/pearson``, ``RDMComparisonMethod/whitenedPearson`` | z-score each RDM (population SD, `ddof = 0`), average, then subtract the minimum |
/// | rank methods (Spearman, rho-a, tau-a, tau-b) | rank each RDM (average ranks, `NaN` kept), average the ranks |
///
/// rsatoolbox warns that the tau ceilings rest on averaged ranks; the rule is kept for them too.
/// A pair missing (`NaN`) in any RDM is missing in the pooled RDM.
///
/// Resampling enters through two kinds of weights: *RDM weights* (how often each RDM was drawn
/// in a bootstrap over subjects: a weighted mean) and *pair weights* (how often each pair occurs
/// in a bootstrap over stimuli, ``CondensedRDM/pairWeights(counts:)``: the means, SDs and ranks are
/// those of the expanded sample). With both at 1 the result is rsatoolbox's.
public enum RDMPooling {
    /// The pooled RDM of `rdms` (condensed vectors of equal length).
    ///
    /// - Parameters:
    ///   - rdms: The RDMs to pool.
    ///   - method: The comparison method the pooled RDM should predict best under.
    ///   - rdmWeights: A non-negative weight per RDM (`nil` = 1 each).
    ///   - pairWeights: A multiplicity per pair (`nil` = 1 each); pairs of weight 0 are ignored
    ///     and left as they come out (they never enter a comparison).
    /// - Returns: The pooled condensed vector.
    /// - Complexity: O(m·N) for `m` RDMs of `N` pairs (ranks: from the prepared sort orders).
    public static func pool(
        _ rdms: [RDMVector], method: RDMComparisonMethod, rdmWeights: [Double]? = nil, pairWeights: [Double]? = nil
    ) -> [Double] {
        precondition(!rdms.isEmpty, "RDMPooling.pool: no RDMs")
        let count = rdms[0].count
        var missing = [Bool](repeating: false, count: count)
        for r in rdms { for k in 0..<count where r.values[k].isNaN { missing[k] = true } }
        var pooled = [Double](repeating: 0, count: count)
        var totalWeight = 0.0
        for (index, rdm) in rdms.enumerated() {
            let weight = rdmWeights?[index] ?? 1
            guard weight > 0 else { continue }
            totalWeight += weight
            let transformed = Self.transform(rdm, method: method, pairWeights: pairWeights)
            for k in 0..<count { pooled[k] += weight * transformed[k] }
        }
        for k in 0..<count { pooled[k] = missing[k] ? .nan : pooled[k] / totalWeight }
        if method == .pearson || method == .whitenedPearson {
            var minimum = Double.infinity
            for k in 0..<count where !missing[k] && (pairWeights?[k] ?? 1) > 0 { minimum = min(minimum, pooled[k]) }
            if minimum.isFinite { for k in 0..<count where !missing[k] { pooled[k] -= minimum } }
        }
        return pooled
    }

    /// One RDM transformed for pooling (unit RMS, z-scores or ranks), over its own finite pairs.
    static func transform(_ rdm: RDMVector, method: RDMComparisonMethod, pairWeights: [Double]?) -> [Double] {
        let v = rdm.values
        let w: (Int) -> Double = { k in v[k].isNaN ? 0 : (pairWeights?[k] ?? 1) }
        switch method {
        case .cosine, .whitenedCosine:
            var total = 0.0
            var squares = 0.0
            for k in 0..<v.count where w(k) > 0 {
                total += w(k)
                squares += w(k) * v[k] * v[k]
            }
            let scale = 1 / (squares / total).squareRoot()
            return v.map { $0 * scale }
        case .pearson, .whitenedPearson:
            var total = 0.0
            var sum = 0.0
            for k in 0..<v.count where w(k) > 0 {
                total += w(k)
                sum += w(k) * v[k]
            }
            let mean = sum / total
            var squares = 0.0
            for k in 0..<v.count where w(k) > 0 { squares += w(k) * (v[k] - mean) * (v[k] - mean) }
            let sd = (squares / total).squareRoot()
            return v.map { ($0 - mean) / sd }
        case .spearman, .spearmanRhoA, .kendallTauA, .kendallTauB:
            let weights = (0..<v.count).map { w($0) }
            let (centered, total) = rdm.centeredRanks(weights: weights)
            let mean = (total + 1) / 2
            return centered.map { $0 + mean }
        }
    }
}

/// Kendall's rank correlation between two vectors whose entries may stand for several identical
/// copies (integer weights: a bootstrap sample's pair multiplicities), in O(N log N).
///
/// With `W = Σ w` copies, `T = W(W−1)/2` pairs of copies, `Tₓ`, `Tᵧ` the pairs tied in `x`, in
/// `y`, `Tₓᵧ` the pairs tied in both and `D` the discordant pairs, `C − D = T − Tₓ − Tᵧ + Tₓᵧ − 2D`
/// (copies of one entry are tied in both). Then
/// - tau-a `= (C − D) / T` (rsatoolbox's `_tau_a`),
/// - tau-b `= (C − D) / √((T − Tₓ)(T − Tᵧ))` (`scipy.stats.kendalltau(variant='b')`), `NaN` when
///   either vector is constant;
/// both clipped to [−1, 1] as the references do. `D` is counted with a Fenwick tree over the
/// ranks of `y` while the entries are visited in `x` order, one tie group of `x` at a time.
public enum KendallTau {
    /// The variant.
    public enum Variant: Sendable, Hashable {
        /// No tie correction: `(C − D) / T`.
        case a
        /// Tie-corrected: `(C − D) / √((T − Tₓ)(T − Tᵧ))`.
        case b
    }

    /// Kendall's tau between the entries of `x` and `y` with positive weight (`nil` = all 1),
    /// skipping entries that are `NaN` in either.
    ///
    /// - Complexity: O(N log N).
    public static func tau(_ x: [Double], _ y: [Double], weights: [Double]? = nil, variant: Variant) -> Double {
        precondition(x.count == y.count, "KendallTau: \(x.count) and \(y.count) entries")
        var items = [Int]()
        items.reserveCapacity(x.count)
        for i in 0..<x.count where !x[i].isNaN && !y[i].isNaN && (weights?[i] ?? 1) > 0 { items.append(i) }
        let w: (Int) -> Double = { weights?[$0] ?? 1 }
        let total = items.reduce(0.0) { $0 + w($1) }
        let pairs = total * (total - 1) / 2
        guard pairs > 0 else { return .nan }
        func tiePairs(_ weight: Double) -> Double { weight * (weight - 1) / 2 }

        // Dense ranks of y (1-based) and y ties.
        var byY = items
        byY.sort { y[$0] < y[$1] }
        var yRank = [Int](repeating: 0, count: x.count)
        var yTies = 0.0
        var rank = 0
        var s = 0
        while s < byY.count {
            var e = s + 1
            while e < byY.count && y[byY[e]] == y[byY[s]] { e += 1 }
            rank += 1
            var g = 0.0
            for k in s..<e {
                yRank[byY[k]] = rank
                g += w(byY[k])
            }
            yTies += tiePairs(g)
            s = e
        }
        // Visit in (x, y) order.
        var byX = items
        byX.sort { x[$0] < x[$1] || (x[$0] == x[$1] && y[$0] < y[$1]) }
        var tree = [Double](repeating: 0, count: rank + 1)
        func add(_ r: Int, _ v: Double) {
            var i = r
            while i <= rank {
                tree[i] += v
                i += i & (-i)
            }
        }
        func prefix(_ r: Int) -> Double {
            var i = r
            var acc = 0.0
            while i > 0 {
                acc += tree[i]
                i -= i & (-i)
            }
            return acc
        }
        var xTies = 0.0
        var jointTies = 0.0
        var discordant = 0.0
        var inserted = 0.0
        s = 0
        while s < byX.count {
            var e = s + 1
            while e < byX.count && x[byX[e]] == x[byX[s]] { e += 1 }
            var g = 0.0
            var j = s
            while j < e {
                // Joint tie groups inside the x group (y sorted within it).
                var f = j + 1
                while f < e && y[byX[f]] == y[byX[j]] { f += 1 }
                var jg = 0.0
                for k in j..<f { jg += w(byX[k]) }
                jointTies += tiePairs(jg)
                // Copies already inserted (smaller x) with larger y are discordant.
                let greater = inserted - prefix(yRank[byX[j]])
                discordant += jg * greater
                g += jg
                j = f
            }
            for k in s..<e { add(yRank[byX[k]], w(byX[k])) }
            inserted += g
            xTies += tiePairs(g)
            s = e
        }
        let concordantMinusDiscordant = pairs - xTies - yTies + jointTies - 2 * discordant
        let tau: Double
        switch variant {
        case .a:
            tau = concordantMinusDiscordant / pairs
        case .b:
            let denominator = ((pairs - xTies) * (pairs - yTies)).squareRoot()
            guard denominator > 0 else { return .nan }
            tau = concordantMinusDiscordant / denominator
        }
        return min(1, max(-1, tau))
    }
}

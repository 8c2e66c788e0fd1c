/// A measure of agreement between two RDMs, as `rsatoolbox.rdm.compare` computes it.
///
/// | method | rsatoolbox | definition |
/// |---|---|---|
/// | ``pearson`` | `'corr'` | Pearson r of the condensed vectors |
/// | ``spearman`` | `'spearman'` | Pearson r of the average ranks (`rankdata`) |
/// | ``kendallTauA`` | `'tau-a'` | Kendall tau-a (no tie correction) |
/// | ``kendallTauB`` | `'tau-b'`, `'kendall'` | Kendall tau-b (`scipy.stats.kendalltau`) |
/// | ``spearmanRhoA`` | `'rho-a'` | `12·Σ r̃ₐ r̃ᵦ / (N³ − N)` on centered average ranks |
/// | ``cosine`` | `'cosine'` | cosine of the condensed vectors |
/// | ``whitenedPearson`` | `'corr_cov'` | cosine of the whitened vectors after removing the mean |
/// | ``whitenedCosine`` | `'cosine_cov'` | cosine of the whitened vectors (see ``WhitenedRDM``) |
///
/// Conventions (rsatoolbox's unless said otherwise):
/// - **Missing pairs.** A pair that is `NaN` in either RDM is dropped from that comparison.
///   (rsatoolbox drops the union of `NaN` positions over all RDMs of both arguments and refuses
///   two sets whose positions differ; for one pair of RDMs the two rules agree.)
/// - **Constant vectors.** Pearson, Spearman, rho-a, tau-a and whitened Pearson give **0** when
///   either vector is constant (rsatoolbox's `_cosine` returns 0 for a zero norm); **tau-b gives
///   `NaN`** (as `scipy.stats.kendalltau`). Cosine and whitened cosine are 0 only for a zero
///   (whitened) vector; a constant non-zero RDM has a well-defined cosine. "Constant" is tested
///   exactly (all kept values equal), not after rounding.
/// - **Weights.** Entries may carry integer multiplicities (a bootstrap sample's pair counts,
///   ``CondensedRDM/pairWeights(counts:)``); every measure except the whitened ones then equals
///   the measure of the expanded vector, exactly (ties between copies included). Whitened
///   measures need the sample materialised (``CondensedRDM/subsample(_:conditions:indices:)``).
public enum RDMComparisonMethod: String, Sendable, Hashable, CaseIterable, Codable {
    /// Pearson correlation of the condensed vectors (rsatoolbox `'corr'`).
    case pearson
    /// Spearman correlation: Pearson of the average ranks (rsatoolbox `'spearman'`).
    case spearman
    /// Kendall tau-a, no tie correction (rsatoolbox `'tau-a'`).
    case kendallTauA = "tau-a"
    /// Kendall tau-b, tie-corrected (rsatoolbox `'tau-b'`, `scipy.stats.kendalltau`).
    case kendallTauB = "tau-b"
    /// Spearman's rho-a, the expected Spearman correlation under random tie breaking (rsatoolbox `'rho-a'`).
    case spearmanRhoA = "rho-a"
    /// Cosine similarity of the condensed vectors (rsatoolbox `'cosine'`).
    case cosine
    /// Pearson after whitening (rsatoolbox `'corr_cov'`).
    case whitenedPearson = "whitened-pearson"
    /// Whitened unbiased RDM cosine (rsatoolbox `'cosine_cov'`; linear CKA for squared-Euclidean RDMs).
    case whitenedCosine = "whitened-cosine"

    /// rsatoolbox's name for the method (`rsatoolbox.rdm.compare(method=…)`).
    public var rsatoolboxName: String {
        switch self {
        case .pearson: return "corr"
        case .spearman: return "spearman"
        case .kendallTauA: return "tau-a"
        case .kendallTauB: return "tau-b"
        case .spearmanRhoA: return "rho-a"
        case .cosine: return "cosine"
        case .whitenedPearson: return "corr_cov"
        case .whitenedCosine: return "cosine_cov"
        }
    }

    /// Whether the method compares ranks (its noise ceiling pools ranks).
    public var isRankBased: Bool {
        switch self {
        case .spearman, .kendallTauA, .kendallTauB, .spearmanRhoA: return true
        default: return false
        }
    }

    /// Whether the method whitens the RDMs (no weights; materialise resamples instead).
    public var isWhitened: Bool { self == .whitenedPearson || self == .whitenedCosine }
}

/// Comparisons of condensed RDM vectors (see ``RDMComparisonMethod`` for the conventions).
public enum RDMComparison {
    /// The agreement of `a` and `b` under `method`.
    ///
    /// - Parameters:
    ///   - a: A condensed RDM (prepared once with ``RDMVector/init(_:)`` when it is compared often).
    ///   - b: Another condensed RDM of the same length.
    ///   - method: The measure.
    ///   - weights: Multiplicities of the pairs (`nil` = 1 each; not for whitened methods).
    ///   - covariance: The pattern covariance for whitened methods (`nil` = independent, equal variance).
    /// - Throws: ``RSAError`` for different lengths, weights with a whitened method, or a bad covariance.
    /// - Complexity: O(N) for Pearson, cosine, Spearman and rho-a (the sort orders are in the
    ///   ``RDMVector``s), O(N log N) for Kendall, O(n³) for whitened methods with missing pairs.
    public static func score(
        _ a: RDMVector, _ b: RDMVector, method: RDMComparisonMethod, weights: [Double]? = nil,
        covariance: PatternCovariance? = nil
    ) throws(RSAError) -> Double {
        guard a.count == b.count else {
            throw .sizeMismatch(what: "RDM comparison: pairs", expected: a.count, actual: b.count)
        }
        if let weights, weights.count != a.count {
            throw .sizeMismatch(what: "RDM comparison: weights", expected: a.count, actual: weights.count)
        }
        if method.isWhitened {
            guard weights == nil else {
                throw .invalidArgument("whitened comparisons take no weights; materialise the resampled RDMs instead")
            }
            let kept = zip(a.values, b.values).map { !$0.isNaN && !$1.isNaN }
            let va = try WhitenedRDM.vector(
                a.values, kept: kept, centerFirst: method == .whitenedPearson, covariance: covariance)
            let vb = try WhitenedRDM.vector(
                b.values, kept: kept, centerFirst: method == .whitenedPearson, covariance: covariance)
            return cosine(va, vb, weights: nil)
        }
        let w = effectiveWeights(a.values, b.values, weights)
        switch method {
        case .pearson: return pearson(a.values, b.values, weights: w)
        case .cosine: return cosine(a.values, b.values, weights: w)
        case .spearman, .spearmanRhoA:
            let (ra, total) = a.centeredRanks(weights: w)
            let (rb, _) = b.centeredRanks(weights: w)
            if method == .spearmanRhoA {
                var s = 0.0
                for i in 0..<ra.count where w[i] > 0 { s += w[i] * ra[i] * rb[i] }
                let denominator = total * total * total - total
                return denominator > 0 ? 12 * s / denominator : 0
            }
            return centeredCosine(ra, rb, weights: w)
        case .kendallTauA: return KendallTau.tau(a.values, b.values, weights: w, variant: .a)
        case .kendallTauB: return KendallTau.tau(a.values, b.values, weights: w, variant: .b)
        case .whitenedPearson, .whitenedCosine: fatalError("handled above")
        }
    }

    /// The agreement of two plain condensed vectors (prepared on the fly).
    public static func score(
        _ a: [Double], _ b: [Double], method: RDMComparisonMethod, weights: [Double]? = nil,
        covariance: PatternCovariance? = nil
    ) throws(RSAError) -> Double {
        try score(RDMVector(a), RDMVector(b), method: method, weights: weights, covariance: covariance)
    }

    /// Scores of every RDM in `rows` against every RDM in `columns` (`rows.count × columns.count`),
    /// as `rsatoolbox.rdm.compare(rows, columns, method)` (missing pairs dropped per pair).
    ///
    /// - Throws: ``RSAError`` as ``score(_:_:method:weights:covariance:)``.
    public static func scores(
        _ rows: [RDMVector], _ columns: [RDMVector], method: RDMComparisonMethod, covariance: PatternCovariance? = nil
    ) throws(RSAError) -> Matrix {
        var out = Matrix.zeros(rows: rows.count, columns: columns.count)
        for (i, a) in rows.enumerated() {
            for (j, b) in columns.enumerated() {
                out[i, j] = try score(a, b, method: method, covariance: covariance)
            }
        }
        return out
    }

    /// `weights` (or 1) with 0 wherever `a` or `b` is `NaN`.
    static func effectiveWeights(_ a: [Double], _ b: [Double], _ weights: [Double]?) -> [Double] {
        var w = weights ?? [Double](repeating: 1, count: a.count)
        for i in 0..<a.count where a[i].isNaN || b[i].isNaN { w[i] = 0 }
        return w
    }

    /// Weighted Pearson correlation over entries with positive weight; 0 if either has zero spread.
    static func pearson(_ a: [Double], _ b: [Double], weights w: [Double]) -> Double {
        var total = 0.0
        var sa = 0.0
        var sb = 0.0
        for i in 0..<a.count where w[i] > 0 {
            total += w[i]
            sa += w[i] * a[i]
            sb += w[i] * b[i]
        }
        guard total > 0, !isConstant(a, w), !isConstant(b, w) else { return 0 }
        let (ma, mb) = (sa / total, sb / total)
        var sab = 0.0
        var saa = 0.0
        var sbb = 0.0
        for i in 0..<a.count where w[i] > 0 {
            let (da, db) = (a[i] - ma, b[i] - mb)
            sab += w[i] * da * db
            saa += w[i] * da * da
            sbb += w[i] * db * db
        }
        return saa > 0 && sbb > 0 ? sab / (saa * sbb).squareRoot() : 0
    }

    /// Weighted cosine over entries with positive weight (`nil` = all); 0 for a zero vector.
    static func cosine(_ a: [Double], _ b: [Double], weights w: [Double]?) -> Double {
        var sab = 0.0
        var saa = 0.0
        var sbb = 0.0
        for i in 0..<a.count {
            let wi = w?[i] ?? 1
            guard wi > 0 else { continue }
            sab += wi * a[i] * b[i]
            saa += wi * a[i] * a[i]
            sbb += wi * b[i] * b[i]
        }
        return saa > 0 && sbb > 0 ? sab / (saa * sbb).squareRoot() : 0
    }

    /// Cosine of already-centered vectors (ranks): Pearson without re-centering.
    static func centeredCosine(_ a: [Double], _ b: [Double], weights w: [Double]) -> Double {
        var sab = 0.0
        var saa = 0.0
        var sbb = 0.0
        for i in 0..<a.count where w[i] > 0 {
            sab += w[i] * a[i] * b[i]
            saa += w[i] * a[i] * a[i]
            sbb += w[i] * b[i] * b[i]
        }
        return saa > 0 && sbb > 0 ? sab / (saa * sbb).squareRoot() : 0
    }

    /// Whether every entry with positive weight has the same value.
    static func isConstant(_ x: [Double], _ w: [Double]) -> Bool {
        var first: Double?
        for i in 0..<x.count where w[i] > 0 {
            if let f = first {
                if x[i] != f { return false }
            } else {
                first = x[i]
            }
        }
        return true
    }
}

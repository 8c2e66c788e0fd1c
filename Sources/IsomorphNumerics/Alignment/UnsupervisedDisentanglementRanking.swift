/// Unsupervised Disentanglement Ranking, Spearman variant (UDR_S; Duan et al. 2020, ICLR):
/// models trained with the same hyperparameters but different seeds agree on a disentangled
/// representation up to permutation and sign, and disagree on an entangled one.
///
/// For models `a` and `b` with latents on the same stimuli, `R_ij = |Spearman(z_a,i, z_b,j)|`
/// over stimuli, restricted to the informative latents of both (`d_a`, `d_b` of them; as the
/// reference implementation, `disentanglement_lib/evaluation/udr`, restricts the matrix), and
///
///     UDR_ab = 1/(d_a + d_b) · [ Σ_j (max_i R_ij)² / Σ_i R_ij  +  Σ_i (max_j R_ij)² / Σ_j R_ij ].
///
/// Each term is 1 when a latent matches exactly one latent of the other model and `1/d` when it
/// correlates equally with all `d`. A model's UDR is the median of its pair scores against the
/// other models of its group.
///
/// ### Conventions
/// - NaN correlations (a constant latent) count as 0, and a latent whose correlations are all 0
///   contributes 0 (`nan_to_num`, as the reference code).
/// - A pair in which neither model has an informative latent scores 0.
/// - A model alone in its group has no pairs: its UDR is NaN.
public struct UnsupervisedDisentanglementRanking: Sendable, Hashable {
    /// Pair scores (`models × models`, symmetric; NaN on the diagonal and between groups).
    public let pairScores: Matrix
    /// Each model's median pair score within its group (NaN for a model alone in its group).
    public let scores: [Double]
    /// The number of informative latents of each model.
    public let informativeCounts: [Int]

    /// UDR of `models` (each `stimuli × latents`, rows aligned across models).
    ///
    /// - Parameters:
    ///   - models: Latent representations (means of the posterior, for VAEs) on the same stimuli.
    ///   - informative: For each model, which latents are informative (KL > 0.01 in Duan et al.).
    ///   - groups: A group id per model (same hyperparameters); pairs form within groups only.
    ///     `nil` puts every model in one group.
    /// - Precondition: the models have the same number of rows; `informative` and `groups` have
    ///   one entry per model and per latent.
    /// - Complexity: O(M² · n·d²) for M models with d latents over n stimuli, plus ranking.
    public init(models: [Matrix], informative: [[Bool]], groups: [Int]? = nil) {
        let m = models.count
        precondition(informative.count == m, "UDR: \(informative.count) informative masks for \(m) models")
        for (i, model) in models.enumerated() {
            precondition(model.rowCount == models[0].rowCount, "UDR: model \(i) has \(model.rowCount) rows")
            precondition(informative[i].count == model.columnCount, "UDR: model \(i)'s mask has the wrong length")
        }
        let group = groups ?? [Int](repeating: 0, count: m)
        precondition(group.count == m, "UDR: \(group.count) group ids for \(m) models")
        // Rank once per model, restricted to informative latents.
        let ranked = zip(models, informative).map { model, mask in
            SpearmanCorrelation.ranks(model.columns(at: mask.indices.filter { mask[$0] }))
        }
        var pairs = Matrix(rows: m, columns: m, repeating: .nan)
        for a in 0..<m {
            for b in (a + 1)..<m where group[a] == group[b] {
                let score = Self.pairScore(ranked[a].columnCorrelations(with: ranked[b]))
                pairs[a, b] = score
                pairs[b, a] = score
            }
        }
        pairScores = pairs
        scores = (0..<m).map { a in
            Self.median((0..<m).compactMap { b in b != a && group[a] == group[b] ? pairs[a, b] : nil })
        }
        informativeCounts = informative.map { $0.filter { $0 }.count }
    }

    /// The pair score of an (informative × informative) correlation matrix, absolute values taken.
    ///
    /// - Complexity: O(d_a · d_b).
    public static func pairScore(_ correlations: Matrix) -> Double {
        let r = correlations.map { $0.isNaN ? 0 : abs($0) }
        let (da, db) = (r.rowCount, r.columnCount)
        guard da + db > 0 else { return 0 }
        var total = 0.0
        for j in 0..<db {
            let column = r.column(j)
            let sum = column.reduce(0, +)
            if sum > 0 { total += column.max()! * column.max()! / sum }
        }
        for i in 0..<da {
            let row = r.row(i)
            let sum = row.reduce(0, +)
            if sum > 0 { total += row.max()! * row.max()! / sum }
        }
        return total / Double(da + db)
    }

    /// The median (mean of the middle two for an even count); NaN when empty.
    static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return .nan }
        let s = values.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }
}

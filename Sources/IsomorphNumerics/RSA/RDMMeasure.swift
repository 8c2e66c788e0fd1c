/// A dissimilarity measure between two activity patterns (rows of a conditions × units matrix).
///
/// Every measure is computed from inner products of prepared rows (one `syrk`/`gemm` for the
/// whole RDM), never pair by pair:
///
/// | measure | rows prepared as | `d(i, j)` | matches |
/// |---|---|---|---|
/// | ``correlation`` | centered, unit norm | `1 − ⟨xᵢ, xⱼ⟩` | `scipy` `pdist(x, 'correlation')`, rsatoolbox `'correlation'` |
/// | ``cosine`` | unit norm | `1 − ⟨xᵢ, xⱼ⟩` | `pdist(x, 'cosine')` |
/// | ``euclidean`` | as is | `√(‖xᵢ‖² + ‖xⱼ‖² − 2⟨xᵢ, xⱼ⟩)` | `pdist(x, 'euclidean')` |
/// | ``squaredEuclideanPerChannel`` | as is | `(‖xᵢ‖² + ‖xⱼ‖² − 2⟨xᵢ, xⱼ⟩) / p` | rsatoolbox `'euclidean'` (squared, divided by the number of channels `p`) |
///
/// Conventions:
/// - The diagonal is exactly 0. A row whose correlation or cosine distance is undefined (a
///   constant row for ``correlation``, an all-zero row for ``cosine``, fewer than two units for
///   ``correlation``) gives `NaN` off the diagonal, as SciPy and rsatoolbox do.
/// - Squared Euclidean distances below 0 (rounding of the norm expansion) are set to 0.
/// - Euclidean measures are translation invariant, so the builder subtracts the column means
///   before the products: this is exact in arithmetic and keeps the norm expansion accurate when
///   the patterns share a large offset.
public enum RDMMeasure: String, Sendable, Hashable, CaseIterable, Codable {
    /// `1 − Pearson r` between the two patterns.
    case correlation
    /// `1 − cos θ` between the two patterns.
    case cosine
    /// The Euclidean distance.
    case euclidean
    /// The squared Euclidean distance divided by the number of channels (rsatoolbox's `'euclidean'`).
    case squaredEuclideanPerChannel = "sqeuclidean-per-channel"

    /// Whether the measure is a Euclidean one (uses row norms; translation invariant).
    @inlinable
    public var isEuclidean: Bool { self == .euclidean || self == .squaredEuclideanPerChannel }
}

/// What is done to each unit (column) across conditions before the distances are computed.
public enum UnitScaling: Sendable, Hashable {
    /// Nothing (Euclidean measures still subtract column means, which changes no distance).
    case none
    /// Subtract each unit's mean over conditions.
    case center
    /// Subtract each unit's mean and divide by its standard deviation (`ddof` explicit); a
    /// constant unit is left at 0 (see `ColumnStandardizer`).
    case standardize(ddof: Int)
}

/// Row statistics a measure needs to turn inner products into distances.
@usableFromInline
struct PreparedRows {
    /// Squared norms of the prepared rows (Euclidean measures).
    @usableFromInline var squaredNorms: [Double]
    /// Rows whose distance is undefined (NaN off the diagonal).
    @usableFromInline var degenerate: [Bool]
}

extension RDMMeasure {
    /// Prepares the rows of `block` in place (centering and normalising for correlation, normalising
    /// for cosine) and returns the row statistics the distances need.
    ///
    /// - Complexity: O(rows · columns).
    @usableFromInline
    func prepare(_ block: inout Matrix) -> PreparedRows {
        let (m, p) = (block.rowCount, block.columnCount)
        var norms = [Double](repeating: 0, count: m)
        var degenerate = [Bool](repeating: false, count: m)
        block.withUnsafeMutableBufferPointer { b in
            for i in 0..<m {
                let row = UnsafeMutableBufferPointer(rebasing: b[(i * p)..<((i + 1) * p)])
                switch self {
                case .correlation:
                    var sum = 0.0
                    var constant = true
                    for v in row {
                        sum += v
                        if v != row[0] { constant = false }
                    }
                    if constant || p < 2 {
                        degenerate[i] = true
                        for j in 0..<p { row[j] = 0 }
                        continue
                    }
                    let mean = sum / Double(p)
                    var ss = 0.0
                    for j in 0..<p {
                        row[j] -= mean
                        ss += row[j] * row[j]
                    }
                    let f = 1 / ss.squareRoot()
                    for j in 0..<p { row[j] *= f }
                case .cosine:
                    var ss = 0.0
                    for v in row { ss += v * v }
                    if ss == 0 {
                        degenerate[i] = true
                        continue
                    }
                    let f = 1 / ss.squareRoot()
                    for j in 0..<p { row[j] *= f }
                case .euclidean, .squaredEuclideanPerChannel:
                    var ss = 0.0
                    for v in row { ss += v * v }
                    norms[i] = ss
                }
            }
        }
        return PreparedRows(squaredNorms: norms, degenerate: degenerate)
    }

    /// Turns inner products `gram[r, c]` between prepared rows `rows` (global indices
    /// `rowOffset...`) and all `n` columns into distances, in place.
    ///
    /// - Parameters:
    ///   - gram: `rows.count × n` inner products.
    ///   - rowStats: Statistics of the rows of `gram`.
    ///   - columnStats: Statistics of all `n` conditions.
    ///   - rowOffset: The global index of `gram`'s first row (for the diagonal).
    ///   - channels: The number of units `p` (for ``squaredEuclideanPerChannel``).
    @usableFromInline
    func distances(
        fromGram gram: inout Matrix, rowStats: PreparedRows, columnStats: PreparedRows, rowOffset: Int, channels: Int
    ) {
        let (m, n) = (gram.rowCount, gram.columnCount)
        let perChannel = 1 / Double(channels)
        gram.withUnsafeMutableBufferPointer { g in
            for r in 0..<m {
                let i = rowOffset + r
                let base = r * n
                switch self {
                case .correlation, .cosine:
                    for j in 0..<n { g[base + j] = 1 - g[base + j] }
                case .euclidean:
                    let ni = rowStats.squaredNorms[r]
                    for j in 0..<n {
                        let d2 = ni + columnStats.squaredNorms[j] - 2 * g[base + j]
                        g[base + j] = d2 > 0 ? d2.squareRoot() : (d2.isNaN ? d2 : 0)
                    }
                case .squaredEuclideanPerChannel:
                    let ni = rowStats.squaredNorms[r]
                    for j in 0..<n {
                        let d2 = ni + columnStats.squaredNorms[j] - 2 * g[base + j]
                        g[base + j] = d2 > 0 ? d2 * perChannel : (d2.isNaN ? d2 : 0)
                    }
                }
                if rowStats.degenerate[r] {
                    for j in 0..<n { g[base + j] = .nan }
                } else {
                    for j in 0..<n where columnStats.degenerate[j] { g[base + j] = .nan }
                }
                if i < n { g[base + i] = 0 }
            }
        }
    }
}

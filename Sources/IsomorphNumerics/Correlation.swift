/// Pearson correlations between columns (variables) or rows (patterns), computed by normalising
/// once and letting BLAS form all inner products.
///
/// Conventions shared by every function here:
/// - A column (or row) that is constant, or has fewer than 2 samples, has no defined correlation:
///   its results are **NaN**, as in `numpy.corrcoef` and `scipy.stats.pearsonr` (never a
///   fabricated 0).
/// - Results are clipped to [−1, 1], as NumPy's `corrcoef` does, so rounding never yields |r| > 1.
/// - NaN in the data propagates: every correlation involving that column (or row) is NaN.
/// - Means and norms are computed in `Double`. The products run in the matrix's element type, so
///   ``FloatMatrix`` results carry single-precision rounding (relative error about 1e−6); convert
///   to ``Matrix`` first when that matters.
extension DenseMatrix {
    /// Each column centered and scaled to unit Euclidean norm, and which columns were degenerate.
    @inlinable
    internal func unitNormColumns() -> (matrix: Self, degenerate: [Bool]) {
        let moments = columnMoments()
        let degenerate = (0..<columnCount).map { moments.isConstant[$0] || rowCount < 2 }
        // Dividing by the root of Σd² (a "standard deviation" with n − ddof = 1) gives unit norm;
        // 0 marks degenerate columns, which the standardizer then leaves at 0.
        let norms = (0..<columnCount).map { j in degenerate[j] ? 0 : moments.sumsOfSquaredDeviations[j].squareRoot() }
        let centered = ColumnStandardizer(means: moments.means, standardDeviations: norms, ddof: nil).transform(self)
        return (centered, degenerate)
    }

    /// Pearson correlation between every column of `self` (`n×p`) and every column of `other`
    /// (`n×q`): the `p×q` matrix NumPy gives as `corrcoef(x, y, rowvar=False)[:p, p:]`.
    ///
    /// Use it for unit-by-neuron correlation tables and model-vs-brain comparisons.
    ///
    /// - Precondition: both matrices have the same number of rows (samples).
    /// - Complexity: O(n·(p + q)) to normalise plus one `gemm`, O(n·p·q).
    @inlinable
    public func columnCorrelations(with other: Self) -> Self {
        precondition(
            rowCount == other.rowCount,
            "columnCorrelations: \(rowCount) samples against \(other.rowCount); rows must match")
        let (zx, dx) = unitNormColumns()
        let (zy, dy) = other.unitNormColumns()
        var r = zx.matmul(zy, transposeSelf: true)
        Self.finishCorrelations(&r, rowDegenerate: dx, columnDegenerate: dy)
        return r
    }

    /// Pearson correlations among the columns of `self` (`p×p`, symmetric, unit diagonal except
    /// for degenerate columns): `numpy.corrcoef(x, rowvar=False)`, through one `syrk`.
    ///
    /// - Complexity: O(n·p²).
    @inlinable
    public func columnCorrelationMatrix() -> Self {
        let (z, d) = unitNormColumns()
        var r = z.gram()
        Self.finishCorrelations(&r, rowDegenerate: d, columnDegenerate: d, unitDiagonal: true)
        return r
    }

    /// Pearson correlations among the rows of `self` (`n×n`): `numpy.corrcoef(x)`. With stimuli
    /// in rows and units in columns, `1 − r` is the correlation-distance RDM.
    ///
    /// Rows are normalised in place of a transpose (they are contiguous), then one `syrk` forms
    /// all inner products.
    ///
    /// - Complexity: O(n·p) to normalise plus O(n²·p).
    @inlinable
    public func rowCorrelationMatrix() -> Self {
        let (m, p) = (rowCount, columnCount)
        var z = self
        var degenerate = [Bool](repeating: false, count: m)
        z.withUnsafeMutableBufferPointer { b in
            for i in 0..<m {
                let row = i * p
                var sum = 0.0
                var constant = true
                for j in 0..<p {
                    sum += Double(b[row + j])
                    if b[row + j] != b[row] { constant = false }
                }
                if constant || p < 2 {
                    degenerate[i] = true
                    for j in 0..<p { b[row + j] = 0 }
                    continue
                }
                let mean = sum / Double(p)
                var ss = 0.0
                for j in 0..<p {
                    let d = Double(b[row + j]) - mean
                    ss += d * d
                }
                let f = 1 / ss.squareRoot()
                for j in 0..<p { b[row + j] = Scalar((Double(b[row + j]) - mean) * f) }
            }
        }
        var r = z.outerGram()
        Self.finishCorrelations(&r, rowDegenerate: degenerate, columnDegenerate: degenerate, unitDiagonal: true)
        return r
    }

    /// The Pearson correlation of each column of `self` with the same column of `other`
    /// (`scipy.stats.pearsonr` per column): the per-neuron prediction accuracy of an encoding model
    /// when `self` holds predictions and `other` responses.
    ///
    /// - Precondition: both matrices have the same shape.
    /// - Complexity: O(rows · columns), two streaming passes; no matrix product.
    @inlinable
    public func pairedColumnCorrelations(with other: Self) -> [Double] {
        checkSameShape(other, "pairedColumnCorrelations")
        let (m, n) = (rowCount, columnCount)
        let mx = columnMoments()
        let my = other.columnMoments()
        var sxy = [Double](repeating: 0, count: n)
        storage.withUnsafeBufferPointer { x in
            other.storage.withUnsafeBufferPointer { y in
                for i in 0..<m {
                    for j in 0..<n {
                        sxy[j] += (Double(x[i * n + j]) - mx.means[j]) * (Double(y[i * n + j]) - my.means[j])
                    }
                }
            }
        }
        return (0..<n).map { j in
            if m < 2 || mx.isConstant[j] || my.isConstant[j] { return .nan }
            let r = sxy[j] / (mx.sumsOfSquaredDeviations[j] * my.sumsOfSquaredDeviations[j]).squareRoot()
            return Self.clipCorrelation(r)
        }
    }

    /// Clips a correlation to [−1, 1], keeping NaN (which `min`/`max` would silently turn into a bound).
    @inlinable @inline(__always)
    internal static func clipCorrelation<T: FloatingPoint>(_ r: T) -> T {
        r.isNaN ? r : (r > 1 ? 1 : (r < -1 ? -1 : r))
    }

    /// Clips to [−1, 1], sets NaN for degenerate rows/columns and, if asked, 1 on the (non-NaN) diagonal of
    /// non-degenerate entries (removing rounding from self-correlations).
    @inlinable
    internal static func finishCorrelations(
        _ r: inout Self, rowDegenerate: [Bool], columnDegenerate: [Bool], unitDiagonal: Bool = false
    ) {
        let n = r.columnCount
        r.withUnsafeMutableBufferPointer { b in
            for i in 0..<rowDegenerate.count {
                for j in 0..<n {
                    let k = i * n + j
                    if rowDegenerate[i] || columnDegenerate[j] {
                        b[k] = .nan
                    } else if unitDiagonal && i == j && !b[k].isNaN {
                        b[k] = 1
                    } else {
                        b[k] = Self.clipCorrelation(b[k])
                    }
                }
            }
        }
    }
}

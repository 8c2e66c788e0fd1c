/// The cross-validated Mahalanobis ("crossnobis") RDM, in rsatoolbox's `calc_rdm_crossnobis`
/// convention.
///
/// Observations carry a condition and a partition (run). For each partition `k` (leave one
/// partition out):
/// - `A` = the mean pattern of each condition over the observations of all *other* partitions,
/// - `B` = the mean pattern of each condition over the observations of partition `k`,
/// - `K = A·Λ·Bᵀ` with the noise precision `Λ` (identity if none is given), and
/// - `dₖ(i, j) = (Kᵢᵢ + Kⱼⱼ − Kᵢⱼ − Kⱼᵢ) / p = (aᵢ − aⱼ)ᵀ Λ (bᵢ − bⱼ) / p`.
///
/// The RDM is the mean of `dₖ` over the partitions. It is an unbiased estimate of the squared
/// Mahalanobis distance per channel, so it can be negative. Condition means are means over
/// observations (rsatoolbox's `average_dataset_by`), not means of run means.
///
/// rsatoolbox silently misaligns conditions when one is missing from a partition; here that is
/// an error (``RSAError/conditionMissingFromPartition(condition:partition:)``). rsatoolbox's
/// variant with one precision matrix per partition is not provided.
public enum Crossnobis {
    /// The crossnobis RDM.
    ///
    /// - Parameters:
    ///   - x: Observations × channels.
    ///   - conditions: The condition (`0..<conditionCount`) of each observation.
    ///   - conditionCount: The number of conditions (RDM size).
    ///   - partitions: The partition (`0..<partitionCount`) of each observation.
    ///   - partitionCount: The number of partitions (folds).
    ///   - noisePrecision: The `p × p` noise precision `Λ`, or `nil` for the identity.
    /// - Returns: The `conditionCount × conditionCount` RDM (zero diagonal).
    /// - Throws: ``RSAError`` for fewer than 2 partitions, mismatched sizes, or a condition
    ///   missing from a partition.
    /// - Complexity: O(k·(n·p + c·p² + c²·p)) for `k` partitions, `n` observations, `c` conditions.
    public static func rdm(
        _ x: Matrix, conditions: [Int], conditionCount: Int, partitions: [Int], partitionCount: Int,
        noisePrecision: Matrix? = nil
    ) throws(RSAError) -> Matrix {
        let (n, p) = (x.rowCount, x.columnCount)
        let c = conditionCount
        guard conditions.count == n else {
            throw .sizeMismatch(what: "crossnobis condition labels", expected: n, actual: conditions.count)
        }
        guard partitions.count == n else {
            throw .sizeMismatch(what: "crossnobis partition labels", expected: n, actual: partitions.count)
        }
        guard partitionCount >= 2 else { throw .tooFewPartitions(partitionCount) }
        if let noisePrecision, noisePrecision.rowCount != p || noisePrecision.columnCount != p {
            throw .sizeMismatch(
                what: "crossnobis noise precision rows and columns (one per channel)", expected: p,
                actual: noisePrecision.rowCount == p ? noisePrecision.columnCount : noisePrecision.rowCount)
        }
        // Per-partition sums and counts of each condition.
        var sums = [Matrix](repeating: .zeros(rows: c, columns: p), count: partitionCount)
        var counts = [[Int]](repeating: [Int](repeating: 0, count: c), count: partitionCount)
        x.withUnsafeBufferPointer { xb in
            for r in 0..<n {
                let (cond, part) = (conditions[r], partitions[r])
                precondition(
                    cond >= 0 && cond < c && part >= 0 && part < partitionCount, "crossnobis: label out of range")
                counts[part][cond] += 1
                sums[part].withUnsafeMutableBufferPointer { s in
                    for j in 0..<p { s[cond * p + j] += xb[r * p + j] }
                }
            }
        }
        for part in 0..<partitionCount {
            if let cond = counts[part].firstIndex(of: 0) {
                throw .conditionMissingFromPartition(condition: cond, partition: part)
            }
        }
        var totalSums = Matrix.zeros(rows: c, columns: p)
        for s in sums { totalSums += s }
        var totalCounts = [Int](repeating: 0, count: c)
        for part in 0..<partitionCount { for k in 0..<c { totalCounts[k] += counts[part][k] } }

        var rdm = Matrix.zeros(rows: c, columns: c)
        for part in 0..<partitionCount {
            let test = sums[part].scalingRows(by: counts[part].map { 1 / Double($0) })
            let train = (totalSums - sums[part]).scalingRows(
                by: (0..<c).map { 1 / Double(totalCounts[$0] - counts[part][$0]) })
            let weighted = noisePrecision.map { train.matmul($0) } ?? train
            let kernel = weighted.matmul(test, transposeOther: true)
            rdm.withUnsafeMutableBufferPointer { d in
                kernel.withUnsafeBufferPointer { k in
                    for i in 0..<c {
                        for j in 0..<c where i != j {
                            d[i * c + j] += k[i * c + i] + k[j * c + j] - k[i * c + j] - k[j * c + i]
                        }
                    }
                }
            }
        }
        let scale = 1 / (Double(p) * Double(partitionCount))
        return rdm * scale
    }
}

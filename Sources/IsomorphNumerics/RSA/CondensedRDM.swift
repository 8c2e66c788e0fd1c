/// The vector ("condensed") form of a representational dissimilarity matrix: the entries above
/// the diagonal in row-major order, as `scipy.spatial.distance.squareform` produces them.
///
/// For `n` conditions the vector has `n(n−1)/2` entries; pair `(i, j)` with `i < j` sits at
/// ``index(_:_:conditions:)``. `NaN` marks a missing pair (excluded from every comparison).
public enum CondensedRDM {
    /// The number of pairs of `n` conditions, `n(n−1)/2`.
    @inlinable
    public static func pairCount(_ n: Int) -> Int { n * (n - 1) / 2 }

    /// The number of conditions whose condensed vector has `length` entries, or `nil` when
    /// `length` is not a triangular number.
    public static func conditionCount(length: Int) -> Int? {
        guard length >= 0 else { return nil }
        // n = (1 + sqrt(1 + 8L)) / 2, checked exactly in integers.
        let n = Int((1 + (1 + 8 * Double(length)).squareRoot()) / 2 + 0.5)
        for candidate in [n - 1, n, n + 1] where candidate >= 1 && pairCount(candidate) == length {
            return candidate
        }
        return length == 0 ? 1 : nil
    }

    /// The position of pair `(i, j)`, `i ≠ j`, in the condensed vector of `n` conditions.
    @inlinable
    public static func index(_ i: Int, _ j: Int, conditions n: Int) -> Int {
        let (a, b) = i < j ? (i, j) : (j, i)
        return a * (2 * n - a - 1) / 2 + (b - a - 1)
    }

    /// The condensed vector of a square matrix (its strict upper triangle, row-major).
    ///
    /// - Precondition: `matrix` is square.
    public static func vector(_ matrix: Matrix) -> [Double] { matrix.upperTriangle() }

    /// The square, symmetric matrix of a condensed vector with the given diagonal (0 for an RDM).
    ///
    /// - Precondition: `vector.count` is a triangular number.
    /// - Complexity: O(n²).
    public static func matrix(_ vector: [Double], diagonal: Double = 0) -> Matrix {
        guard let n = conditionCount(length: vector.count) else {
            preconditionFailure("CondensedRDM.matrix: \(vector.count) entries is not n(n−1)/2 for any n")
        }
        var m = Matrix(rows: n, columns: n, repeating: diagonal)
        m.withUnsafeMutableBufferPointer { b in
            var k = 0
            for i in 0..<n {
                for j in (i + 1)..<n {
                    b[i * n + j] = vector[k]
                    b[j * n + i] = vector[k]
                    k += 1
                }
            }
        }
        return m
    }

    /// The condensed vector of the RDM restricted to the conditions `indices` (in that order;
    /// indices may repeat), as `rsatoolbox.rdm.RDMs.subsample_pattern` forms a bootstrap sample:
    /// a pair of two copies of the same condition is `NaN` (its zero dissimilarity is trivially
    /// predicted by every model, so it is excluded), every other pair takes the original value.
    ///
    /// rsatoolbox sorts the indices first; every comparison method is invariant under a joint
    /// reordering of the conditions, so the order does not change any score.
    ///
    /// - Complexity: O(m²) for `m` indices.
    public static func subsample(_ vector: [Double], conditions n: Int, indices: [Int]) -> [Double] {
        let m = indices.count
        var out = [Double](repeating: .nan, count: pairCount(m))
        var k = 0
        for a in 0..<m {
            for b in (a + 1)..<m {
                let (i, j) = (indices[a], indices[b])
                if i != j { out[k] = vector[index(i, j, conditions: n)] }
                k += 1
            }
        }
        return out
    }

    /// The pair multiplicities of a bootstrap sample: pair `(i, j)` occurs `cᵢ·cⱼ` times in the
    /// sampled RDM when condition `i` was drawn `cᵢ` times (pairs of copies of one condition are
    /// excluded), so a comparison weighted by these counts equals the comparison of the
    /// materialised sample (``subsample(_:conditions:indices:)``) without forming it.
    ///
    /// - Parameters:
    ///   - counts: How often each of the `n` conditions was drawn.
    /// - Returns: `n(n−1)/2` weights in condensed order.
    /// - Complexity: O(n²).
    public static func pairWeights(counts: [Int]) -> [Double] {
        let n = counts.count
        var w = [Double](repeating: 0, count: pairCount(n))
        w.withUnsafeMutableBufferPointer { b in
            var k = 0
            for i in 0..<n {
                let ci = Double(counts[i])
                for j in (i + 1)..<n {
                    b[k] = ci * Double(counts[j])
                    k += 1
                }
            }
        }
        return w
    }

    /// The condensed vector of the RDM with its conditions relabelled by `permutation`: entry
    /// `(i, j)` of the result is entry `(π(i), π(j))` of the input (a permutation test's null RDM).
    ///
    /// - Complexity: O(n²).
    public static func permuted(_ vector: [Double], conditions n: Int, permutation: [Int]) -> [Double] {
        precondition(permutation.count == n, "permuted: \(permutation.count) indices for \(n) conditions")
        var out = [Double](repeating: 0, count: vector.count)
        out.withUnsafeMutableBufferPointer { o in
            vector.withUnsafeBufferPointer { v in
                var k = 0
                for i in 0..<n {
                    let pi = permutation[i]
                    for j in (i + 1)..<n {
                        o[k] = v[index(pi, permutation[j], conditions: n)]
                        k += 1
                    }
                }
            }
        }
        return out
    }
}

/// The covariance of the pattern estimates, used to whiten RDMs before a whitened comparison
/// (rsatoolbox's `sigma_k`).
///
/// Only independent patterns (a diagonal covariance, rsatoolbox's 1-D `sigma_k`) are supported.
/// rsatoolbox's 2-D `sigma_k` switches `compare` to a different estimator (an iterative solve with
/// the covariance of the RDM entries) that disagrees with its own whitening of the second-moment
/// matrix by about 1e-3 for a non-identity covariance, so there is no single reference to match.
public enum PatternCovariance: Sendable, Hashable {
    /// Independent patterns with these variances (rsatoolbox's 1-D `sigma_k`).
    case diagonal([Double])
}

/// The whitened form of an RDM used by the unbiased ("whitened") comparisons, rsatoolbox's
/// `_cov_weighting`: the RDM becomes a second-moment matrix `G = −½·H·D·H` (double-centred,
/// `H` the centring matrix), stretched into a vector of the off-diagonal entries times `√2`
/// followed by the diagonal, so that the Euclidean inner product of two such vectors is the
/// Frobenius inner product `⟨G₁, G₂⟩`.
///
/// The cosine of two whitened vectors is rsatoolbox's `cosine_cov` (the "whitened unbiased RDM
/// cosine" of Diedrichsen et al. 2021); for squared-Euclidean RDMs of feature matrices `X` and
/// `Y`, `G` is `H·X·Xᵀ·H`, so it equals the linear CKA of `X` and `Y` (Kornblith et al. 2019).
///
/// With missing pairs (`NaN`), double centring becomes the weighted least-squares projection
/// rsatoolbox uses: with `S` the incidence of the kept pairs and of the diagonal on the
/// conditions, and weights `½` per pair and 1 per diagonal entry, `c = (SᵀDS)⁻¹ Sᵀ v` and
/// `v − D·S·c` (one Cholesky solve of an `n × n` system); without missing pairs that projection is
/// exactly the double centring.
public enum WhitenedRDM {
    /// The whitened vector of condensed RDM `vector` (missing pairs removed: the result has
    /// `kept + n` entries, kept pairs first in condensed order, then the diagonal).
    ///
    /// - Parameters:
    ///   - vector: The condensed RDM (`NaN` = missing).
    ///   - kept: Which pairs to keep (all finite pairs if `nil`); must exclude every `NaN`.
    ///   - centerFirst: Subtract the mean of the kept entries first (rsatoolbox's `corr_cov`).
    ///   - covariance: The pattern covariance to whiten with, or `nil`.
    /// - Throws: ``RSAError`` for a non-triangular length, variances of the wrong size, or kept
    ///   pairs that do not determine the projection.
    /// - Complexity: O(n²) without missing pairs; O(n³) with them (one Cholesky factorisation).
    public static func vector(
        _ vector: [Double], kept: [Bool]? = nil, centerFirst: Bool = false, covariance: PatternCovariance? = nil
    ) throws(RSAError) -> [Double] {
        guard let n = CondensedRDM.conditionCount(length: vector.count) else {
            throw .notCondensed(length: vector.count)
        }
        let keep = kept ?? vector.map { !$0.isNaN }
        let all = !keep.contains(false)
        var v = vector
        if centerFirst {
            var sum = 0.0
            var count = 0
            for k in 0..<v.count where keep[k] {
                sum += v[k]
                count += 1
            }
            let mean = sum / Double(max(count, 1))
            for k in 0..<v.count where keep[k] { v[k] -= mean }
        }
        // G (off-diagonal, condensed) = −½·v; diagonal 0.
        var pairs = v.map { -0.5 * $0 }
        var diagonal = [Double](repeating: 0, count: n)
        if all {
            // Double centring: G − mᵢ − mⱼ + mm with row means m and grand mean mm.
            var rowSums = [Double](repeating: 0, count: n)
            var k = 0
            for i in 0..<n {
                for j in (i + 1)..<n {
                    rowSums[i] += pairs[k]
                    rowSums[j] += pairs[k]
                    k += 1
                }
            }
            let m = rowSums.map { $0 / Double(n) }
            let grand = rowSums.reduce(0, +) / Double(n * n)
            k = 0
            for i in 0..<n {
                for j in (i + 1)..<n {
                    pairs[k] += grand - m[i] - m[j]
                    k += 1
                }
                diagonal[i] = grand - 2 * m[i]
            }
        } else {
            // Weighted least-squares projection (rsatoolbox's missing-value path).
            var system = Matrix.identity(n)
            var rhs = [Double](repeating: 0, count: n)
            var k = 0
            for i in 0..<n {
                for j in (i + 1)..<n {
                    if keep[k] {
                        system[i, i] += 0.5
                        system[j, j] += 0.5
                        system[i, j] += 0.5
                        system[j, i] += 0.5
                        rhs[i] += pairs[k]
                        rhs[j] += pairs[k]
                    }
                    k += 1
                }
            }
            let c: [Double]
            do {
                c = try system.cholesky().solve(rhs)
            } catch {
                throw .invalidArgument(
                    "whitened comparison: the kept pairs do not determine the condition effects (\(error))")
            }
            k = 0
            for i in 0..<n {
                for j in (i + 1)..<n {
                    pairs[k] -= 0.5 * (c[i] + c[j])
                    k += 1
                }
                diagonal[i] = -c[i]
            }
        }
        switch covariance {
        case nil:
            break
        case .diagonal(let variances):
            guard variances.count == n else {
                throw .sizeMismatch(what: "pattern variances (one per condition)", expected: n, actual: variances.count)
            }
            let s = variances.map { $0.squareRoot() }
            var k = 0
            for i in 0..<n {
                for j in (i + 1)..<n {
                    pairs[k] /= s[i] * s[j]
                    k += 1
                }
                diagonal[i] /= s[i] * s[i]
            }
        }
        let root2 = 2.0.squareRoot()
        var out = [Double]()
        out.reserveCapacity(pairs.count + n)
        for k in 0..<pairs.count where keep[k] { out.append(pairs[k] * root2) }
        out.append(contentsOf: diagonal)
        return out
    }
}

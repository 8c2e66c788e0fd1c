/// Linear centered kernel alignment (CKA) between two representations of the same stimuli
/// (Kornblith et al. 2019), with the biased or the unbiased HSIC estimator.
///
/// With `K = X·Xᵀ` and `L = Y·Yᵀ` (linear kernels of the `n` stimuli):
/// - **biased**: `CKA = ⟨HKH, HLH⟩ / (‖HKH‖·‖HLH‖)` with the centring matrix `H`; for column-
///   centred features this is `‖XᵀY‖²_F / (‖XᵀX‖_F·‖YᵀY‖_F)`. It equals rsatoolbox's whitened
///   RDM cosine (`cosine_cov`) of the squared-Euclidean RDMs (see ``WhitenedRDM``).
/// - **unbiased**: the same ratio of the unbiased HSIC estimator of Song et al. (2012, eq. 5),
///   `HSIC₁(K, L) = [tr(K̃L̃) + 1ᵀK̃1·1ᵀL̃1/((n−1)(n−2)) − 2/(n−2)·1ᵀK̃L̃1] / (n(n−3))` with the
///   diagonals of `K̃`, `L̃` set to 0, the estimator Nguyen, Raghu & Kornblith (2021) use for
///   minibatch CKA. It is computed as the inner product of U-centred kernels (Székely & Rizzo
///   2014), which is `n(n−3)·HSIC₁`, so the ratio is the same. It needs `n ≥ 4` and is `NaN` when
///   an estimated self-HSIC is not positive (possible for tiny or degenerate samples).
public enum CKA {
    /// The HSIC estimator.
    public enum Estimator: String, Sendable, Hashable, CaseIterable, Codable {
        /// The plug-in (biased) estimator (Gretton et al. 2005).
        case biased
        /// The unbiased estimator of Song et al. (2012).
        case unbiased
    }

    /// Linear CKA of `x` (`n × p`) and `y` (`n × q`), rows = the same stimuli.
    ///
    /// - Throws: ``RSAError`` when the row counts differ, or `n < 4` for the unbiased estimator
    ///   (`n < 2` for the biased one).
    /// - Complexity: biased: O(n·min(p, q)·max(p, q) + n·(p² + q²)) in feature space or O(n²·(p + q))
    ///   through the kernels, whichever is cheaper; unbiased: O(n²·(p + q)).
    public static func linear(_ x: Matrix, _ y: Matrix, estimator: Estimator) throws(RSAError) -> Double {
        let n = x.rowCount
        guard y.rowCount == n else {
            throw .sizeMismatch(what: "CKA: stimuli of the second representation", expected: n, actual: y.rowCount)
        }
        let minimum = estimator == .unbiased ? 4 : 2
        guard n >= minimum else {
            throw .tooFew(what: "CKA (\(estimator.rawValue)): stimuli", minimum: minimum, actual: n)
        }
        let xc = x.centered().matrix
        let yc = y.centered().matrix
        let (p, q) = (x.columnCount, y.columnCount)
        if estimator == .biased {
            let featureCost = p * q + p * p + q * q
            let kernelCost = n * (p + q)
            if featureCost <= kernelCost {
                let cross = xc.matmul(yc, transposeSelf: true).frobeniusNorm()
                let xx = xc.gram().frobeniusNorm()
                let yy = yc.gram().frobeniusNorm()
                return xx > 0 && yy > 0 ? cross * cross / (xx * yy) : .nan
            }
            return alignment(xc.outerGram(), yc.outerGram(), estimator: .biased)
        }
        return alignment(xc.outerGram(), yc.outerGram(), estimator: .unbiased)
    }

    /// Kernel alignment of two `n × n` kernel (Gram) matrices with the chosen HSIC estimator.
    ///
    /// - Complexity: O(n²).
    public static func alignment(_ k: Matrix, _ l: Matrix, estimator: Estimator) -> Double {
        let kc = centered(k, estimator: estimator)
        let lc = centered(l, estimator: estimator)
        let kl = frobeniusInner(kc, lc)
        let kk = frobeniusInner(kc, kc)
        let ll = frobeniusInner(lc, lc)
        guard kk > 0, ll > 0 else { return .nan }
        return kl / (kk * ll).squareRoot()
    }

    /// The double-centred (`HKH`, biased) or U-centred (unbiased) kernel.
    ///
    /// U-centring (Székely & Rizzo 2014): zero the diagonal, subtract `rᵢ/(n−2) + rⱼ/(n−2) −
    /// Σr/((n−1)(n−2))` with row sums `r`, zero the diagonal again.
    public static func centered(_ k: Matrix, estimator: Estimator) -> Matrix {
        let n = k.rowCount
        var out = k
        if estimator == .biased {
            let rowMeans = (0..<n).map { i in k.row(i).reduce(0, +) / Double(n) }
            let grand = rowMeans.reduce(0, +) / Double(n)
            out.withUnsafeMutableBufferPointer { b in
                for i in 0..<n { for j in 0..<n { b[i * n + j] += grand - rowMeans[i] - rowMeans[j] } }
            }
            return out
        }
        let nd = Double(n)
        out.withUnsafeMutableBufferPointer { b in
            for i in 0..<n { b[i * n + i] = 0 }
            var means = [Double](repeating: 0, count: n)
            for i in 0..<n {
                var s = 0.0
                for j in 0..<n { s += b[i * n + j] }
                means[i] = s / (nd - 2)
            }
            let shift = means.reduce(0, +) / (2 * (nd - 1))
            for i in 0..<n { means[i] -= shift }
            for i in 0..<n { for j in 0..<n { b[i * n + j] -= means[i] + means[j] } }
            for i in 0..<n { b[i * n + i] = 0 }
        }
        return out
    }

    static func frobeniusInner(_ a: Matrix, _ b: Matrix) -> Double {
        a.withUnsafeBufferPointer { x in
            b.withUnsafeBufferPointer { y in
                Double.dot(n: x.count, x: x.baseAddress!, incx: 1, y: y.baseAddress!, incy: 1)
            }
        }
    }
}

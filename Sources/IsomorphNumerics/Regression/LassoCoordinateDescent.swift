import Foundation

/// The outcome of coordinate descent at one α.
public struct LassoConvergence: Sendable, Hashable, Codable {
    /// The duality gap reached, on the `(1/2n)` objective's scale (scikit-learn's `dual_gaps_`).
    public var gap: Double
    /// Sweeps performed (0 when the warm start already satisfied the rule).
    public var iterations: Int
    /// Whether the gap fell below the tolerance within the allowed sweeps.
    public var converged: Bool

    /// Creates an outcome.
    public init(gap: Double, iterations: Int, converged: Bool) {
        self.gap = gap
        self.iterations = iterations
        self.converged = converged
    }
}

/// Cyclic coordinate descent for one target of a ``LassoDesign``, with warm starts: scikit-learn's
/// `enet_coordinate_descent_gram` (on `XᵀX`) and `enet_coordinate_descent` (on residuals) for
/// the L1 penalty, step for step — the same update order, gap checks, Gap Safe screening and
/// stopping rule — so that a path agrees with `lasso_path` to rounding.
///
/// The solver owns its work vectors; one instance per concurrent task, reused across α and folds.
struct LassoCoordinateDescent {
    let p: Int
    let options: LassoOptions
    /// `Q·w` (Gram) or the residual `ỹ − X̃w` (residual mode, length n).
    private var state: [Double]
    /// `X̃ᵀ(ỹ − X̃w)` at the last gap evaluation.
    private var xta: [Double]
    private var active: [Int]
    private var excluded: [Bool]
    private var diagonal: [Double]

    /// A solver for designs with `p` features and at most `n` samples.
    init(features p: Int, samples n: Int, options: LassoOptions) {
        self.p = p
        self.options = options
        state = [Double](repeating: 0, count: Swift.max(p, n))
        xta = [Double](repeating: 0, count: p)
        active = [Int](repeating: 0, count: p)
        excluded = [Bool](repeating: false, count: p)
        diagonal = [Double](repeating: 0, count: p)
    }

    /// One target of a design, with the vectors the solver reads on every α gathered once.
    struct Target {
        let design: LassoDesign
        let index: Int
        /// `X̃ᵀỹ` for this target.
        let q: [Double]
        /// `ỹ` (residual mode only).
        let y: [Double]

        init(_ design: LassoDesign, target t: Int) {
            self.design = design
            index = t
            q = (0..<design.featureCount).map { design.crossProducts[$0, t] }
            y = design.usesGram ? [] : design.centeredTargets!.column(t)
        }
    }

    /// Minimises `½‖ỹ_t − X̃w‖² + αn‖w‖₁` from the warm start `w` (updated in place).
    mutating func solve(_ target: Target, alpha: Double, w: inout [Double]) -> LassoConvergence {
        let design = target.design
        let l1 = alpha * Double(design.sampleCount)
        let yNorm2 = design.targetSquaredNorms[target.index]
        let outcome: (gap: Double, iterations: Int, converged: Bool)
        if let gram = design.gram {
            outcome = gram.withUnsafeBufferPointer { g in
                solveGram(gram: g.baseAddress!, q: target.q, yNorm2: yNorm2, l1: l1, w: &w)
            }
        } else {
            let xt = design.transposedFeatures!
            outcome = xt.withUnsafeBufferPointer { x in
                solveResidual(
                    xt: x.baseAddress!, n: design.sampleCount, y: target.y, yNorm2: yNorm2, l1: l1, w: &w)
            }
        }
        return LassoConvergence(
            gap: outcome.gap / Double(design.sampleCount), iterations: outcome.iterations,
            converged: outcome.converged)
    }

    // MARK: - Gram variant (scikit-learn's enet_coordinate_descent_gram with beta = 0)

    private mutating func solveGram(
        gram: UnsafePointer<Double>, q: [Double], yNorm2: Double, l1: Double, w: inout [Double]
    ) -> (gap: Double, iterations: Int, converged: Bool) {
        let p = self.p
        let tolerance = options.tolerance * yNorm2
        let screening = options.screening && l1 > 0
        let maxIterations = options.maxIterations
        return w.withUnsafeMutableBufferPointer { wb in
            let w = wb.baseAddress!
            return q.withUnsafeBufferPointer { qb in
                let q = qb.baseAddress!
                return state.withUnsafeMutableBufferPointer { sb in
                    let qw = sb.baseAddress!
                    return xta.withUnsafeMutableBufferPointer { xb in
                        let xta = xb.baseAddress!
                        return active.withUnsafeMutableBufferPointer { ab in
                            let active = ab.baseAddress!
                            return excluded.withUnsafeMutableBufferPointer { eb in
                                let excluded = eb.baseAddress!
                                // Qw = Q·w (the solver keeps it current).
                                Double.gemv(
                                    transpose: false, m: p, n: p, alpha: 1, a: gram, lda: p, x: w, incx: 1, beta: 0,
                                    y: qw, incy: 1)
                                var (gap, dualNorm) = Self.gramGap(p, w, l1, qw, q, yNorm2, xta)
                                if gap >= 0 && gap <= tolerance { return (gap, 0, true) }
                                var activeCount = p
                                if screening {
                                    activeCount = Self.screenGram(
                                        p, gram, w, qw, xta, dualNorm, gap, l1, active, excluded, initial: true)
                                }
                                var iteration = 0
                                var converged = false
                                while iteration < maxIterations {
                                    var wMax = 0.0
                                    var dwMax = 0.0
                                    for f in 0..<activeCount {
                                        let j = screening ? active[f] : f
                                        let qjj = gram[j * p + j]
                                        if qjj == 0 { continue }
                                        let wj = w[j]
                                        let tmp = q[j] - qw[j] + wj * qjj
                                        let shrunk = Swift.max(abs(tmp) - l1, 0)
                                        let updated = tmp > 0 ? shrunk / qjj : (tmp < 0 ? -shrunk / qjj : 0)
                                        w[j] = updated
                                        if updated != wj {
                                            Double.axpy(
                                                n: p, alpha: updated - wj, x: gram + j * p, incx: 1, y: qw, incy: 1)
                                        }
                                        dwMax = Swift.max(dwMax, abs(updated - wj))
                                        wMax = Swift.max(wMax, abs(updated))
                                    }
                                    if wMax == 0 || dwMax / wMax <= options.tolerance || iteration == maxIterations - 1
                                    {
                                        (gap, dualNorm) = Self.gramGap(p, w, l1, qw, q, yNorm2, xta)
                                        if gap <= tolerance {
                                            converged = true
                                            break
                                        }
                                        if screening {
                                            activeCount = Self.screenGram(
                                                p, gram, w, qw, xta, dualNorm, gap, l1, active, excluded,
                                                initial: false)
                                        }
                                    }
                                    iteration += 1
                                }
                                return (gap, converged ? iteration + 1 : maxIterations, converged)
                            }
                        }
                    }
                }
            }
        }
    }

    /// The duality gap (formulation A) and `‖X̃ᵀR‖∞` from `Qw`, writing `X̃ᵀR` into `xta`.
    private static func gramGap(
        _ p: Int, _ w: UnsafePointer<Double>, _ l1: Double, _ qw: UnsafePointer<Double>, _ q: UnsafePointer<Double>,
        _ yNorm2: Double, _ xta: UnsafeMutablePointer<Double>
    ) -> (gap: Double, dualNorm: Double) {
        let qDotW = Double.dot(n: p, x: w, incx: 1, y: q, incy: 1)
        let wQw = Double.dot(n: p, x: w, incx: 1, y: qw, incy: 1)
        let rNorm2 = yNorm2 + wQw - 2 * qDotW
        let ry = yNorm2 - qDotW
        var dualNorm = 0.0
        var l1Norm = 0.0
        for j in 0..<p {
            xta[j] = q[j] - qw[j]
            dualNorm = Swift.max(dualNorm, abs(xta[j]))
            l1Norm += abs(w[j])
        }
        return (dualityGap(l1: l1, l1Norm: l1Norm, rNorm2: rNorm2, ry: ry, dualNorm: dualNorm), dualNorm)
    }

    /// scikit-learn's `dual_gap_formulation_A` for beta = 0.
    @inline(__always)
    private static func dualityGap(l1: Double, l1Norm: Double, rNorm2: Double, ry: Double, dualNorm: Double) -> Double {
        let primal = 0.5 * rNorm2 + l1 * l1Norm
        let scale = dualNorm > l1 ? l1 / dualNorm : 1
        let dual = -0.5 * scale * scale * rNorm2 + scale * ry
        return primal - dual
    }

    /// Gap Safe screening on the Gram matrix; returns the new active count.
    private static func screenGram(
        _ p: Int, _ gram: UnsafePointer<Double>, _ w: UnsafeMutablePointer<Double>, _ qw: UnsafeMutablePointer<Double>,
        _ xta: UnsafePointer<Double>, _ dualNorm: Double, _ gap: Double, _ l1: Double,
        _ active: UnsafeMutablePointer<Int>, _ excluded: UnsafeMutablePointer<Bool>, initial: Bool
    ) -> Int {
        // Floating-point rounding can make the gap slightly negative (scikit-learn takes |gap|).
        let radius = (2 * abs(gap)).squareRoot() / l1
        let denominator = Swift.max(l1, dualNorm)
        var count = 0
        for j in 0..<p {
            if !initial && excluded[j] { continue }
            let qjj = gram[j * p + j]
            if initial && qjj == 0 {
                w[j] = 0
                excluded[j] = true
                continue
            }
            let d = (1 - abs(xta[j] / denominator)) / qjj.squareRoot()
            if d <= radius {
                active[count] = j
                excluded[j] = false
                count += 1
            } else {
                if w[j] != 0 {
                    Double.axpy(n: p, alpha: -w[j], x: gram + j * p, incx: 1, y: qw, incy: 1)
                    w[j] = 0
                }
                excluded[j] = true
            }
        }
        return count
    }

    // MARK: - Residual variant (scikit-learn's enet_coordinate_descent with beta = 0)

    private mutating func solveResidual(
        xt: UnsafePointer<Double>, n: Int, y: [Double], yNorm2: Double, l1: Double, w: inout [Double]
    ) -> (gap: Double, iterations: Int, converged: Bool) {
        let p = self.p
        let screening = options.screening && l1 > 0
        let maxIterations = options.maxIterations
        for j in 0..<p { diagonal[j] = Double.dot(n: n, x: xt + j * n, incx: 1, y: xt + j * n, incy: 1) }
        return w.withUnsafeMutableBufferPointer { wb in
            let w = wb.baseAddress!
            return y.withUnsafeBufferPointer { yb in
                let y = yb.baseAddress!
                return state.withUnsafeMutableBufferPointer { rb in
                    let r = rb.baseAddress!
                    return xta.withUnsafeMutableBufferPointer { xb in
                        let xta = xb.baseAddress!
                        return active.withUnsafeMutableBufferPointer { ab in
                            let active = ab.baseAddress!
                            return excluded.withUnsafeMutableBufferPointer { eb in
                                let excluded = eb.baseAddress!
                                return diagonal.withUnsafeBufferPointer { db in
                                    let norms = db.baseAddress!
                                    // R = ỹ − X̃w: X̃ᵀ is p×n row-major, so X̃ = (X̃ᵀ)ᵀ.
                                    r.update(from: y, count: n)
                                    Double.gemv(
                                        transpose: true, m: p, n: n, alpha: -1, a: xt, lda: n, x: w, incx: 1, beta: 1,
                                        y: r, incy: 1)
                                    let tolerance = options.tolerance * yNorm2
                                    var (gap, dualNorm) = Self.residualGap(p, n, xt, w, l1, r, y, xta)
                                    if gap <= tolerance { return (gap, 0, true) }
                                    var activeCount = p
                                    if screening {
                                        activeCount = Self.screenResidual(
                                            p, n, xt, norms, w, r, xta, dualNorm, gap, l1, active, excluded,
                                            initial: true)
                                    }
                                    var iteration = 0
                                    var converged = false
                                    while iteration < maxIterations {
                                        var wMax = 0.0
                                        var dwMax = 0.0
                                        for f in 0..<activeCount {
                                            let j = screening ? active[f] : f
                                            let njj = norms[j]
                                            if njj == 0 { continue }
                                            let wj = w[j]
                                            let column = xt + j * n
                                            let tmp = Double.dot(n: n, x: column, incx: 1, y: r, incy: 1) + wj * njj
                                            let shrunk = Swift.max(abs(tmp) - l1, 0)
                                            let updated = tmp > 0 ? shrunk / njj : (tmp < 0 ? -shrunk / njj : 0)
                                            w[j] = updated
                                            if updated != wj {
                                                Double.axpy(
                                                    n: n, alpha: wj - updated, x: column, incx: 1, y: r, incy: 1)
                                            }
                                            dwMax = Swift.max(dwMax, abs(updated - wj))
                                            wMax = Swift.max(wMax, abs(updated))
                                        }
                                        if wMax == 0 || dwMax / wMax <= options.tolerance
                                            || iteration == maxIterations - 1
                                        {
                                            (gap, dualNorm) = Self.residualGap(p, n, xt, w, l1, r, y, xta)
                                            if gap <= tolerance {
                                                converged = true
                                                break
                                            }
                                            if screening {
                                                activeCount = Self.screenResidual(
                                                    p, n, xt, norms, w, r, xta, dualNorm, gap, l1, active, excluded,
                                                    initial: false)
                                            }
                                        }
                                        iteration += 1
                                    }
                                    return (gap, converged ? iteration + 1 : maxIterations, converged)
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The duality gap from the residual, writing `X̃ᵀR` into `xta` (one `gemv`).
    private static func residualGap(
        _ p: Int, _ n: Int, _ xt: UnsafePointer<Double>, _ w: UnsafePointer<Double>, _ l1: Double,
        _ r: UnsafePointer<Double>, _ y: UnsafePointer<Double>, _ xta: UnsafeMutablePointer<Double>
    ) -> (gap: Double, dualNorm: Double) {
        Double.gemv(transpose: false, m: p, n: n, alpha: 1, a: xt, lda: n, x: r, incx: 1, beta: 0, y: xta, incy: 1)
        let rNorm2 = Double.dot(n: n, x: r, incx: 1, y: r, incy: 1)
        let ry = Double.dot(n: n, x: r, incx: 1, y: y, incy: 1)
        var dualNorm = 0.0
        var l1Norm = 0.0
        for j in 0..<p {
            dualNorm = Swift.max(dualNorm, abs(xta[j]))
            l1Norm += abs(w[j])
        }
        return (dualityGap(l1: l1, l1Norm: l1Norm, rNorm2: rNorm2, ry: ry, dualNorm: dualNorm), dualNorm)
    }

    /// Gap Safe screening on residuals; returns the new active count.
    private static func screenResidual(
        _ p: Int, _ n: Int, _ xt: UnsafePointer<Double>, _ norms: UnsafePointer<Double>,
        _ w: UnsafeMutablePointer<Double>, _ r: UnsafeMutablePointer<Double>, _ xta: UnsafePointer<Double>,
        _ dualNorm: Double, _ gap: Double, _ l1: Double, _ active: UnsafeMutablePointer<Int>,
        _ excluded: UnsafeMutablePointer<Bool>, initial: Bool
    ) -> Int {
        let radius = (2 * gap).squareRoot() / l1
        let denominator = Swift.max(l1, dualNorm)
        var count = 0
        for j in 0..<p {
            if !initial && excluded[j] { continue }
            if initial && norms[j] == 0 {
                w[j] = 0
                excluded[j] = true
                continue
            }
            let d = (1 - abs(xta[j] / denominator)) / norms[j].squareRoot()
            if d <= radius {
                active[count] = j
                excluded[j] = false
                count += 1
            } else {
                if w[j] != 0 {
                    Double.axpy(n: n, alpha: w[j], x: xt + j * n, incx: 1, y: r, incy: 1)
                    w[j] = 0
                }
                excluded[j] = true
            }
        }
        return count
    }
}

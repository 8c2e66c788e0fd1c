import Foundation

/// The regularized incomplete beta function `I_x(a, b)` and `log B(a, b)`, accurate in both tails,
/// for the Student-t distribution behind ``TTest``.
///
/// `I_x(a, b)` is evaluated by the continued fraction of Numerical Recipes (§6.4, `betacf`) with
/// the modified Lentz method, on `x` when `x < (a + 1)/(a + b + 2)` and otherwise on the mirrored
/// problem `1 − I_{1−x}(b, a)`, where the fraction converges fast. Both `x` and `1 − x` are
/// taken as inputs, so a caller that knows `1 − x` exactly (as the t distribution does:
/// `t²/(ν + t²)`) loses nothing to cancellation near `x = 1`, and the tail value is computed
/// directly rather than as `1 −` something close to 1 — p-values down to ~1e-300 keep their
/// relative accuracy. `log B` uses Stirling-series corrections for large arguments (as R's
/// `lbeta`) so `B(5000, ½)` does not lose digits to the cancellation of three large `lgamma`s.
public enum IncompleteBeta {
    /// `I_x(a, b)` for `a, b > 0`, `x ∈ [0, 1]`.
    ///
    /// - Parameters:
    ///   - a: The first shape parameter (> 0).
    ///   - b: The second shape parameter (> 0).
    ///   - x: The argument, in [0, 1].
    ///   - complement: `1 − x`, when the caller has it more accurately than `1 − x` (default).
    /// - Returns: NaN for parameters outside the domain, or if the fraction did not converge.
    /// - Complexity: O(√max(a, b)) iterations of the continued fraction.
    public static func regularized(a: Double, b: Double, x: Double, complement: Double? = nil) -> Double {
        let y = complement ?? (1 - x)
        guard a > 0, b > 0, x >= 0, y >= 0, x <= 1, y <= 1, !x.isNaN, !y.isNaN else { return .nan }
        if x == 0 { return 0 }
        if y == 0 { return 1 }
        if x < (a + 1) / (a + b + 2) {
            return front(a: a, b: b, x: x, y: y) * fraction(a: a, b: b, x: x) / a
        }
        return 1 - front(a: b, b: a, x: y, y: x) * fraction(a: b, b: a, x: y) / b
    }

    /// `1 − I_x(a, b) = I_{1−x}(b, a)`, computed without cancellation.
    public static func regularizedComplement(a: Double, b: Double, x: Double, complement: Double? = nil) -> Double {
        regularized(a: b, b: a, x: complement ?? (1 - x), complement: x)
    }

    /// `x^a (1 − x)^b / B(a, b)` in logarithms, with `log(1 − x)` from whichever of `x`, `y` is small.
    private static func front(a: Double, b: Double, x: Double, y: Double) -> Double {
        let logX = x < 0.5 ? log(x) : log1p(-y)
        let logY = y < 0.5 ? log(y) : log1p(-x)
        return exp(a * logX + b * logY - logBeta(a, b))
    }

    /// Numerical Recipes' `betacf`: the continued fraction by the modified Lentz method.
    private static func fraction(a: Double, b: Double, x: Double) -> Double {
        let tiny = 1e-300
        let qab = a + b
        let qap = a + 1
        let qam = a - 1
        var c = 1.0
        var d = 1 - qab * x / qap
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        let limit = 10_000 + Int(min(1e7, 20 * max(a, b).squareRoot()))
        for m in 1...limit {
            let md = Double(m)
            let m2 = 2 * md
            var aa = md * (b - md) * x / ((qam + m2) * (a + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            aa = -(a + md) * (qab + md) * x / ((a + m2) * (qap + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) <= Double.ulpOfOne { return h }
        }
        return .nan
    }

    /// `log B(a, b) = log Γ(a) + log Γ(b) − log Γ(a + b)` for `a, b > 0`, with the Stirling
    /// corrections of R's `lbeta` when an argument is ≥ 10.
    ///
    /// - Complexity: O(1).
    public static func logBeta(_ a: Double, _ b: Double) -> Double {
        let p = min(a, b)
        let q = max(a, b)
        if p >= 10 {
            let corr = stirlingCorrection(p) + stirlingCorrection(q) - stirlingCorrection(p + q)
            return -0.5 * log(q) + 0.918_938_533_204_672_741_78 + corr + (p - 0.5) * log(p / (p + q)) + q
                * log1p(-p / (p + q))
        }
        if q >= 10 {
            let corr = stirlingCorrection(q) - stirlingCorrection(p + q)
            return logGamma(p) + corr + p - p * log(p + q) + (q - 0.5) * log1p(-p / (p + q))
        }
        return logGamma(p) + logGamma(q) - logGamma(p + q)
    }

    /// `log Γ(x)` for `x > 0` (the reentrant `lgamma_r`, which sets no global sign).
    static func logGamma(_ x: Double) -> Double {
        var sign: Int32 = 0
        return lgamma_r(x, &sign)
    }

    /// `log Γ(x) − [(x − ½) log x − x + ½ log 2π]` for `x ≥ 10`: the Stirling series
    /// `1/(12x) − 1/(360x³) + 1/(1260x⁵) − 1/(1680x⁷) + 1/(1188x⁹)` (the next term, 691/(360360x¹¹), is < 2e-14 at 10).
    static func stirlingCorrection(_ x: Double) -> Double {
        let inverse = 1 / x
        let i2 = inverse * inverse
        return inverse * (1 / 12 - i2 * (1 / 360 - i2 * (1 / 1260 - i2 * (1 / 1680 - i2 / 1188))))
    }
}

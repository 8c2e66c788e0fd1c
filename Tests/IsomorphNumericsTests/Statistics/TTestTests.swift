import IsomorphNumerics
import IsomorphTestSupport
import Testing

/// t-tests, the Student-t distribution and the regularized incomplete beta function against SciPy
/// (`ttest_ind`, `ttest_1samp`, `stats.t.sf`, `special.betainc`, which uses Boost's `ibeta`).
///
/// Tolerances are relative, because the tails are the point: p-values of 1e-40 must keep their
/// digits, not merely be "close to 0". The continued fraction converges to machine precision and
/// `log B` is accurate to ~1e-15 relative, but the front factor `exp(a·log x + b·log(1−x) − log B)`
/// amplifies an absolute error δ in its exponent into a relative error δ: with exponents up to
/// ~700 in magnitude (p ≈ 1e-300) δ ≈ 700·ε ≈ 1.6e-13. So rtol 1e-12 everywhere, 5e-12 for the
/// most extreme tails (p < 1e-100) and large shape parameters.
@Suite("t-tests against SciPy")
struct TTestTests {
    @Test("regularized incomplete beta matches scipy.special.betainc, both tails")
    func incompleteBeta() throws {
        let cases: [(Double, Double, Double)] = [
            (0.5, 0.5, 0.3), (2, 3, 0.4), (5, 0.5, 1e-10), (0.5, 5, 0.999_999), (50, 0.5, 0.02), (0.5, 50, 0.98),
            (1000, 0.5, 0.999), (2500, 0.5, 0.9), (0.5, 5000, 1e-5), (30, 40, 0.43), (7.25, 1.5, 0.9999),
            (1e-3, 2, 0.5), (3, 1e-3, 0.5), (100, 100, 0.5), (4000, 4000, 0.49),
        ]
        var batch = OracleBatch()
        batch.add(
            "ib", op: "betainc",
            ["a": .vector(cases.map(\.0)), "b": .vector(cases.map(\.1)), "x": .vector(cases.map(\.2))])
        let expected = try batch.run("statistics_ttest").vector("ib", "value")
        let actual = cases.map { IncompleteBeta.regularized(a: $0.0, b: $0.1, x: $0.2) }
        expectAllClose(actual, expected, rtol: 5e-12, atol: 0, "I_x(a, b)")
        #expect(expected.contains { $0 < 1e-30 }, "the cases reach deep into a tail")
        #expect(IncompleteBeta.regularized(a: 2, b: 3, x: 0) == 0)
        #expect(IncompleteBeta.regularized(a: 2, b: 3, x: 1) == 1)
        #expect(IncompleteBeta.regularized(a: -1, b: 3, x: 0.5).isNaN)
        // The complement is computed directly: I_{1−x}(b, a) = 1 − I_x(a, b), no cancellation (the
        // two sides differ only in whether 1 − 0.02 or the literal 0.98 enters: ~1e-13 at p ≈ 1e-86).
        let small = IncompleteBeta.regularizedComplement(a: 0.5, b: 50, x: 0.98)
        expectAllClose(
            [small], [IncompleteBeta.regularized(a: 50, b: 0.5, x: 0.02)], rtol: 1e-12, atol: 0, "complement")
    }

    @Test("Student-t survival function matches scipy.stats.t.sf from the centre to 1e-300")
    func studentT() throws {
        let dfs = [1, 2.5, 10, 57.3, 1000, 1e5]
        let ts = [0, 0.5, -2, 5, 40, 300, -1e3, 1e6]
        let grid = dfs.flatMap { df in ts.map { (df, $0) } }
        var batch = OracleBatch()
        batch.add("t", op: "t_sf", ["t": .vector(grid.map(\.1)), "df": .vector(grid.map(\.0))])
        let expected = try batch.run("statistics_ttest").vector("t", "value")
        let actual = grid.map { StudentTDistribution(degreesOfFreedom: $0.0).survival($0.1) }
        // SciPy underflows to 0 (or a subnormal) where the tail is below ~1e-308: compare there absolutely.
        for (i, (a, e)) in zip(actual, expected).enumerated() {
            let (df, t) = grid[i]
            if e < 1e-290 {
                #expect(a < 1e-280, "df \(df), t \(t): \(a) vs \(e)")
            } else {
                expectAllClose([a], [e], rtol: e < 1e-100 ? 5e-12 : 1e-12, atol: 0, "sf(\(t); \(df))")
            }
        }
        #expect(StudentTDistribution(degreesOfFreedom: 4).survival(.infinity) == 0)
        #expect(StudentTDistribution(degreesOfFreedom: 4).cdf(.infinity) == 1)
        #expect(StudentTDistribution(degreesOfFreedom: 4).survival(.nan).isNaN)
    }

    static let samples: [(String, [Double], [Double])] = {
        var g = SeededGenerator(seed: 17)
        let a = g.normals(12).map { 1 + $0 }
        let b = g.normals(30).map { 0.4 + 3 * $0 }
        let far = g.normals(25).map { 50 + $0 }
        let near = g.normals(20).map { $0 }
        return [
            ("unequal sizes and variances", a, b),
            ("huge separation (p ≈ 1e-40 and below)", far, near),
            ("two values each", [1.5, 2.5], [0.25, 3]),
            ("tiny samples, identical", [3, 4, 5], [3, 4, 5]),
        ]
    }()

    @Test("Welch's and Student's tests match ttest_ind for every alternative", arguments: samples)
    func twoSample(_ name: String, _ a: [Double], _ b: [Double]) throws {
        var batch = OracleBatch()
        batch.add("w", op: "welch", ["a": .vector(a), "b": .vector(b)])
        batch.add("s", op: "student", ["a": .vector(a), "b": .vector(b)])
        let r = try batch.run("statistics_ttest")
        for alternative in TTestAlternative.allCases {
            let key = alternative.rawValue
            for (op, result) in [
                ("w", TTest.welch(a, b, alternative: alternative)),
                ("s", TTest.student(a, b, alternative: alternative)),
            ] {
                expectAllClose(
                    [result.statistic, result.degreesOfFreedom],
                    [try r.scalar(op, "\(key)_t"), try r.scalar(op, "\(key)_df")], rtol: 1e-13, atol: 0,
                    "\(name) \(op) \(key): t and df")
                expectAllClose(
                    [result.pValue], [try r.scalar(op, "\(key)_p")], rtol: 1e-12, atol: 0, "\(name) \(op) \(key): p")
            }
        }
    }

    @Test("the one-sample test matches ttest_1samp for every alternative")
    func oneSample() throws {
        var g = SeededGenerator(seed: 3)
        let a = g.normals(15).map { 0.3 + $0 }
        var batch = OracleBatch()
        batch.add("o", op: "one_sample", ["a": .vector(a), "popmean": .scalar(0.1)])
        batch.add("far", op: "one_sample", ["a": .vector(a), "popmean": .scalar(-8)])
        let r = try batch.run("statistics_ttest")
        for (name, mu) in [("o", 0.1), ("far", -8.0)] {
            for alternative in TTestAlternative.allCases {
                let key = alternative.rawValue
                let result = TTest.oneSample(a, mean: mu, alternative: alternative)
                expectAllClose([result.statistic], [try r.scalar(name, "\(key)_t")], rtol: 1e-13, atol: 0, "\(name) t")
                #expect(result.degreesOfFreedom == 14)
                expectAllClose(
                    [result.pValue], [try r.scalar(name, "\(key)_p")], rtol: 1e-12, atol: 0, "\(name) \(key) p")
            }
        }
    }

    @Test("degenerate samples follow SciPy: zero variance, NaN, too few values")
    func degenerate() {
        let separated = TTest.welch([2, 2, 2], [1, 1])
        #expect(separated.statistic == .infinity && separated.pValue == 0 && separated.degreesOfFreedom == 1)
        let same = TTest.welch([2, 2], [2, 2, 2])
        #expect(same.statistic.isNaN && same.pValue.isNaN)
        #expect(TTest.welch([1, .nan, 3], [1, 2]).pValue.isNaN)
        #expect(TTest.oneSample([1], mean: 0).pValue.isNaN)
        #expect(TTest.welch([2, 2, 2], [1, 1], alternative: .less).pValue == 1)
    }
}

import IsomorphArrays
import IsomorphNumerics
import IsomorphTestSupport
import Testing

/// Noise ceilings against `rsatoolbox.inference.boot_noise_ceiling` (leave-one-subject-out lower
/// bound, all-subjects upper bound, rsatoolbox's pooling rule per method), on synthetic RDMs and
/// on the Kriegeskorte et al. (2008) human IT RDMs.
///
/// Tolerance: means of ≤ 16 comparisons of pooled vectors of ≤ 4186 pairs: atol 1e-12 (whitened
/// methods, whose projection differs in the order of operations: 1e-11).
@Suite("noise ceilings against rsatoolbox")
struct NoiseCeilingTests {
    static func check(_ rdms: [[Double]], _ groups: [Int], _ r: OracleResults, _ name: String) throws {
        let vectors = rdms.map(RDMVector.init)
        for method in RDMComparisonMethod.allCases {
            let ceiling = try NoiseCeiling.compute(
                vectors, groups: groups, groupCount: Set(groups).count, method: method)
            let tol = method.isWhitened ? 1e-11 : 1e-12
            expectAllClose(
                [ceiling.lower, ceiling.upper],
                [try r.scalar(name, "lower_\(method.rawValue)"), try r.scalar(name, "upper_\(method.rawValue)")],
                rtol: 0, atol: tol, "\(name): \(method)")
            #expect(ceiling.lower <= ceiling.upper, "\(name) \(method): lower ≤ upper")
        }
    }

    static let synthetic: [[Double]] = {
        var v = RSATestData.noisy(7, conditions: 15, noise: 1.2, seed: 5)
        for k in [3, 50, 77] { for i in v.indices { v[i][k] = .nan } }
        return v
    }()
    static let syntheticGroups = [0, 1, 1, 1, 2, 3, 3]

    /// Adds the ceiling cases to a batch (see ``RSAOracles/inference``).
    static func addCases(to batch: inout OracleBatch) throws {
        let (hit, hitGroups) = try RSATestData.humanIT()
        batch.add(
            "synthetic", op: "ceiling",
            ["refs": .matrix(Matrix(rows: synthetic)), "groups": .integers(syntheticGroups)])
        batch.add("hit", op: "ceiling", ["refs": .matrix(Matrix(rows: hit)), "groups": .integers(hitGroups)])
    }

    @Test("synthetic subjects (1 or 3 RDMs each, missing pairs) and the hIT RDMs, every method")
    func agreesWithRsatoolbox() throws {
        let (hit, hitGroups) = try RSATestData.humanIT()
        let r = try RSAOracles.inference.get()
        try Self.check(Self.synthetic, Self.syntheticGroups, r, "synthetic")
        try Self.check(hit, hitGroups, r, "hit")
    }

    @Test("one group cannot have a ceiling")
    func tooFewGroups() {
        let rdms = RSATestData.noisy(3, conditions: 6, noise: 1, seed: 1).map(RDMVector.init)
        #expect(throws: RSAError.tooFew(what: "noise ceiling: groups (subjects)", minimum: 2, actual: 1)) {
            try NoiseCeiling.compute(rdms, groups: [0, 0, 0], groupCount: 1, method: .spearman)
        }
    }
}

import IsomorphArrays
import IsomorphNumerics
import IsomorphTestSupport

/// Shared RDM fixtures for the RSA suites: the Kriegeskorte et al. (2008) human and monkey IT
/// RDMs from the data root, and seeded synthetic RDM sets.
enum RSATestData {
    /// The 8 hIT RDMs (4 subjects × 2 sessions, order BE s1, BE s2, KO s1, …), condensed, and
    /// their subject groups.
    static func humanIT() throws -> (rdms: [[Double]], groups: [Int]) {
        let a = try NPY.read(contentsOf: TestData.path("kriegeskorte2008_92images/npy/hIT_rdms_4subj_2sess.npy"))
        let values = try require(a.doubles)
        let rdms = (0..<8).map { k in
            CondensedRDM.vector(Matrix(rows: 92, columns: 92, elements: Array(values[(k * 8464)..<((k + 1) * 8464)])))
        }
        return (rdms, [0, 0, 1, 1, 2, 2, 3, 3])
    }

    /// The monkey IT RDM (Kiani et al. 2007), condensed.
    static func monkeyIT() throws -> [Double] {
        let a = try NPY.read(contentsOf: TestData.path("kriegeskorte2008_92images/npy/mIT_rdm_fig1.npy"))
        return CondensedRDM.vector(Matrix(rows: 92, columns: 92, elements: try require(a.doubles)))
    }

    /// `count` noisy copies of one condensed RDM of `n` conditions (a shared structure plus noise).
    static func noisy(_ count: Int, conditions n: Int, noise: Double, seed: UInt64) -> [[Double]] {
        let pairs = CondensedRDM.pairCount(n)
        let base = TestMatrices.normal(1, pairs, seed: 1000).row(0)
        return (0..<count).map { k in
            let e = TestMatrices.normal(1, pairs, seed: seed &+ UInt64(k)).row(0)
            return zip(base, e).map { 3 + $0 + noise * $1 }
        }
    }
}

/// A value a fixture needed but did not find.
struct MissingValue: Error, CustomStringConvertible {
    let description: String
}

/// Unwraps an optional or throws (as `#require`, usable outside a test body).
func require<T>(_ value: T?, _ what: String = "value") throws -> T {
    guard let value else { throw MissingValue(description: "missing \(what)") }
    return value
}

/// Oracle results shared by several suites, so that each Python reference (and rsatoolbox's slow
/// import) runs once per test process.
enum RSAOracles {
    /// `rsa_rdm.py` on the inputs of ``RDMBuilderTests`` and ``CrossnobisTests``.
    static let rdm: Result<OracleResults, any Error> = Result {
        var batch = OracleBatch()
        batch.add("x", op: "rdm", ["x": .matrix(RDMBuilderTests.data())])
        batch.add("z", op: "rdm_z", ["x": .matrix(RDMBuilderTests.dataWithConstantUnit()), "ddof": .integer(1)])
        batch.add("sq", op: "squareform", ["v": .vector(RDMBuilderTests.squareformInput)])
        let (x, conditions, runs) = CrossnobisTests.data()
        batch.add(
            "plain", op: "crossnobis", ["x": .matrix(x), "conditions": .integers(conditions), "runs": .integers(runs)])
        batch.add(
            "noise", op: "crossnobis",
            [
                "x": .matrix(x), "conditions": .integers(conditions), "runs": .integers(runs),
                "noise": .matrix(CrossnobisTests.precision),
            ])
        return try batch.run("rsa_rdm")
    }

    /// `rsa_inference.py` on the inputs of ``NoiseCeilingTests`` and ``RDMBootstrapTests``.
    static let inference: Result<OracleResults, any Error> = Result {
        var batch = OracleBatch()
        try NoiseCeilingTests.addCases(to: &batch)
        RDMBootstrapTests.addCases(to: &batch)
        return try batch.run("rsa_inference")
    }
}

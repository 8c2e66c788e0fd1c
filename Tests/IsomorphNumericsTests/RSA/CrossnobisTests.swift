import IsomorphNumerics
import IsomorphTestSupport
import Testing

/// Crossnobis RDMs against `rsatoolbox.rdm.calc_rdm(method='crossnobis')`.
///
/// The estimate is a mean of bilinear forms of condition means (sums of ≤ 24 observations of
/// 20 channels): atol 1e-12 for values of order 1.
@Suite("crossnobis RDMs against rsatoolbox")
struct CrossnobisTests {
    /// 6 conditions × 4 runs × 2 repetitions, rows shuffled; signal per condition plus noise.
    static func data() -> (x: Matrix, conditions: [Int], runs: [Int]) {
        var g = SeededGenerator(seed: 21)
        let signal = Matrix.randomNormal(rows: 6, columns: 20, using: &g)
        var labels = [(Int, Int)]()
        for run in 0..<4 { for c in 0..<6 { for _ in 0..<2 { labels.append((c, run)) } } }
        labels.shuffle(using: &g)
        let noise = Matrix.randomNormal(rows: labels.count, columns: 20, using: &g)
        let x = Matrix(rows: labels.count, columns: 20) { i, j in signal[labels[i].0, j] + 0.8 * noise[i, j] }
        return (x, labels.map(\.0), labels.map(\.1))
    }

    static let precision = TestMatrices.spd(20, seed: 3) / 40

    @Test("identity and explicit noise precision, leave-one-run-out folds")
    func agreesWithRsatoolbox() throws {
        let (x, conditions, runs) = Self.data()
        let precision = Self.precision
        let r = try RSAOracles.rdm.get()
        let plain = try Crossnobis.rdm(
            x, conditions: conditions, conditionCount: 6, partitions: runs, partitionCount: 4)
        expectMatrixClose(plain, try r.matrix("plain", "rdm"), rtol: 0, atol: 1e-12, "crossnobis, identity")
        let weighted = try Crossnobis.rdm(
            x, conditions: conditions, conditionCount: 6, partitions: runs, partitionCount: 4, noisePrecision: precision
        )
        expectMatrixClose(weighted, try r.matrix("noise", "rdm"), rtol: 0, atol: 1e-12, "crossnobis, precision")
    }

    @Test("a condition missing from a run, and a single run, are refused with their reason")
    func refusals() {
        let (x, conditions, runs) = Self.data()
        var broken = conditions
        for i in broken.indices where broken[i] == 2 && runs[i] == 1 { broken[i] = 3 }
        #expect(throws: RSAError.conditionMissingFromPartition(condition: 2, partition: 1)) {
            try Crossnobis.rdm(x, conditions: broken, conditionCount: 6, partitions: runs, partitionCount: 4)
        }
        #expect(
            "\(RSAError.conditionMissingFromPartition(condition: 2, partition: 1))"
                == "crossnobis: condition 2 has no observation in partition 1; every condition must occur in every partition"
        )
        #expect(throws: RSAError.tooFewPartitions(1)) {
            try Crossnobis.rdm(
                x, conditions: conditions, conditionCount: 6, partitions: runs.map { _ in 0 }, partitionCount: 1)
        }
    }
}

import IsomorphNumerics
import IsomorphTestSupport
import Testing

/// Cross-validated NNLS reweighting against the same folds computed with `scipy.optimize.nnls`
/// and scored with `rsatoolbox.rdm.compare`. Tolerance: NNLS solutions agree to 1e-10 (see the
/// NNLS suite); scores are correlations of vectors of ≤ 45 pairs built from them: atol 1e-9.
@Suite("cross-validated RDM reweighting against scipy nnls + rsatoolbox")
struct RDMReweightingTests {
    @Test("folds over stimuli, with and without an intercept; folds over subjects recover the weights")
    func agreesWithReference() throws {
        let n = 24
        let layers = (0..<3).map {
            TestMatrices.normal(1, CondensedRDM.pairCount(n), seed: UInt64(30 + $0)).row(0).map { abs($0) }
        }
        var refs = [[Double]]()
        for s in 0..<4 {
            let e: [Double] = TestMatrices.normal(1, CondensedRDM.pairCount(n), seed: UInt64(50 + s)).row(0)
            var ref = [Double](repeating: 1, count: e.count)
            for i in ref.indices { ref[i] += 0.8 * layers[0][i] + 0.3 * layers[2][i] + 0.2 * e[i] }
            refs.append(ref)
        }
        let splits = try Splitter.kFold(folds: 3, shuffle: true).splits(count: n, seed: 5)
        var batch = OracleBatch()
        for intercept in [false, true] {
            batch.add(
                intercept ? "with" : "without", op: "reweight",
                [
                    "models": .matrix(Matrix(rows: layers)), "refs": .matrix(Matrix(rows: refs)),
                    "tests": .matrix(Matrix(rows: splits.map { $0.test.map(Double.init) })),
                    "method": .text("spearman"), "intercept": .integer(intercept ? 1 : 0),
                ])
        }
        let r = try batch.run("statistics_reference")
        for intercept in [false, true] {
            let name = intercept ? "with" : "without"
            let folds = try RDMReweighting.crossValidate(
                models: layers.map(RDMVector.init), references: refs.map(RDMVector.init), groups: [0, 1, 2, 3],
                splits: splits, axis: .stimuli, method: .spearman, intercept: intercept)
            expectMatrixClose(
                Matrix(rows: folds.map { $0.weights }), try r.matrix(name, "weights"), rtol: 0, atol: 1e-10,
                "\(name): weights")
            expectAllClose(folds.map { $0.score }, try r.vector(name, "scores"), rtol: 0, atol: 1e-9, "\(name): scores")
        }
        let bySubject = try RDMReweighting.crossValidate(
            models: layers.map(RDMVector.init), references: refs.map(RDMVector.init), groups: [0, 1, 2, 3],
            splits: try Splitter.leaveOneGroupOut.splits(count: 4, groups: ["a", "b", "c", "d"]), axis: .subjects,
            method: .pearson, intercept: true)
        #expect(bySubject.count == 4)
        for fold in bySubject {
            expectAllClose(fold.weights, [0.8, 0, 0.3], rtol: 0, atol: 0.05, "the generating weights (noise 0.2/√3)")
            #expect(fold.score > 0.9)
        }
    }
}

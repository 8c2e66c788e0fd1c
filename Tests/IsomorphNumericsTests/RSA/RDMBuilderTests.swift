import IsomorphNumerics
import IsomorphTestSupport
import Testing

/// RDMs against `scipy.spatial.distance.pdist` and `rsatoolbox.rdm.calc_rdm`.
///
/// Tolerances: correlation and cosine distances are `1 − ⟨u, v⟩` of unit vectors, accurate to a
/// few ε·√p: atol 1e-13. Euclidean distances come from the norm expansion after column centring;
/// for these data (squared norms ≈ 40, distances ≈ 6) the expansion loses ≈ 40·ε in d²: rtol 1e-12.
@Suite("RDMs against SciPy pdist and rsatoolbox calc_rdm")
struct RDMBuilderTests {
    /// 40 conditions × 30 channels with a large shared offset; row 5 constant, row 9 all zero.
    static func data() -> Matrix {
        var x = TestMatrices.normal(40, 30, seed: 11).map { $0 + 5 }
        for j in 0..<30 {
            x[5, j] = 2.5
            x[9, j] = 0
        }
        return x
    }

    static func square(_ r: OracleResults, _ name: String, _ key: String) throws -> Matrix { try r.matrix(name, key) }

    /// A unit that is constant over the conditions (for the z-scoring case).
    static func dataWithConstantUnit() -> Matrix {
        var x = data()
        for i in 0..<40 { x[i, 7] = 3 }
        return x
    }

    static let squareformInput = (0..<15).map { Double($0) + 0.5 }

    @Test("every measure in memory, with undefined rows NaN as SciPy")
    func inMemory() throws {
        let x = Self.data()
        let r = try RSAOracles.rdm.get()
        let cases: [(RDMMeasure, String, Double, Double)] = [
            (.correlation, "correlation", 0, 1e-13), (.correlation, "rsa_correlation", 0, 1e-13),
            (.cosine, "cosine", 0, 1e-13), (.euclidean, "euclidean", 1e-12, 1e-12),
            (.squaredEuclideanPerChannel, "rsa_euclidean", 1e-12, 1e-12),
        ]
        for (measure, key, rtol, atol) in cases {
            let rdm = RDMBuilder(measure: measure).rdm(x)
            var expected = try Self.square(r, "x", key)
            if key == "rsa_correlation" {
                // rsatoolbox has no diagonal in its vectors (an RDM's diagonal is 0 by definition).
                for i in 0..<40 { expected[i, i] = 0 }
            }
            expectMatrixClose(rdm, expected, rtol: rtol, atol: atol, "\(measure) vs \(key)")
            let t = rdm.transposed()
            #expect(
                zip(rdm.elements, t.elements).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) },
                "\(measure): exactly symmetric in memory")
        }
        let correlation = RDMBuilder(measure: .correlation).rdm(x)
        #expect(correlation[5, 6].isNaN && correlation[5, 5] == 0, "a constant row has no correlation distance")
        #expect(RDMBuilder(measure: .cosine).rdm(x)[9, 3].isNaN, "an all-zero row has no cosine distance")
    }

    @Test("out of core (panels of 8 rows, blocks of 4) equals the in-memory RDM", arguments: RDMMeasure.allCases)
    func outOfCore(_ measure: RDMMeasure) throws {
        let x = Self.data()
        let builder = RDMBuilder(
            measure: measure, unitScaling: .standardize(ddof: 1), panelBytes: 8 * 8 * 30, blockRows: 4)
        var rows = [Matrix]()
        var reads = 0
        var fractions = [Double]()
        try builder.compute(
            rows: 40, columns: 30,
            read: { range in
                reads += 1
                return x.rows(range)
            },
            emit: { range, block in
                #expect(range.lowerBound == rows.reduce(0) { $0 + $1.rowCount }, "rows arrive in order")
                rows.append(block)
            },
            progress: { fractions.append($0) })
        let streamed = Matrix.vstack(rows)
        let inMemory = RDMBuilder(measure: measure, unitScaling: .standardize(ddof: 1)).rdm(x)
        expectMatrixClose(streamed, inMemory, rtol: 1e-12, atol: 1e-13, "\(measure): streamed vs in memory")
        // One statistics pass (10 blocks) + 5 panels × (2 panel blocks + 8 streamed blocks).
        #expect(reads == 10 + 5 * 10)
        #expect(fractions.last == 1 && fractions == fractions.sorted(), "progress rises to 1")
    }

    @Test("per-unit standardisation matches pdist of scipy.stats.zscore (constant units left at 0)")
    func standardized() throws {
        let x = Self.dataWithConstantUnit()
        let r = try RSAOracles.rdm.get()
        for (measure, key) in [(RDMMeasure.euclidean, "euclidean"), (.correlation, "correlation"), (.cosine, "cosine")]
        {
            let rdm = RDMBuilder(measure: measure, unitScaling: .standardize(ddof: 1)).rdm(x)
            expectMatrixClose(rdm, try Self.square(r, "z", key), rtol: 1e-12, atol: 1e-13, "z-scored \(measure)")
        }
    }

    @Test("condensed order is scipy's squareform; subsample marks copies of one condition as missing")
    func condensed() throws {
        let v = Self.squareformInput
        let r = try RSAOracles.rdm.get()
        expectMatrixClose(CondensedRDM.matrix(v), try r.matrix("sq", "matrix"), rtol: 0, atol: 0, "squareform")
        #expect(CondensedRDM.vector(CondensedRDM.matrix(v)) == v)
        #expect(CondensedRDM.conditionCount(length: 15) == 6 && CondensedRDM.conditionCount(length: 14) == nil)
        #expect(CondensedRDM.index(4, 2, conditions: 6) == 10)
        let sample = CondensedRDM.subsample(v, conditions: 6, indices: [1, 1, 4])
        #expect(sample[0].isNaN && sample[1] == v[CondensedRDM.index(1, 4, conditions: 6)] && sample[2] == sample[1])
    }
}

import IsomorphNumerics
import IsomorphTestSupport
import Testing

/// Correlation ratio, one-to-one decoding, controls, model selection and the LASSO alignment
/// analysis on data whose structure is known by construction.
@Suite("Alignment measures on constructed data")
struct AlignmentMeasuresTests {
    /// Latents (n × 4) and neurons that each copy one latent (with noise), in a shuffled order,
    /// followed by neurons that mix all latents.
    static func study(n: Int = 300, noise: Double = 0.3, seed: UInt64 = 1) -> (z: Matrix, neurons: Matrix, order: [Int])
    {
        var g = SeededGenerator(seed: seed)
        let z = Matrix.randomNormal(rows: n, columns: 4, using: &g)
        let order = [2, 0, 3, 1]
        let mix = Matrix.randomNormal(rows: 4, columns: 3, using: &g)
        let copies = z.columns(at: order) + noise * Matrix.randomNormal(rows: n, columns: 4, using: &g)
        let mixed = z.matmul(mix) + noise * Matrix.randomNormal(rows: n, columns: 3, using: &g)
        return (z, Matrix.hstack([copies, mixed]), order)
    }

    @Test("correlation ratio: neurons copying one latent have ratios near 1 and pick every unit")
    func correlationRatio() {
        let (z, neurons, order) = Self.study()
        let copies = neurons.columns(0..<4)
        let cr = CorrelationRatio(units: z, neurons: copies)
        #expect(cr.winners == order.map { Optional($0) })
        #expect(cr.unitProportion == 1)
        #expect(cr.averageRatio > 0.85)
        // Only two informative units: the proportion is out of 2, winners are among them.
        let two = CorrelationRatio(units: z, neurons: copies, informative: [true, false, true, false])
        #expect(Set(two.winningUnits).isSubset(of: [0, 2]) && two.unitProportion == 1)
        // Mixed neurons have lower ratios.
        let mixed = CorrelationRatio(units: z, neurons: neurons.columns(4..<7))
        #expect(mixed.ratios.allSatisfy { $0 < 0.8 })
        // Per-unit aggregation: `max` is at least `mean`.
        let mean = CorrelationRatio(units: z, neurons: neurons, perUnit: .mean)
        #expect(CorrelationRatio(units: z, neurons: neurons).averageRatio >= mean.averageRatio)
    }

    @Test("one-to-one decoding recovers the permutation and decodes held-out latents")
    func oneToOne() throws {
        let (z, neurons, order) = Self.study()
        let splits = try Splitter.kFold(folds: 5, shuffle: true).splits(count: z.rowCount, seed: 4)
        let decoded = try OneToOneDecoding(units: z, neurons: neurons, splits: splits)
        // Unit d is copied by neuron k where order[k] == d.
        let expected = (0..<4).map { d in order.firstIndex(of: d) }
        #expect(decoded.assignment == expected)
        #expect(decoded.neuronsUsed == 4)
        #expect(decoded.cosineDistance < 0.1, "noise 0.3 on unit-variance latents")
        #expect(decoded.imageDistances.allSatisfy { !$0.isNaN })
        #expect(decoded.matchedAtThreshold == 4 && decoded.bottleneck > 0.9)
        // Decoding from the mixed neurons only is much worse.
        let poor = try OneToOneDecoding(units: z.columns(0..<3), neurons: neurons.columns(4..<7), splits: splits)
        #expect(poor.cosineDistance > decoded.cosineDistance + 0.2)
    }

    @Test("artificial neurons are convex mixtures of standardised neurons; subsets are seeded and in range")
    func controls() {
        let (_, neurons, _) = Self.study()
        var g1 = SeededGenerator(seed: 9)
        var g2 = SeededGenerator(seed: 9)
        let a = AlignmentControls.artificialNeurons(neurons, count: 5, using: &g1)
        let b = AlignmentControls.artificialNeurons(neurons, count: 5, using: &g2)
        #expect(a.responses == b.responses)
        for c in 0..<5 {
            let column = a.mixing.column(c)
            #expect(column.allSatisfy { $0 >= 0 })
            expectAllClose([column.reduce(0, +)], [1], rtol: 0, atol: 1e-14, "column \(c) sums to 1")
        }
        let z = neurons.standardized(ddof: 0).matrix
        expectMatrixClose(a.responses, z.matmul(a.mixing), rtol: 1e-14, atol: 1e-14, "Z·M")
        var g = SeededGenerator(seed: 5)
        let subsets = AlignmentControls.neuronSubsets(
            neuronCount: 159, sizes: 10...50, sizeCount: 10, perSize: 5, using: &g)
        #expect(subsets.count == 50)
        let sizes = subsets.map(\.count)
        #expect(sizes.allSatisfy { (10...50).contains($0) } && Set(sizes).count == 10 && sizes == sizes.sorted())
        #expect(
            subsets.allSatisfy {
                Set($0).count == $0.count && $0 == $0.sorted() && $0.allSatisfy { (0..<159).contains($0) }
            })
    }

    @Test("model selection keeps the top-k by criterion, then drops VE outliers below mean − 1 SD")
    func selection() {
        // Group 0: criteria 5, 4, 3, 2, 1 → top 4 kept (indices 0–3); their VE 0.50, 0.52, 0.48, 0.10:
        // mean 0.40, SD(ddof 1) = √((0.01 + 0.0144 + 0.0064 + 0.09)/3) ≈ 0.2007 → cut-off ≈ 0.199: index 3 dropped.
        // Group 1: a single instance is kept (its SD is 0 with one value; ddof 1 leaves none → SD 0).
        let s = ModelSelection(
            criterion: [5, 4, 3, 2, 1, 7], meanVarianceExplained: [0.5, 0.52, 0.48, 0.1, 0.6, 0.3],
            groups: [0, 0, 0, 0, 0, 1], topK: 4)
        #expect(s.inTopK == [true, true, true, true, false, true])
        #expect(s.kept == [true, true, true, false, false, true])
        #expect(s.ranks == [1, 2, 3, 4, 5, 1])
        expectAllClose([s.cutoffs[0]], [0.4 - (0.1208 / 3).squareRoot()], rtol: 0, atol: 1e-12, "cut-off")
    }

    @Test("LASSO alignment: a unit-aligned model scores higher than a mixed one; uninformative units get no weight")
    func lassoAlignment() async throws {
        let (z, neurons, _) = Self.study(n: 240)
        let copies = neurons.columns(0..<4)
        var g = SeededGenerator(seed: 12)
        // Aligned model: the latents themselves, plus a dead unit (variance 1e-6 relative).
        let aligned = Matrix.hstack([z, 1e-3 * Matrix.randomNormal(rows: 240, columns: 1, using: &g)])
        let rotation = Matrix(rows: [[1, 1, 0, 0], [1, -1, 0, 0], [0, 0, 1, 1], [0, 0, 1, -1]])
        let mixedModel = z.matmul(rotation)
        let splits = try Splitter.kFold(folds: 10, shuffle: false).splits(count: 240)
        let settings = LassoAlignment.Settings(alphaCount: 50)
        let a = try await LassoAlignment(
            units: aligned, neurons: copies, splits: splits, settings: settings, concurrency: 2)
        let b = try await LassoAlignment(units: mixedModel, neurons: copies, splits: splits, settings: settings)
        #expect(a.informative == [true, true, true, true, false])
        #expect(a.weights.row(4).allSatisfy { $0 == 0 })
        #expect(a.completeness.score > 0.9)
        #expect(b.completeness.score < a.completeness.score - 0.3)
        // Both explain the neurons equally well: alignment, not predictivity, separates them.
        #expect(a.varianceExplained.allSatisfy { $0 > 0.8 } && b.varianceExplained.allSatisfy { $0 > 0.8 })
    }
}

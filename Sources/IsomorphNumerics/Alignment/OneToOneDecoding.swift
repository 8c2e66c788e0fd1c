/// One-to-one decoding of model latents from single neurons (Higgins et al. 2020): each latent
/// unit is assigned a distinct neuron, predicted from that neuron alone, and the predicted latent
/// vectors of held-out images are compared with the true ones.
///
/// In each split:
/// 1. correlate every unit with every neuron on the training images (`s = |r|` by default, or
///    `r` when signs matter);
/// 2. assign each unit a distinct neuron minimising `Σ (1 − s)` (``LinearAssignment``, the
///    Hungarian algorithm; Hopcroft–Karp, cited in the paper, finds only *a* maximum matching,
///    not the best weighted one, and is used below for thresholded matchings);
/// 3. fit `z_d ≈ a_d + b_d · y_π(d)` by least squares on the training images;
/// 4. predict the held-out images' latents, standardise predicted and true latents with the
///    training mean and standard deviation (`ddof = 0`) of each latent, and score each image by
///    the cosine distance `1 − ẑ·z / (‖ẑ‖ ‖z‖)` between the two vectors.
///
/// The decoding uses as many neurons as there are units (when there are fewer neurons than
/// units, only that many units get one; the others are predicted by their training mean).
/// Images whose standardised vector is zero have no cosine distance and are skipped.
///
/// Also reported, on all images: the assignment and its correlations, the size of a maximum
/// matching of the graph joining units and neurons with `s ≥ threshold` (``BipartiteMatching``),
/// and the bottleneck value: the largest `t` for which every unit can be matched to a distinct
/// neuron with `s ≥ t`.
public struct OneToOneDecoding: Sendable, Hashable {
    /// How unit–neuron similarity is measured.
    public enum Similarity: String, Sendable, Hashable, Codable, CaseIterable {
        /// `|r|`: a neuron may code a latent with either sign (default).
        case absolute
        /// `r`.
        case signed
    }

    /// The neuron assigned to each unit on all images (nil when there were more units than neurons).
    public let assignment: [Int?]
    /// The similarity `s` of each assigned pair on all images.
    public let assignedSimilarity: [Double]
    /// The mean held-out cosine distance over all scored images of all splits.
    public let cosineDistance: Double
    /// The mean held-out cosine distance of each split.
    public let splitDistances: [Double]
    /// Each image's held-out cosine distance (the mean over splits that held it out; NaN if none).
    public let imageDistances: [Double]
    /// The number of neurons the decoding reads (`min(units, neurons)`).
    public let neuronsUsed: Int
    /// The size of a maximum matching with `s ≥ threshold` on all images.
    public let matchedAtThreshold: Int
    /// The largest `t` such that `min(units, neurons)` pairs can be matched with `s ≥ t`.
    public let bottleneck: Double

    /// Decodes `units` (`images × D`) from `neurons` (`images × K`) over `splits`.
    ///
    /// - Parameters:
    ///   - units: The model's (informative) latent units.
    ///   - neurons: Neural responses on the same images.
    ///   - splits: Train/test splits of the images.
    ///   - similarity: `|r|` or `r`.
    ///   - threshold: The similarity an edge of the thresholded graph needs.
    /// - Throws: ``LinearAssignment/Failure`` only if the assignment fails (it cannot with finite costs).
    /// - Complexity: per split O(n·D·K) for correlations plus O(D²·K) for the assignment.
    public init(
        units: Matrix, neurons: Matrix, splits: [Split], similarity: Similarity = .absolute, threshold: Double = 0.3
    ) throws {
        precondition(units.rowCount == neurons.rowCount, "OneToOneDecoding: rows differ")
        let (n, d) = (units.rowCount, units.columnCount)
        func similarities(_ a: Matrix, _ b: Matrix) -> Matrix {
            a.columnCorrelations(with: b).map { $0.isNaN ? 0 : (similarity == .absolute ? abs($0) : $0) }
        }
        func assign(_ s: Matrix) throws -> [Int?] {
            let solution = try LinearAssignment(cost: s.map { 1 - $0 })
            var result = [Int?](repeating: nil, count: d)
            for (row, column) in zip(solution.rows, solution.columns) { result[row] = column }
            return result
        }
        var sums = [Double](repeating: 0, count: n)
        var counts = [Int](repeating: 0, count: n)
        var splitDistances = [Double]()
        for split in splits {
            let (xTrain, yTrain) = (units.rows(at: split.train), neurons.rows(at: split.train))
            let pairs = try assign(similarities(xTrain, yTrain))
            let zMoments = xTrain.columnMoments()
            let zSD = zMoments.standardDeviations(ddof: 0)
            let yMoments = yTrain.columnMoments()
            var predicted = Matrix.zeros(rows: split.test.count, columns: d)
            var truth = Matrix.zeros(rows: split.test.count, columns: d)
            for unit in 0..<d {
                // Least squares z = a + b·y on the training images (b = 0 for a constant neuron).
                var slope = 0.0
                var intercept = zMoments.means[unit]
                if let j = pairs[unit], yMoments.sumsOfSquaredDeviations[j] > 0 {
                    var sxy = 0.0
                    for i in 0..<split.train.count {
                        sxy += (xTrain[i, unit] - zMoments.means[unit]) * (yTrain[i, j] - yMoments.means[j])
                    }
                    slope = sxy / yMoments.sumsOfSquaredDeviations[j]
                    intercept = zMoments.means[unit] - slope * yMoments.means[j]
                }
                let scale = zSD[unit] > 0 ? 1 / zSD[unit] : 0
                for (row, i) in split.test.enumerated() {
                    let y = pairs[unit].map { neurons[i, $0] } ?? 0
                    predicted[row, unit] = (intercept + slope * y - zMoments.means[unit]) * scale
                    truth[row, unit] = (units[i, unit] - zMoments.means[unit]) * scale
                }
            }
            var total = 0.0
            var scored = 0
            for (row, i) in split.test.enumerated() {
                let a = predicted.row(row)
                let b = truth.row(row)
                let norms = (BLAS.dot(a, a) * BLAS.dot(b, b)).squareRoot()
                guard norms > 0 else { continue }
                let distance = 1 - BLAS.dot(a, b) / norms
                sums[i] += distance
                counts[i] += 1
                total += distance
                scored += 1
            }
            splitDistances.append(scored > 0 ? total / Double(scored) : .nan)
        }
        let all = similarities(units, neurons)
        let pairs = try assign(all)
        assignment = pairs
        assignedSimilarity = pairs.enumerated().map { unit, j in j.map { all[unit, $0] } ?? .nan }
        imageDistances = zip(sums, counts).map { $1 > 0 ? $0 / Double($1) : .nan }
        let scored = zip(sums, counts).filter { $0.1 > 0 }
        cosineDistance =
            scored.isEmpty ? .nan : scored.reduce(0) { $0 + $1.0 } / Double(scored.reduce(0) { $0 + $1.1 })
        self.splitDistances = splitDistances
        neuronsUsed = Swift.min(d, neurons.columnCount)
        matchedAtThreshold = Self.matching(all, threshold: threshold).count
        bottleneck = Self.bottleneck(all, size: neuronsUsed)
    }

    /// A maximum matching of the graph joining unit `d` and neuron `j` when `s_dj ≥ threshold`.
    public static func matching(_ s: Matrix, threshold: Double) -> BipartiteMatching {
        let adjacency = (0..<s.rowCount).map { d in (0..<s.columnCount).filter { s[d, $0] >= threshold } }
        return BipartiteMatching(adjacency: adjacency, rightCount: s.columnCount)
    }

    /// The largest threshold at which a matching of `size` pairs still exists (binary search over
    /// the distinct similarity values, one Hopcroft–Karp matching per step).
    public static func bottleneck(_ s: Matrix, size: Int) -> Double {
        guard size > 0 else { return .nan }
        let values = Array(Set(s.elements.filter { $0.isFinite })).sorted()
        guard !values.isEmpty, matching(s, threshold: values[0]).count >= size else { return .nan }
        var (lo, hi) = (0, values.count - 1)  // invariant: values[lo] admits a matching of `size`
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if matching(s, threshold: values[mid]).count >= size { lo = mid } else { hi = mid - 1 }
        }
        return values[lo]
    }
}

import IsomorphNumerics

/// A synthetic study with known ground truth: latent factors per stimulus, a "model" whose units
/// mix the latents, and "neurons" recorded in several subjects that mix the same latents with noise.
///
/// Generative model (all draws from one seeded generator, in this order):
/// - latents `Z` (stimuli × k): independent standard normals;
/// - model mixing `A` (k × units): the first `round(disentanglement · units)` units are *aligned*
///   (unit j reads latent `j mod k` with weight 1), the rest read every latent with weights
///   N(0, 1/k);
/// - neuron mixing `B` (k × neurons): likewise with `alignment`;
/// - features `F = Z A + featureNoise · E_F`;
/// - responses of subject s: `R_s = Z B + neuronNoise · E_s`; `responses` is their mean over subjects;
/// - label per stimulus: 1 if `Z[i, 0] > 0` else 0 (a binary attribute for decoding).
///
/// So encoding F → R is linear with known weights, RDMs of F and R agree as far as the noise
/// allows, and a model's true disentanglement is the `disentanglement` parameter.
public struct SyntheticStudy: Sendable {
    /// The generator's settings.
    public struct Settings: Sendable, Hashable, Codable {
        public var stimuli: Int
        public var latents: Int
        public var units: Int
        public var neurons: Int
        public var subjects: Int
        public var featureNoise: Double
        public var neuronNoise: Double
        public var disentanglement: Double
        public var alignment: Double

        public init(
            stimuli: Int = 120, latents: Int = 6, units: Int = 40, neurons: Int = 30, subjects: Int = 4,
            featureNoise: Double = 0.1, neuronNoise: Double = 0.5, disentanglement: Double = 0.5,
            alignment: Double = 0.5
        ) {
            self.stimuli = stimuli
            self.latents = latents
            self.units = units
            self.neurons = neurons
            self.subjects = subjects
            self.featureNoise = featureNoise
            self.neuronNoise = neuronNoise
            self.disentanglement = disentanglement
            self.alignment = alignment
        }
    }

    public var latents: Matrix
    public var featureMixing: Matrix
    public var neuronMixing: Matrix
    public var features: Matrix
    /// One stimuli × neurons matrix per subject.
    public var subjectResponses: [Matrix]
    public var responses: Matrix
    public var labels: [Int32]

    /// Generates a study.
    /// - Complexity: O(stimuli · k · (units + neurons · subjects)) through gemm.
    public init(_ s: Settings, seed: UInt64) {
        var g = SeededGenerator(seed: seed)
        latents = .randomNormal(rows: s.stimuli, columns: s.latents, using: &g)
        featureMixing = SyntheticStudy.mixing(
            latents: s.latents, outputs: s.units, alignedFraction: s.disentanglement, using: &g)
        neuronMixing = SyntheticStudy.mixing(
            latents: s.latents, outputs: s.neurons, alignedFraction: s.alignment, using: &g)
        features =
            latents.matmul(featureMixing) + s.featureNoise
            * Matrix.randomNormal(
                rows: s.stimuli, columns: s.units, using: &g)
        let signal = latents.matmul(neuronMixing)
        var perSubject = [Matrix]()
        for _ in 0..<s.subjects {
            perSubject.append(
                signal + s.neuronNoise * Matrix.randomNormal(rows: s.stimuli, columns: s.neurons, using: &g))
        }
        subjectResponses = perSubject
        var mean = Matrix.zeros(rows: s.stimuli, columns: s.neurons)
        for r in perSubject { mean += r }
        responses = mean / Double(max(1, s.subjects))
        let z = latents
        labels = (0..<s.stimuli).map { z[$0, 0] > 0 ? 1 : 0 }
    }

    /// A k × outputs mixing matrix whose first `round(fraction · outputs)` columns are one-hot.
    static func mixing(latents k: Int, outputs: Int, alignedFraction: Double, using g: inout SeededGenerator) -> Matrix
    {
        let aligned = Int((alignedFraction * Double(outputs)).rounded())
        let scale = 1 / Double(k).squareRoot()
        var m = Matrix.zeros(rows: k, columns: outputs)
        for j in 0..<outputs {
            for i in 0..<k {
                let w = g.nextNormal() * scale
                m[i, j] = j < aligned ? (i == j % k ? 1 : 0) : w
            }
        }
        return m
    }
}

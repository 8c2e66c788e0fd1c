/// The variance-explained and alignment analysis of Higgins et al. 2020 for one model: each neuron
/// predicted by cross-validated LASSO from the model's standardised units, then DCI completeness of
/// the absolute weights.
///
/// Steps, all on the images the model and the neurons share:
/// 1. Informative units: a unit whose standardised variance (``InformativeUnits``) is below the
///    threshold is uninformative and zeroed (its weight is 0 in every fit).
/// 2. Units are z-scored over all images (`ddof = 0`); neurons too when ``Settings/standardizeNeurons``
///    (then a weight reads "neuron SDs per unit SD", comparable across neurons, which is what the
///    completeness weights `ρ_j` compare).
/// 3. Per neuron, ``LassoCrossValidation`` over a grid of ``Settings/alphaCount`` values (10 folds
///    and 100 values in the paper), the α chosen by ``Settings/rule`` (the one-standard-error rule
///    in the paper); variance explained `VE = 1 − SSE/SST` on held-out images at that α (see
///    ``LassoCrossValidationResult/varianceExplained(_:y:)``).
/// 4. Weights of the refit on all images at that α (`units × neurons`); completeness and
///    disentanglement of `|W|` (``DCIScore``).
public struct LassoAlignment: Sendable {
    /// The analysis settings.
    public struct Settings: Sendable, Hashable, Codable {
        /// Grid size (100 in the paper).
        public var alphaCount: Int
        /// Grid ratio α_min/α_max.
        public var eps: Double
        /// Coordinate-descent settings (the intercept is always fitted; standardisation is done here).
        public var options: LassoOptions
        /// Which α the weights and VE use (one-SE in the paper).
        public var rule: LassoSelectionRule
        /// ddof of the fold-MSE standard deviation in the one-SE rule.
        public var standardErrorDDOF: Int
        /// The standardised-variance threshold of informative units (0.01 in the paper).
        public var informativeThreshold: Double
        /// What the standardised variance is relative to.
        public var varianceReference: InformativeUnits.VarianceReference
        /// Whether neurons are z-scored before fitting.
        public var standardizeNeurons: Bool
        /// Whether the completeness entropy uses the number of informative units (instead of all
        /// units) as its logarithm base.
        public var normalizeByInformative: Bool

        /// The paper's settings unless stated.
        public init(
            alphaCount: Int = 100, eps: Double = 1e-3, options: LassoOptions = LassoOptions(),
            rule: LassoSelectionRule = .oneStandardError, standardErrorDDOF: Int = 1,
            informativeThreshold: Double = 0.01,
            varianceReference: InformativeUnits.VarianceReference = .maximum, standardizeNeurons: Bool = true,
            normalizeByInformative: Bool = false
        ) {
            self.alphaCount = alphaCount
            self.eps = eps
            self.options = options
            self.rule = rule
            self.standardErrorDDOF = standardErrorDDOF
            self.informativeThreshold = informativeThreshold
            self.varianceReference = varianceReference
            self.standardizeNeurons = standardizeNeurons
            self.normalizeByInformative = normalizeByInformative
        }
    }

    /// Each unit's standardised variance.
    public let standardizedVariances: [Double]
    /// Which units took part.
    public let informative: [Bool]
    /// The cross-validation of every neuron.
    public let crossValidation: LassoCrossValidationResult
    /// Held-out variance explained per neuron at the chosen α.
    public let varianceExplained: [Double]
    /// The refit weights at the chosen α (`units × neurons`, standardised units).
    public let weights: Matrix
    /// DCI completeness of `|weights|`: the alignment score.
    public let completeness: DCIScore
    /// DCI disentanglement of `|weights|`.
    public let disentanglement: DCIScore
    /// The settings used.
    public let settings: Settings

    /// Runs the analysis.
    ///
    /// - Parameters:
    ///   - units: Model units (`images × units`).
    ///   - neurons: Neural responses on the same images (`images × neurons`).
    ///   - splits: The cross-validation splits of the images.
    ///   - settings: The analysis settings.
    ///   - concurrency: Neurons fitted at once.
    ///   - completed: Told the number of finished neurons.
    /// - Throws: ``LassoError`` for invalid input; `CancellationError`.
    /// - Complexity: that of ``LassoCrossValidation/fit(x:y:splits:concurrency:completed:)``.
    public init(
        units: Matrix, neurons: Matrix, splits: [Split], settings: Settings = Settings(), concurrency: Int = 1,
        completed: (@Sendable (Int) -> Void)? = nil
    ) async throws {
        guard units.isFinite else { throw LassoError("alignment: the model units hold NaN or infinite values") }
        let variances = InformativeUnits.standardizedVariances(units, reference: settings.varianceReference)
        let informative = variances.map { $0 >= settings.informativeThreshold }
        var x = units.standardized(ddof: 0).matrix
        x.withUnsafeMutableBufferPointer { b in
            let p = units.columnCount
            for i in 0..<units.rowCount {
                for j in 0..<p where !informative[j] { b[i * p + j] = 0 }
            }
        }
        let y = settings.standardizeNeurons ? neurons.standardized(ddof: 0).matrix : neurons
        var options = settings.options
        options.fitIntercept = true
        options.standardize = false
        let cv = LassoCrossValidation(
            alphaCount: settings.alphaCount, eps: settings.eps, options: options,
            standardErrorDDOF: settings.standardErrorDDOF)
        let result = try await cv.fit(x: x, y: y, splits: splits, concurrency: concurrency, completed: completed)
        let weights = result.coefficients(settings.rule)
        let base = settings.normalizeByInformative ? Swift.max(1, informative.filter { $0 }.count) : nil
        standardizedVariances = variances
        self.informative = informative
        crossValidation = result
        varianceExplained = result.varianceExplained(settings.rule, y: y)
        self.weights = weights
        completeness = DCIScore.completeness(weights, normalizer: base)
        disentanglement = DCIScore.disentanglement(weights)
        self.settings = settings
    }
}

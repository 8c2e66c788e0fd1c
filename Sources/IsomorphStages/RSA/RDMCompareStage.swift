import IsomorphArrays
import IsomorphCore
import IsomorphNumerics

/// `rsa.compare`: compares model RDMs (a collection: one per layer) with brain RDMs (a stack: per
/// subject and session) as `rsatoolbox.rdm.compare` does, with the noise ceiling, bootstrap
/// confidence intervals over stimuli and/or subjects, and permutation tests over stimulus labels.
///
/// Every resample is traceable: the bootstrap index lists and permutations are stored in the
/// `bootstrap` and `permutation` outputs, drawn from the stage seed (bootstrap sample `b` from
/// sub-stream `b`; permutations from a second seed derived from it).
public struct RDMCompareStage: Stage {
    /// The `bootstrap:` object.
    public struct Bootstrap: Codable, Hashable, Sendable {
        public var over: String
        public var samples: Int
        public var confidence: Double
        public var ceiling: Bool

        /// No bootstrap (the documented default).
        public init(over: String = "none", samples: Int = 1000, confidence: Double = 0.95, ceiling: Bool = true) {
            self.over = over
            self.samples = samples
            self.confidence = confidence
            self.ceiling = ceiling
        }
    }

    /// The `with:` parameters.
    public struct Parameters: Codable, Hashable, Sendable {
        public var method: String
        public var model_variable: String?
        public var brain_variable: String?
        public var join: String
        public var group_by: String
        public var noise_ceiling: Bool
        public var bootstrap: Bootstrap
        public var permutations: Int
        public var correction: String

        /// Parameters with the documented defaults.
        public init(
            method: String = "spearman", model_variable: String? = nil, brain_variable: String? = nil,
            join: String = "exact", group_by: String = "subject", noise_ceiling: Bool = true,
            bootstrap: Bootstrap = Bootstrap(), permutations: Int = 0, correction: String = "fdr-bh"
        ) {
            self.method = method
            self.model_variable = model_variable
            self.brain_variable = brain_variable
            self.join = join
            self.group_by = group_by
            self.noise_ceiling = noise_ceiling
            self.bootstrap = bootstrap
            self.permutations = permutations
            self.correction = correction
        }
    }

    public static let kind = "rsa.compare"
    public static let version = 1
    public static let summary =
        "Compares model RDMs with brain RDMs (rsatoolbox.rdm.compare), with noise ceiling, bootstrap and permutation tests."
    public static let isStochastic = true
    static let bootstrapDocs: [ParameterDoc] = [
        ParameterDoc(
            "over", .choice(["none"] + ResamplingScheme.allCases.map(\.rawValue)), default: .string("none"),
            "What to resample with replacement: none, stimuli (pairs of copies of one stimulus are excluded, as "
                + "rsatoolbox's subsample_pattern), subjects, or both."),
        ParameterDoc("samples", .int(min: 1), default: .int(1000), "Bootstrap samples."),
        ParameterDoc(
            "confidence", .number(min: 0.5, max: 0.999), default: .double(0.95),
            "Coverage of the percentile intervals (numpy.percentile, linear interpolation)."),
        ParameterDoc(
            "ceiling", .bool, default: .bool(true),
            "Also bootstrap the noise ceiling (rsatoolbox's eval_bootstrap_* boot_noise_ceil)."),
    ]
    public static let parameterDocs: [ParameterDoc] = [
        RSAInputs.methodDoc(default: .spearman),
        ParameterDoc(
            "model_variable", .string, optional: true,
            "The variable of the model RDM artifacts (default: the only one)."),
        ParameterDoc(
            "brain_variable", .string, optional: true, "The variable of the brain RDM artifact (default: the only one)."
        ),
        RSAInputs.joinDoc,
        RSAInputs.groupDoc,
        ParameterDoc(
            "noise_ceiling", .bool, default: .bool(true),
            "Compute the noise ceiling (rsatoolbox's boot_noise_ceiling: leave-one-subject-out lower bound, "
                + "all-subjects upper bound, pooled by the method's rule)."),
        ParameterDoc(
            "bootstrap", .object(bootstrapDocs),
            default: (try? CanonicalEncoder().encode(Bootstrap())) ?? .object([:]),
            "Bootstrap of the scores: percentile intervals and standard errors (ddof 1)."),
        ParameterDoc(
            "permutations", .int(min: 0), default: .int(0),
            "Permutations of the model RDMs' stimulus labels for one-sided p-values p = (1 + #{null ≥ observed}) / (1 + B)."
        ),
        ParameterDoc(
            "correction", .choice(MultipleComparisons.Method.allCases.map(\.rawValue)), default: .string("fdr-bh"),
            "Correction of the permutation p-values across models: none, bonferroni, or fdr-bh (Benjamini–Hochberg, "
                + "scipy.stats.false_discovery_control)."),
    ]
    public static let inputPorts: [InputPort] = [
        InputPort("models", .collection, "Model RDMs (e.g. one rsa.rdm instance per layer)."),
        InputPort("brain", "Brain RDMs: a stack over subjects (and sessions), last two dimensions the stimuli."),
    ]
    static let scoresPort = OutputPort(
        "scores",
        "score (model × brain RDMs), score_mean, ceiling_lower/upper; with bootstrap score_se and score_ci; with "
            + "permutations p_value and p_adjusted.")
    public static let documentedOutputs = [scoresPort]

    public let parameters: Parameters
    let method: RDMComparisonMethod
    let scheme: ResamplingScheme?

    public init(parameters: Parameters) throws {
        guard let method = RDMComparisonMethod(rawValue: parameters.method) else {
            throw StageFailure("unknown method '\(parameters.method)'")
        }
        self.method = method
        scheme = ResamplingScheme(rawValue: parameters.bootstrap.over)
        if parameters.bootstrap.over != "none" && scheme == nil {
            throw StageFailure(
                "bootstrap.over must be none, stimuli, subjects or both, got '\(parameters.bootstrap.over)'")
        }
        guard JoinMode(rawValue: parameters.join) != nil else {
            throw StageFailure("unknown join '\(parameters.join)'")
        }
        self.parameters = parameters
    }

    public var outputPorts: [OutputPort] {
        var ports = [Self.scoresPort]
        if scheme != nil {
            ports.append(
                OutputPort(
                    "bootstrap",
                    "score (bootstrap × model), ceiling_lower/upper per sample, and the index lists stimulus_index "
                        + "(bootstrap × draw) and subject_index."))
        }
        if parameters.permutations > 0 {
            ports.append(
                OutputPort(
                    "permutation", "null_score (permutation × model) and the permutations (permutation × stimulus)."))
        }
        return ports
    }

    public func run(_ inputs: StageInputs, in context: StageContext) async throws -> StageOutputs {
        let p = parameters
        let data = try RSAInputs.load(
            inputs, modelVariable: p.model_variable, brainVariable: p.brain_variable, join: JoinMode(rawValue: p.join)!)
        let n = data.brain.conditionCount
        let (groups, groupCount, groupLabels) = data.brain.groups(by: p.group_by)
        let scores = try RDMComparison.scores(data.models, data.references, method: method)
        let modelCount = data.models.count
        let means = (0..<modelCount).map { m in
            (0..<data.references.count).reduce(0.0) { $0 + scores[m, $1] } / Double(data.references.count)
        }

        var out = Dataset()
        try out.setCoordinate("model", Variable("model", data.modelLabels))
        for (name, labels) in data.brain.stackLabels {
            try out.setCoordinate(name, Variable(dimensions: [name], data: labels))
        }
        if let labels = data.conditionLabels {
            try out.setCoordinate("stimulus", Variable(dimensions: ["stimulus"], data: labels))
        }
        let brainDims = data.brain.stackDimensions
        try out.setVariable(
            "score",
            Variable(
                dimensions: ["model"] + brainDims.map(\.name),
                data: NDArray(shape: [modelCount] + brainDims.map(\.length), values: scores.elements)))
        try out.setVariable("score_mean", Variable("model", means))
        out.attributes["method"] = .string(method.rawValue)
        out.attributes["rsatoolbox_method"] = .string(method.rsatoolboxName)
        out.attributes["brain_rdms"] = .int(Int64(data.references.count))
        out.attributes["stimuli"] = .int(Int64(n))
        out.attributes["groups"] = .strings(groupLabels)

        if p.noise_ceiling {
            guard groupCount >= 2 else {
                throw StageFailure(
                    "the noise ceiling needs at least 2 subjects along '\(p.group_by)' in input 'brain' (it has "
                        + "\(groupCount) RDM group); set 'noise_ceiling: false'")
            }
            let ceiling = try NoiseCeiling.compute(
                data.references, groups: groups, groupCount: groupCount, method: method)
            try out.setVariable("ceiling_lower", Variable(dimensions: [], data: NDArray(scalar: ceiling.lower)))
            try out.setVariable("ceiling_upper", Variable(dimensions: [], data: NDArray(scalar: ceiling.upper)))
            try out.setCoordinate("group", Variable("group", groupLabels))
            try out.setVariable("ceiling_lower_group", Variable("group", ceiling.groupLower))
            try out.setVariable("ceiling_upper_group", Variable("group", ceiling.groupUpper))
        }

        var outputs = [String: Dataset]()
        if let scheme {
            let samples = RDMBootstrap.draw(
                p.bootstrap.samples, conditions: n, groups: groupCount, scheme: scheme, seed: context.seed)
            let withCeiling = p.bootstrap.ceiling && p.noise_ceiling
            let evaluation = try await RDMBootstrap.evaluate(
                models: data.models, references: data.references, groups: groups, groupCount: groupCount,
                method: method,
                samples: samples, noiseCeiling: withCeiling, threads: context.threads,
                progress: { context.progress.report(fraction: 0.9 * $0, note: "bootstrap") })
            var boot = Dataset()
            try boot.setCoordinate("model", Variable("model", data.modelLabels))
            try boot.setVariable(
                "score",
                Variable(
                    dimensions: ["bootstrap", "model"],
                    data: NDArray(shape: [samples.count, modelCount], values: evaluation.scores.elements)))
            if scheme != .subjects {
                if let labels = data.conditionLabels {
                    try boot.setCoordinate("stimulus", Variable(dimensions: ["stimulus"], data: labels))
                }
                try boot.setVariable(
                    "stimulus_index",
                    Variable(
                        dimensions: ["bootstrap", "stimulus_draw"], data: .indexLists(samples.map { $0.stimuli! })))
            }
            if scheme != .stimuli {
                try boot.setCoordinate("group", Variable("group", groupLabels))
                try boot.setVariable(
                    "subject_index",
                    Variable(dimensions: ["bootstrap", "group_draw"], data: .indexLists(samples.map { $0.groups! })))
            }
            let ci = Variable("ci", ["lower", "upper"])
            try out.setCoordinate("ci", ci)
            var se = [Double]()
            var bounds = [Double]()
            for m in 0..<modelCount {
                let s = BootstrapSummary(evaluation.scores.column(m), confidence: p.bootstrap.confidence)
                se.append(s.standardError)
                bounds += [s.lower, s.upper]
            }
            try out.setVariable("score_se", Variable("model", se))
            try out.setVariable(
                "score_ci",
                Variable(dimensions: ["model", "ci"], data: NDArray(shape: [modelCount, 2], values: bounds)))
            if withCeiling, let lower = evaluation.ceilingLower, let upper = evaluation.ceilingUpper {
                try boot.setVariable("ceiling_lower", Variable("bootstrap", lower))
                try boot.setVariable("ceiling_upper", Variable("bootstrap", upper))
                for (name, values) in [("ceiling_lower", lower), ("ceiling_upper", upper)] {
                    let s = BootstrapSummary(values, confidence: p.bootstrap.confidence)
                    try out.setVariable("\(name)_se", Variable(dimensions: [], data: NDArray(scalar: s.standardError)))
                    try out.setVariable("\(name)_ci", Variable("ci", [s.lower, s.upper]))
                }
            }
            let valid = evaluation.scores.column(0).filter { !$0.isNaN }.count
            out.attributes["bootstrap_over"] = .string(scheme.rawValue)
            out.attributes["bootstrap_samples"] = .int(Int64(samples.count))
            out.attributes["bootstrap_valid_samples"] = .int(Int64(valid))
            out.attributes["bootstrap_confidence"] = .double(p.bootstrap.confidence)
            boot.attributes["seed"] = .int(Int64(bitPattern: context.seed))
            outputs["bootstrap"] = boot
        }
        if p.permutations > 0 {
            let seed = context.seed ^ 0x5045_524D_5554_4521  // independent of the bootstrap's streams
            let result = try await RDMPermutationTest.run(
                models: data.models, references: data.references, method: method, permutations: p.permutations,
                seed: seed, threads: context.threads,
                progress: { context.progress.report(fraction: 0.9 + 0.1 * $0, note: "permutations") })
            let correction = MultipleComparisons.Method(rawValue: p.correction)!
            try out.setVariable("p_value", Variable("model", result.pValues))
            var adjusted = Variable("model", MultipleComparisons.adjust(result.pValues, method: correction))
            adjusted.attributes["correction"] = .string(correction.rawValue)
            try out.setVariable("p_adjusted", adjusted)
            var perm = Dataset()
            try perm.setCoordinate("model", Variable("model", data.modelLabels))
            try perm.setVariable(
                "null_score",
                Variable(
                    dimensions: ["permutation", "model"],
                    data: NDArray(shape: [p.permutations, modelCount], values: result.null.elements)))
            try perm.setVariable(
                "permutation_index",
                Variable(dimensions: ["permutation", "stimulus"], data: .indexLists(result.permutations)))
            if let labels = data.conditionLabels {
                try perm.setCoordinate("stimulus", Variable(dimensions: ["stimulus"], data: labels))
            }
            outputs["permutation"] = perm
        }
        outputs["scores"] = out
        context.progress.report(fraction: 1, note: nil)
        return StageOutputs(datasets: outputs)
    }
}

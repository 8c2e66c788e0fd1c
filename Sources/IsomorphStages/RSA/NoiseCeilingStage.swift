import IsomorphArrays
import IsomorphCore
import IsomorphNumerics

/// `rsa.noise-ceiling`: the noise ceiling of a stack of brain RDMs, as
/// `rsatoolbox.inference.boot_noise_ceiling` computes it (lower bound: each subject against the
/// pooled RDM of the others; upper bound: against the pooled RDM of all; pooling by the method's
/// rule), optionally with a bootstrap over subjects and/or stimuli.
public struct NoiseCeilingStage: Stage {
    /// The `bootstrap:` object.
    public struct Bootstrap: Codable, Hashable, Sendable {
        public var over: String
        public var samples: Int
        public var confidence: Double

        /// No bootstrap (the documented default).
        public init(over: String = "none", samples: Int = 1000, confidence: Double = 0.95) {
            self.over = over
            self.samples = samples
            self.confidence = confidence
        }
    }

    /// The `with:` parameters.
    public struct Parameters: Codable, Hashable, Sendable {
        public var method: String
        public var variable: String?
        public var group_by: String
        public var bootstrap: Bootstrap

        /// Parameters with the documented defaults.
        public init(
            method: String = "spearman", variable: String? = nil, group_by: String = "subject",
            bootstrap: Bootstrap = .init()
        ) {
            self.method = method
            self.variable = variable
            self.group_by = group_by
            self.bootstrap = bootstrap
        }
    }

    public static let kind = "rsa.noise-ceiling"
    public static let version = 1
    public static let summary = "Computes the noise ceiling of brain RDMs (rsatoolbox's boot_noise_ceiling)."
    public static let isStochastic = true
    public static let parameterDocs: [ParameterDoc] = [
        RSAInputs.methodDoc(default: .spearman),
        ParameterDoc("variable", .string, optional: true, "The variable holding the RDMs (default: the only one)."),
        RSAInputs.groupDoc,
        ParameterDoc(
            "bootstrap",
            .object(RDMCompareStage.bootstrapDocs.filter { $0.name != "ceiling" }),
            default: (try? CanonicalEncoder().encode(Bootstrap())) ?? .object([:]),
            "Bootstrap of the bounds over stimuli and/or subjects: percentile intervals and standard errors."),
    ]
    public static let inputPorts: [InputPort] = [
        InputPort("brain", "Brain RDMs: a stack over subjects (and sessions), last two dimensions the stimuli.")
    ]
    static let outputs = [
        OutputPort(
            "ceiling",
            "ceiling_lower, ceiling_upper, per-subject bounds; with a bootstrap their intervals, standard errors, "
                + "samples and index lists.")
    ]
    public static let documentedOutputs = outputs

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
        self.parameters = parameters
    }

    public var outputPorts: [OutputPort] { Self.outputs }

    public func run(_ inputs: StageInputs, in context: StageContext) async throws -> StageOutputs {
        let p = parameters
        let brain = try RDMStack.load(from: inputs.dataset("brain"), variable: p.variable, port: "brain")
        let (groups, groupCount, labels) = brain.groups(by: p.group_by)
        guard groupCount >= 2 else {
            throw StageFailure(
                "input 'brain' has \(groupCount) subject along '\(p.group_by)'; a noise ceiling needs at least 2")
        }
        let references = brain.vectors.map(RDMVector.init)
        let ceiling = try NoiseCeiling.compute(references, groups: groups, groupCount: groupCount, method: method)
        var out = Dataset()
        try out.setCoordinate("group", Variable("group", labels))
        try out.setVariable("ceiling_lower", Variable(dimensions: [], data: NDArray(scalar: ceiling.lower)))
        try out.setVariable("ceiling_upper", Variable(dimensions: [], data: NDArray(scalar: ceiling.upper)))
        try out.setVariable("ceiling_lower_group", Variable("group", ceiling.groupLower))
        try out.setVariable("ceiling_upper_group", Variable("group", ceiling.groupUpper))
        out.attributes["method"] = .string(method.rawValue)
        out.attributes["pooling"] = .string(
            method.isRankBased
                ? "mean of ranks"
                : method == .cosine || method == .whitenedCosine ? "mean of unit-RMS RDMs" : "mean of z-scored RDMs")
        if let scheme {
            let samples = RDMBootstrap.draw(
                p.bootstrap.samples, conditions: brain.conditionCount, groups: groupCount, scheme: scheme,
                seed: context.seed)
            let evaluation = try await RDMBootstrap.evaluate(
                models: [], references: references, groups: groups, groupCount: groupCount, method: method,
                samples: samples,
                noiseCeiling: true, threads: context.threads,
                progress: { context.progress.report(fraction: $0, note: nil) })
            try out.setCoordinate("ci", Variable("ci", ["lower", "upper"]))
            for (name, values) in [
                ("ceiling_lower", evaluation.ceilingLower!), ("ceiling_upper", evaluation.ceilingUpper!),
            ] {
                let s = BootstrapSummary(values, confidence: p.bootstrap.confidence)
                try out.setVariable("\(name)_boot", Variable("bootstrap", values))
                try out.setVariable("\(name)_se", Variable(dimensions: [], data: NDArray(scalar: s.standardError)))
                try out.setVariable("\(name)_ci", Variable("ci", [s.lower, s.upper]))
            }
            if scheme != .subjects {
                try out.setVariable(
                    "stimulus_index",
                    Variable(
                        dimensions: ["bootstrap", "stimulus_draw"], data: .indexLists(samples.map { $0.stimuli! })))
            }
            if scheme != .stimuli {
                try out.setVariable(
                    "subject_index",
                    Variable(dimensions: ["bootstrap", "group_draw"], data: .indexLists(samples.map { $0.groups! })))
            }
            out.attributes["bootstrap_over"] = .string(scheme.rawValue)
            out.attributes["bootstrap_confidence"] = .double(p.bootstrap.confidence)
        }
        return StageOutputs(datasets: ["ceiling": out])
    }
}

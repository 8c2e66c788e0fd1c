import IsomorphArrays
import IsomorphCore
import IsomorphNumerics

/// `align.udr`: Unsupervised Disentanglement Ranking, Spearman variant (Duan et al. 2020), over a
/// collection of models' latents on the same stimuli (a fan-in over seeds, and over
/// hyperparameters with `group_by`). See ``UnsupervisedDisentanglementRanking``.
///
/// Informative latents (mean KL > 0.01 in the paper) come from a per-latent `kl` variable in each
/// artifact, or are computed from the posterior means and a `logvar` variable
/// (``InformativeUnits/klDivergence(means:logVariances:)``); models without a posterior (AE,
/// PCA) can use the standardised-variance criterion instead, or take every latent.
public struct AlignUDRStage: Stage {
    /// The `with:` parameters.
    public struct Parameters: Codable, Hashable, Sendable {
        public var variable: String?
        public var informative: String
        public var kl_threshold: Double
        public var kl_variable: String
        public var logvar_variable: String
        public var informative_threshold: Double
        public var variance_reference: String
        public var group_by: [String]
        public var join: String
        public var observations: String

        /// Parameters with the documented defaults.
        public init(
            variable: String? = nil, informative: String = "auto", kl_threshold: Double = 0.01,
            kl_variable: String = "kl",
            logvar_variable: String = "logvar", informative_threshold: Double = 0.01,
            variance_reference: String = "max",
            group_by: [String] = [], join: String = "exact", observations: String = "stimulus"
        ) {
            self.variable = variable
            self.informative = informative
            self.kl_threshold = kl_threshold
            self.kl_variable = kl_variable
            self.logvar_variable = logvar_variable
            self.informative_threshold = informative_threshold
            self.variance_reference = variance_reference
            self.group_by = group_by
            self.join = join
            self.observations = observations
        }
    }

    static let informativeModes = ["auto", "kl", "variance", "all"]

    public static let kind = "align.udr"
    public static let version = 1
    public static let summary =
        "Unsupervised Disentanglement Ranking (Spearman; Duan et al. 2020): agreement of latents across seeds, median over pairs."
    public static let parameterDocs: [ParameterDoc] =
        [
            ParameterDoc(
                "variable", .string, optional: true,
                "The latent means variable (default: the only data variable other than kl_variable and logvar_variable)."
            ),
            ParameterDoc(
                "informative", .choice(informativeModes), default: .string("auto"),
                "Informative latents: kl (mean KL > kl_threshold, from kl_variable or from means and logvar_variable), variance (standardised variance ≥ informative_threshold), all, or auto (kl when the artifacts allow it, else an error)."
            ),
            ParameterDoc(
                "kl_threshold", .number(min: 0), default: .double(0.01),
                "Latents with mean KL above this are informative (Duan et al. 2020: 0.01)."),
            ParameterDoc(
                "kl_variable", .string, default: .string("kl"),
                "A per-latent mean KL variable, if the artifacts carry one."),
            ParameterDoc(
                "logvar_variable", .string, default: .string("logvar"),
                "Posterior log-variances (images × latents) for computing KL = mean ½(μ² + σ² − log σ² − 1)."),
        ] + AlignmentStageSupport.informativeDocs + [
            ParameterDoc(
                "group_by", .list(.string), default: .array([]),
                "Collection labels defining groups (same hyperparameters, e.g. [beta]); pairs form within groups. Empty: one group."
            ),
            ParameterDoc(
                "join", .choice(JoinMode.allCases.map(\.rawValue)), default: .string("exact"),
                "How the models' stimuli are matched: exact labels, their intersection, or position."),
            ParameterDoc("observations", .string, default: .string("stimulus"), "The observation dimension."),
        ]
    public static let inputPorts: [InputPort] = [
        InputPort("latents", .collection, "Latent representations (images × latents), one artifact per trained model.")
    ]
    public static let documentedOutputs: [OutputPort] = [
        OutputPort(
            "scores",
            "score (model: median pair score), pair_score (model × model_2; NaN outside groups), informative_count (model), group."
        )
    ]

    public let parameters: Parameters

    public init(parameters: Parameters) throws {
        let p = parameters
        guard Self.informativeModes.contains(p.informative) else {
            throw StageFailure("parameter 'informative' must be one of auto, kl, variance, all, got '\(p.informative)'")
        }
        try AlignmentStageSupport.validate(variableReference: p.variance_reference, join: p.join)
        self.parameters = parameters
    }

    public var outputPorts: [OutputPort] { Self.documentedOutputs }

    public func run(_ inputs: StageInputs, in context: StageContext) async throws -> StageOutputs {
        let p = parameters
        let items = try inputs.collection("latents")
        guard items.count >= 2 else {
            throw StageFailure("input 'latents' has \(items.count) model(s); UDR compares at least 2")
        }
        var named = [(port: String, representation: Representation)]()
        var masks = [[Bool]]()
        var groups = [String]()
        for item in items {
            let id = AlignmentStageSupport.modelID(item)
            let dataset = try item.artifact.load()
            let variable = try p.variable ?? meansVariable(in: dataset, item: id)
            let means = try Representation.load(
                from: dataset, variable: variable, observations: p.observations, port: "latents")
            named.append((id, means))
            masks.append(try informative(dataset, means: means, item: id))
            groups.append(try AlignmentStageSupport.group(item, by: p.group_by, port: "latents"))
            try context.checkCancellation()
        }
        let joined = try ObservationJoin.align(named, mode: JoinMode(rawValue: p.join)!)
        let groupNames = Array(Set(groups)).sorted()
        let udr = UnsupervisedDisentanglementRanking(
            models: joined.representations.map(\.matrix), informative: masks,
            groups: groups.map { groupNames.firstIndex(of: $0)! })
        let m = items.count
        var out = Dataset()
        let ids = NDArray(named.map(\.port))
        try out.setCoordinate("model", Variable(dimensions: ["model"], data: ids))
        try out.setCoordinate("model_2", Variable(dimensions: ["model_2"], data: ids))
        try out.setCoordinate("group", Variable(dimensions: ["model"], data: NDArray(groups)))
        try out.setVariable("score", LassoStageSupport.variable(["model"], shape: [m], udr.scores))
        try out.setVariable(
            "pair_score", LassoStageSupport.variable(["model", "model_2"], shape: [m, m], udr.pairScores.elements))
        try out.setVariable("informative_count", AlignmentStageSupport.integers("model", udr.informativeCounts))
        out.attributes["similarity"] = .string("|Spearman| between informative latents")
        return StageOutputs(datasets: ["scores": out])
    }

    /// The latent means variable: the only data variable besides the KL and log-variance ones.
    private func meansVariable(in dataset: Dataset, item: String) throws -> String {
        let candidates = dataset.variables.keys.filter {
            $0 != parameters.kl_variable && $0 != parameters.logvar_variable
        }
        guard candidates.count == 1 else {
            throw StageFailure(
                "input 'latents' item '\(item)' has variables \(dataset.variables.keys.joined(separator: ", ")); "
                    + "set 'variable:' to the latent means")
        }
        return candidates[0]
    }

    /// The informative mask of one model under the chosen criterion.
    private func informative(_ dataset: Dataset, means: Representation, item: String) throws -> [Bool] {
        let p = parameters
        let d = means.featureCount
        func fromKL() throws -> [Bool]? {
            if let kl = dataset.variables[p.kl_variable]?.data.doubles {
                guard kl.count == d else {
                    throw StageFailure(
                        "input 'latents' item '\(item)': '\(p.kl_variable)' has \(kl.count) values for \(d) latents")
                }
                return InformativeUnits.byKL(kl, threshold: p.kl_threshold)
            }
            if dataset.variables[p.logvar_variable] != nil {
                let logvar = try Representation.load(
                    from: dataset, variable: p.logvar_variable, observations: p.observations, port: "latents")
                guard logvar.matrix.shape == means.matrix.shape else {
                    throw StageFailure(
                        "input 'latents' item '\(item)': '\(p.logvar_variable)' is \(logvar.matrix.rowCount)×\(logvar.matrix.columnCount), "
                            + "the means \(means.matrix.rowCount)×\(means.matrix.columnCount)")
                }
                return InformativeUnits.byKL(
                    InformativeUnits.klDivergence(means: means.matrix, logVariances: logvar.matrix),
                    threshold: p.kl_threshold)
            }
            return nil
        }
        switch p.informative {
        case "all": return [Bool](repeating: true, count: d)
        case "variance":
            return InformativeUnits.byVariance(
                means.matrix, threshold: p.informative_threshold,
                reference: InformativeUnits.VarianceReference(rawValue: p.variance_reference)!)
        default:
            if let mask = try fromKL() { return mask }
            throw StageFailure(
                "input 'latents' item '\(item)' has neither '\(p.kl_variable)' nor '\(p.logvar_variable)' for the KL criterion; "
                    + "add one, or set 'informative: variance' or 'informative: all'")
        }
    }
}

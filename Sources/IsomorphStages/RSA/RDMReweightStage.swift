import IsomorphArrays
import IsomorphCore
import IsomorphNumerics

/// `rsa.reweight`: cross-validated non-negative reweighting of several model RDMs (layers) onto
/// brain RDMs (Lawson–Hanson NNLS per fold), over stimuli or over subjects (see `RDMReweighting`).
public struct RDMReweightStage: Stage {
    /// The `with:` parameters.
    public struct Parameters: Codable, Hashable, Sendable {
        public var over: String
        public var cv: CrossValidationParameters
        public var method: String
        public var intercept: Bool
        public var model_variable: String?
        public var brain_variable: String?
        public var join: String
        public var group_by: String

        /// Parameters with the documented defaults.
        public init(
            over: String = "stimuli", cv: CrossValidationParameters = .init(folds: 5, shuffle: true),
            method: String = "pearson", intercept: Bool = true, model_variable: String? = nil,
            brain_variable: String? = nil, join: String = "exact", group_by: String = "subject"
        ) {
            self.over = over
            self.cv = cv
            self.method = method
            self.intercept = intercept
            self.model_variable = model_variable
            self.brain_variable = brain_variable
            self.join = join
            self.group_by = group_by
        }
    }

    public static let kind = "rsa.reweight"
    public static let version = 1
    public static let summary = "Cross-validated non-negative least-squares reweighting of model RDMs onto brain RDMs."
    public static let isStochastic = true
    public static let parameterDocs: [ParameterDoc] = [
        ParameterDoc(
            "over", .choice(RDMReweighting.Axis.allCases.map(\.rawValue)), default: .string("stimuli"),
            "What the folds split: stimuli (fit on pairs of training stimuli, test on the RDM of the test stimuli) or "
                + "subjects (fit on the mean RDM of the training subjects, test on each held-out subject's RDMs)."),
        ParameterDoc(
            "cv", .object(CrossValidationParameters.docs(folds: 5, shuffle: true)),
            default: (try? CanonicalEncoder().encode(CrossValidationParameters(folds: 5, shuffle: true)))
                ?? .object([:]),
            "Folds over the stimuli or the subjects (the shared cv object; default 5-fold, shuffled from the stage seed, "
                + "since stimulus order is often blocked by category). Over subjects, kfold with folds = subjects is "
                + "leave-one-subject-out."),
        RSAInputs.methodDoc(default: .pearson),
        ParameterDoc(
            "intercept", .bool, default: .bool(true),
            "Fit a free (unconstrained) intercept besides the non-negative weights."),
        ParameterDoc("model_variable", .string, optional: true, "The variable of the model RDM artifacts."),
        ParameterDoc("brain_variable", .string, optional: true, "The variable of the brain RDM artifact."),
        RSAInputs.joinDoc,
        RSAInputs.groupDoc,
    ]
    public static let inputPorts: [InputPort] = [
        InputPort("models", .collection, "The model RDMs to combine (e.g. one per layer)."),
        InputPort("brain", "Brain RDMs: a stack over subjects (and sessions)."),
    ]
    static let outputs = [
        OutputPort(
            "reweighting",
            "weight (fold × model), intercept and score per fold, score_mean, and the realised folds (fold_of or train_mask)."
        )
    ]
    public static let documentedOutputs = outputs

    public let parameters: Parameters
    let axis: RDMReweighting.Axis
    let method: RDMComparisonMethod

    public init(parameters: Parameters) throws {
        guard let axis = RDMReweighting.Axis(rawValue: parameters.over) else {
            throw StageFailure("unknown 'over' value '\(parameters.over)'")
        }
        guard let method = RDMComparisonMethod(rawValue: parameters.method) else {
            throw StageFailure("unknown method '\(parameters.method)'")
        }
        guard !parameters.cv.scheme.hasPrefix("stratified"), !parameters.cv.scheme.contains("group") else {
            throw StageFailure(
                "cv scheme '\(parameters.cv.scheme)' is not available for RDM reweighting (use kfold, shuffle-split or explicit)"
            )
        }
        _ = try parameters.cv.splitter()
        self.axis = axis
        self.method = method
        self.parameters = parameters
    }

    public var outputPorts: [OutputPort] { Self.outputs }

    public func run(_ inputs: StageInputs, in context: StageContext) async throws -> StageOutputs {
        let p = parameters
        let data = try RSAInputs.load(
            inputs, modelVariable: p.model_variable, brainVariable: p.brain_variable, join: JoinMode(rawValue: p.join)!)
        let (groups, groupCount, groupLabels) = data.brain.groups(by: p.group_by)
        let count = axis == .stimuli ? data.brain.conditionCount : groupCount
        let splits = try p.cv.splits(count: count, coordinates: [:], seed: context.seed)
        let folds: [RDMReweighting.Fold]
        do {
            folds = try RDMReweighting.crossValidate(
                models: data.models, references: data.references, groups: groups, splits: splits, axis: axis,
                method: method, intercept: p.intercept)
        } catch {
            throw StageFailure("\(error)")
        }
        let k = data.models.count
        var out = Dataset()
        try out.setCoordinate("model", Variable("model", data.modelLabels))
        try out.setVariable(
            "weight",
            Variable(
                dimensions: ["fold", "model"], data: NDArray(shape: [folds.count, k], values: folds.flatMap(\.weights)))
        )
        try out.setVariable("intercept", Variable("fold", folds.map(\.intercept)))
        try out.setVariable("score", Variable("fold", folds.map(\.score)))
        try out.setVariable("training_pairs", Variable("fold", folds.map { Int32($0.trainingPairs) }))
        try out.setVariable(
            "score_mean",
            Variable(dimensions: [], data: NDArray(scalar: folds.map(\.score).reduce(0, +) / Double(folds.count))))
        let foldDimension = axis == .stimuli ? "stimulus" : "group"
        if axis == .stimuli, let labels = data.conditionLabels {
            try out.setCoordinate("stimulus", Variable(dimensions: ["stimulus"], data: labels))
        } else if axis == .subjects {
            try out.setCoordinate("group", Variable("group", groupLabels))
        }
        try FoldRecord.add(splits, count: count, observationDimension: foldDimension, to: &out)
        out.attributes["method"] = .string(method.rawValue)
        out.attributes["over"] = .string(axis.rawValue)
        out.attributes["solver"] = .string("Lawson–Hanson NNLS")
        return StageOutputs(datasets: ["reweighting": out])
    }
}

import IsomorphArrays
import IsomorphCore
import IsomorphNumerics

/// `align.select`: model selection as in Higgins et al. 2020 (``ModelSelection``): within each
/// group keep the top-k instances by an unsupervised criterion (UDR), then drop those whose mean
/// variance explained falls below the group's mean − 1 SD. The output lists every model with
/// `kept`; `stats.welch` takes it as its optional `selection` input.
public struct AlignSelectStage: Stage {
    /// The `with:` parameters.
    public struct Parameters: Codable, Hashable, Sendable {
        public var criterion_variable: String
        public var ve_variable: String
        public var top_k: Int?
        public var sd_factor: Double
        public var sd_ddof: Int
        public var group_by: [String]

        /// Parameters with the documented defaults.
        public init(
            criterion_variable: String = "score", ve_variable: String = "mean_variance_explained", top_k: Int? = nil,
            sd_factor: Double = 1, sd_ddof: Int = 1, group_by: [String] = []
        ) {
            self.criterion_variable = criterion_variable
            self.ve_variable = ve_variable
            self.top_k = top_k
            self.sd_factor = sd_factor
            self.sd_ddof = sd_ddof
            self.group_by = group_by
        }
    }

    public static let kind = "align.select"
    public static let version = 1
    public static let summary =
        "Model selection: top-k per group by an unsupervised criterion (e.g. UDR), then drop models with mean VE < mean − 1 SD."
    public static let parameterDocs: [ParameterDoc] = [
        ParameterDoc(
            "criterion_variable", .string, default: .string("score"),
            "The criterion's variable: a scalar per collection item, or one value per model (align.udr's 'score' over 'model')."
        ),
        ParameterDoc(
            "ve_variable", .string, default: .string("mean_variance_explained"),
            "The variance-explained variable (align.variance-explained's scores)."),
        ParameterDoc("top_k", .int(min: 1), optional: true, "Models kept per group by criterion (default: all)."),
        ParameterDoc(
            "sd_factor", .number(min: 0), default: .double(1),
            "Drop models whose mean VE is below the kept models' mean − sd_factor × SD."),
        ParameterDoc("sd_ddof", .int(min: 0, max: 1), default: .int(1), "ddof of that SD (1 = sample SD)."),
        ParameterDoc(
            "group_by", .list(.string), default: .array([]),
            "Criterion collection labels defining groups (e.g. [model_class] or [beta]); for a per-model artifact, its 'group' coordinate. Empty: one group."
        ),
    ]
    public static let inputPorts: [InputPort] = [
        InputPort("criterion", .collection, "The unsupervised criterion per model (larger is better)."),
        InputPort(
            "variance_explained", .collection, "Each model's variance explained (align.variance-explained's scores)."),
    ]
    public static let documentedOutputs: [OutputPort] = [
        OutputPort(
            "selection", "Per model: kept, in_top_k (0/1), rank, criterion, mean_variance_explained, cutoff; group.")
    ]

    public let parameters: Parameters

    public init(parameters: Parameters) throws { self.parameters = parameters }

    public var outputPorts: [OutputPort] { Self.documentedOutputs }

    /// Values per model id (and group) from a collection of scalar artifacts or one per-model artifact.
    static func perModel(
        _ inputs: StageInputs, port: String, variable: String, groupBy: [String]
    ) throws -> [(
        id: String, value: Double, group: String
    )] {
        let items = try inputs.collection(port)
        if items.count == 1 {
            let dataset = try items[0].artifact.load()
            if let v = dataset.variables[variable], v.dimensions == ["model"] {
                guard let ids = dataset.labels(of: "model"), let values = v.data.doubles else {
                    throw StageFailure("input '\(port)': variable '\(variable)' over 'model' needs model labels")
                }
                let groups = groupBy.isEmpty ? nil : dataset.coordinates["group"]?.data.storage.textValues
                return ids.indices.map { (ids[$0], values[$0], groups?[$0] ?? "") }
            }
        }
        return try items.map { item in
            let id = AlignmentStageSupport.modelID(item)
            let value = try AlignmentStageSupport.scalar(variable, in: item.artifact.load(), port: port, item: id)
            return (id, value, try AlignmentStageSupport.group(item, by: groupBy, port: port))
        }
    }

    public func run(_ inputs: StageInputs, in context: StageContext) async throws -> StageOutputs {
        let p = parameters
        let criterion = try Self.perModel(
            inputs, port: "criterion", variable: p.criterion_variable, groupBy: p.group_by)
        let ve = try Self.perModel(inputs, port: "variance_explained", variable: p.ve_variable, groupBy: [])
        var veByID = [String: Double]()
        for entry in ve { veByID[entry.id] = entry.value }
        let missing = criterion.map(\.id).filter { veByID[$0] == nil }
        guard missing.isEmpty else {
            throw StageFailure(
                "models \(ObservationJoin.preview(missing)) have a criterion but no variance explained "
                    + "(models with VE: \(ObservationJoin.preview(ve.map(\.id))))")
        }
        let groupNames = Array(Set(criterion.map(\.group))).sorted()
        let selection = ModelSelection(
            criterion: criterion.map(\.value), meanVarianceExplained: criterion.map { veByID[$0.id]! },
            groups: criterion.map { groupNames.firstIndex(of: $0.group)! }, topK: p.top_k, sdFactor: p.sd_factor,
            ddof: p.sd_ddof)
        let m = criterion.count
        var out = Dataset()
        try out.setCoordinate("model", Variable(dimensions: ["model"], data: NDArray(criterion.map(\.id))))
        try out.setCoordinate("group", Variable(dimensions: ["model"], data: NDArray(criterion.map(\.group))))
        try out.setVariable("kept", AlignmentStageSupport.mask("model", selection.kept))
        try out.setVariable("in_top_k", AlignmentStageSupport.mask("model", selection.inTopK))
        try out.setVariable("rank", AlignmentStageSupport.integers("model", selection.ranks))
        try out.setVariable("criterion", LassoStageSupport.variable(["model"], shape: [m], criterion.map(\.value)))
        try out.setVariable(
            "mean_variance_explained",
            LassoStageSupport.variable(["model"], shape: [m], criterion.map { veByID[$0.id]! }))
        try out.setVariable("cutoff", LassoStageSupport.variable(["model"], shape: [m], selection.cutoffs))
        return StageOutputs(datasets: ["selection": out])
    }
}

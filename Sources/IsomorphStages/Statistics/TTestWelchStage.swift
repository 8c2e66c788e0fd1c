import IsomorphArrays
import IsomorphCore
import IsomorphNumerics

/// `stats.welch`: Welch's unequal-variance t-test between two model classes (``TTest/welch(_:_:alternative:)``),
/// as design 3 compares β-VAEs with baselines and with the neuron-subset ceiling. Each sample is
/// the values of one variable gathered over a collection of artifacts: a scalar score per model
/// (a fan-in over models), or a vector of scores in one artifact (per neuron subset); all values
/// are pooled. An optional `selection` (from `align.select`) drops the models it did not keep.
public struct TTestWelchStage: Stage {
    /// The `with:` parameters.
    public struct Parameters: Codable, Hashable, Sendable {
        public var variable: String
        public var variable_b: String?
        public var alternative: String
        public var nan_policy: String
        public var split_by: String?
        public var groups: [String]?

        /// Parameters with the documented defaults.
        public init(
            variable: String = "score", variable_b: String? = nil, alternative: String = "two-sided",
            nan_policy: String = "propagate", split_by: String? = nil, groups: [String]? = nil
        ) {
            self.variable = variable
            self.variable_b = variable_b
            self.alternative = alternative
            self.nan_policy = nan_policy
            self.split_by = split_by
            self.groups = groups
        }
    }

    public static let kind = "stats.welch"
    public static let version = 1
    public static let summary =
        "Welch's t-test (Welch–Satterthwaite df) between two collections of scores, e.g. two model classes (SciPy's ttest_ind(equal_var=False))."
    public static let parameterDocs: [ParameterDoc] = [
        ParameterDoc(
            "variable", .string, default: .string("score"),
            "The score variable read from every artifact of 'a' (and of 'b')."),
        ParameterDoc("variable_b", .string, optional: true, "The variable read from 'b' when it differs."),
        ParameterDoc(
            "alternative", .choice(TTestAlternative.allCases.map(\.rawValue)), default: .string("two-sided"),
            "two-sided (the default, as design 3), less (mean of a < mean of b) or greater (SciPy's alternative)."),
        ParameterDoc(
            "nan_policy", .choice(["propagate", "omit"]), default: .string("propagate"),
            "NaN scores: propagate (the result is NaN, SciPy's default) or omit them."),
        ParameterDoc(
            "split_by", .string, optional: true,
            "Without input 'b': the collection label (matrix key) whose values split 'a' into the two samples."),
        ParameterDoc(
            "groups", .list(.string), optional: true,
            "With split_by: the two label values forming the first and the second sample, e.g. [\"1.0\", \"0.2\"]."),
    ]
    public static let inputPorts: [InputPort] = [
        InputPort("a", .collection, "The first sample: score artifacts of one model class."),
        InputPort(
            "b", .collection, optional: true,
            "The second sample: score artifacts of the other class (or a ceiling); omit it to split 'a' with split_by."),
        InputPort("selection", "align.select's output: models it did not keep are left out.", optional: true),
    ]
    public static let documentedOutputs: [OutputPort] = [
        OutputPort(
            "test",
            "statistic, df, p_value, estimate (mean a − mean b), standard_error, mean_a, mean_b, n_a, n_b; values_a and values_b with their sources."
        )
    ]

    public let parameters: Parameters

    public init(parameters: Parameters) throws {
        guard TTestAlternative(rawValue: parameters.alternative) != nil else {
            throw StageFailure(
                "parameter 'alternative' must be one of two-sided, less, greater, got '\(parameters.alternative)'")
        }
        guard ["propagate", "omit"].contains(parameters.nan_policy) else {
            throw StageFailure("parameter 'nan_policy' must be one of propagate, omit, got '\(parameters.nan_policy)'")
        }
        if parameters.split_by != nil, parameters.groups?.count != 2 {
            throw StageFailure("parameter 'groups' must name the two values of 'split_by' forming the samples")
        }
        self.parameters = parameters
    }

    public var outputPorts: [OutputPort] { Self.documentedOutputs }

    /// The pooled values of `variable` over the kept items of `port` (those whose `split_by` label
    /// equals `group`, when splitting), with the source of each value.
    private func sample(
        _ inputs: StageInputs, port: String, variable: String, dropped: Set<String>, group: String? = nil
    ) throws -> (values: [Double], sources: [String]) {
        var values = [Double]()
        var sources = [String]()
        for item in try inputs.collection(port) where !dropped.contains(AlignmentStageSupport.modelID(item)) {
            if let key = parameters.split_by, let group {
                guard let label = item.labels[key] else {
                    throw StageFailure(
                        "input '\(port)': item '\(item.source)' has no label '\(key)' (labels: "
                            + "\(item.labels.keys.sorted().joined(separator: ", ")))")
                }
                // Matrix values compare by value (1 matches 1.0), as the spec's matrix does.
                let matches =
                    label.compactText == group || (label.doubleValue != nil && label.doubleValue == Double(group))
                if !matches { continue }
            }
            let v = try AlignmentStageSupport.values(of: variable, in: item.artifact.load(), port: port)
            values += v
            sources += v.indices.map { v.count == 1 ? item.source : "\(item.source)#\($0)" }
        }
        if parameters.nan_policy == "omit" {
            let keep = values.indices.filter { !values[$0].isNaN }
            return (keep.map { values[$0] }, keep.map { sources[$0] })
        }
        return (values, sources)
    }

    public func run(_ inputs: StageInputs, in context: StageContext) async throws -> StageOutputs {
        let p = parameters
        var dropped = Set<String>()
        if let selection = try inputs.optionalArtifact("selection") {
            let d = try selection.load()
            guard let ids = d.labels(of: "model"), let kept = d.variables["kept"]?.data.doubles, kept.count == ids.count
            else {
                throw StageFailure(
                    "input 'selection' needs 'kept' over a labelled 'model' dimension (align.select's output)")
            }
            for (id, k) in zip(ids, kept) where k == 0 { dropped.insert(id) }
        }
        let a: (values: [Double], sources: [String])
        let b: (values: [Double], sources: [String])
        if inputs.bindings["b"] != nil {
            guard p.split_by == nil else { throw StageFailure("set either input 'b' or 'split_by', not both") }
            a = try sample(inputs, port: "a", variable: p.variable, dropped: dropped)
            b = try sample(inputs, port: "b", variable: p.variable_b ?? p.variable, dropped: dropped)
        } else {
            guard let groups = p.groups, p.split_by != nil else {
                throw StageFailure("input 'b' is not connected; connect it or split 'a' with 'split_by' and 'groups'")
            }
            a = try sample(inputs, port: "a", variable: p.variable, dropped: dropped, group: groups[0])
            b = try sample(inputs, port: "a", variable: p.variable_b ?? p.variable, dropped: dropped, group: groups[1])
        }
        for (name, s) in [("a", a), ("b", b)] where s.values.count < 2 {
            let which = p.split_by.map { "sample '\(p.groups![name == "a" ? 0 : 1])' of '\($0)'" } ?? "input '\(name)'"
            throw StageFailure("\(which) gives \(s.values.count) value(s); a t-test needs at least 2 per sample")
        }
        let result = TTest.welch(a.values, b.values, alternative: TTestAlternative(rawValue: p.alternative)!)
        var out = Dataset()
        try out.setCoordinate("sample_a", Variable(dimensions: ["sample_a"], data: NDArray(a.sources)))
        try out.setCoordinate("sample_b", Variable(dimensions: ["sample_b"], data: NDArray(b.sources)))
        try out.setVariable("values_a", LassoStageSupport.variable(["sample_a"], shape: [a.values.count], a.values))
        try out.setVariable("values_b", LassoStageSupport.variable(["sample_b"], shape: [b.values.count], b.values))
        let mean = { (v: [Double]) in v.reduce(0, +) / Double(v.count) }
        for (name, value) in [
            ("statistic", result.statistic), ("df", result.degreesOfFreedom), ("p_value", result.pValue),
            ("estimate", result.estimate), ("standard_error", result.standardError), ("mean_a", mean(a.values)),
            ("mean_b", mean(b.values)),
        ] {
            try out.setVariable(name, LassoStageSupport.scalar(value))
        }
        try out.setVariable("n_a", Variable(dimensions: [], data: NDArray(scalar: Int32(a.values.count))))
        try out.setVariable("n_b", Variable(dimensions: [], data: NDArray(scalar: Int32(b.values.count))))
        out.attributes["test"] = .string("Welch's t-test (unequal variances, ddof 1), \(p.alternative)")
        return StageOutputs(datasets: ["test": out])
    }
}

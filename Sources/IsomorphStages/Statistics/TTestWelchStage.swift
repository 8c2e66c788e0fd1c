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

        /// Parameters with the documented defaults.
        public init(
            variable: String = "score", variable_b: String? = nil, alternative: String = "two-sided",
            nan_policy: String = "propagate"
        ) {
            self.variable = variable
            self.variable_b = variable_b
            self.alternative = alternative
            self.nan_policy = nan_policy
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
    ]
    public static let inputPorts: [InputPort] = [
        InputPort("a", .collection, "The first sample: score artifacts of one model class."),
        InputPort("b", .collection, "The second sample: score artifacts of the other class (or a ceiling)."),
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
        self.parameters = parameters
    }

    public var outputPorts: [OutputPort] { Self.documentedOutputs }

    /// The pooled values of `variable` over the kept items of `port`, with the source of each value.
    private func sample(
        _ inputs: StageInputs, port: String, variable: String, dropped: Set<String>
    ) throws -> (
        values: [Double], sources: [String]
    ) {
        var values = [Double]()
        var sources = [String]()
        for item in try inputs.collection(port) where !dropped.contains(AlignmentStageSupport.modelID(item)) {
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
        let a = try sample(inputs, port: "a", variable: p.variable, dropped: dropped)
        let b = try sample(inputs, port: "b", variable: p.variable_b ?? p.variable, dropped: dropped)
        for (name, s) in [("a", a), ("b", b)] where s.values.count < 2 {
            throw StageFailure("input '\(name)' gives \(s.values.count) value(s); a t-test needs at least 2 per sample")
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

import IsomorphArrays
import IsomorphCore
import IsomorphNumerics

/// What the `align.*` stages share: parameter documentation, informative-unit settings, model
/// identities of collection items, and reading scalar scores from artifacts.
enum AlignmentStageSupport {
    /// Documentation of the parameters naming the two inputs' variables and how they join.
    static let pairDocs: [ParameterDoc] = [
        ParameterDoc(
            "join", .choice(JoinMode.allCases.map(\.rawValue)), default: .string("exact"),
            "How model and neuron rows are matched: exact labels, their intersection, or position (docs/conventions.md)."
        ),
        ParameterDoc(
            "observations", .string, default: .string("stimulus"), "The observation (image) dimension of both inputs."),
        ParameterDoc(
            "model_variable", .string, optional: true, "The variable of 'model' to read (default: its only one)."),
        ParameterDoc(
            "neurons_variable", .string, optional: true, "The variable of 'neurons' to read (default: its only one)."),
    ]

    /// Documentation of the informative-unit criterion.
    static let informativeDocs: [ParameterDoc] = [
        ParameterDoc(
            "informative_threshold", .number(min: 0), default: .double(0.01),
            "Units whose standardised variance across images is below this are uninformative and zeroed (Higgins et al. 2020: 0.01)."
        ),
        ParameterDoc(
            "variance_reference", .choice(InformativeUnits.VarianceReference.allCases.map(\.rawValue)),
            default: .string("max"),
            "Standardised variance = Var(unit, ddof 0) / V: V = the largest unit variance of the model (max, scale-free; the default) or 1 (absolute, for units already on the N(0,1) prior's scale, as VAE means)."
        ),
    ]

    /// Checks the informative-unit and join parameters.
    static func validate(variableReference: String, join: String) throws {
        guard InformativeUnits.VarianceReference(rawValue: variableReference) != nil else {
            throw StageFailure(
                "parameter 'variance_reference' must be one of absolute, max, got '\(variableReference)'")
        }
        guard JoinMode(rawValue: join) != nil else {
            throw StageFailure("parameter 'join' must be one of exact, intersection, positional, got '\(join)'")
        }
    }

    /// A model's identity in a collection: its matrix labels as `key=value` sorted by key (so the
    /// same model is recognised across stages: `beta=4,seed=1`), or the producing node's name when
    /// it has no labels.
    static func modelID(_ item: StageInputs.Item) -> String {
        guard !item.labels.isEmpty else { return item.source }
        return item.labels.keys.sorted().map { "\($0)=\(item.labels[$0]!.compactText)" }.joined(separator: ",")
    }

    /// The group of an item: the values of `keys` among its labels (`""` when `keys` is empty).
    /// - Throws: ``StageFailure`` when an item lacks one of the keys.
    static func group(_ item: StageInputs.Item, by keys: [String], port: String) throws -> String {
        try keys.map { key in
            guard let value = item.labels[key] else {
                throw StageFailure(
                    "input '\(port)': item '\(item.source)' has no label '\(key)' to group by (labels: "
                        + "\(item.labels.keys.sorted().joined(separator: ", ")))")
            }
            return "\(key)=\(value.compactText)"
        }.joined(separator: ",")
    }

    /// Every finite-or-NaN value of `variable` in `dataset`, flattened (a scalar score, or a vector
    /// of scores such as one per neuron subset).
    static func values(of variable: String, in dataset: Dataset, port: String) throws -> [Double] {
        guard let v = dataset.variables[variable] else {
            throw StageFailure(
                "input '\(port)' has no variable '\(variable)' (variables: \(dataset.variables.keys.joined(separator: ", ")))"
            )
        }
        guard let values = v.data.doubles else {
            throw StageFailure("input '\(port)': variable '\(variable)' is not numeric")
        }
        return values
    }

    /// The single value of `variable` (a scalar score) in `dataset`.
    static func scalar(_ variable: String, in dataset: Dataset, port: String, item: String) throws -> Double {
        let values = try values(of: variable, in: dataset, port: port)
        guard values.count == 1 else {
            throw StageFailure(
                "input '\(port)': variable '\(variable)' of '\(item)' holds \(values.count) values; a score per model needs one"
            )
        }
        return values[0]
    }

    /// The LASSO alignment settings from the common stage parameters.
    static func settings(
        nAlphas: Int, eps: Double, rule: String, seDDOF: Int, tol: Double, maxIter: Int, precompute: String,
        screening: Bool, informativeThreshold: Double, varianceReference: String, standardizeNeurons: Bool,
        normalizeByInformative: Bool = false
    ) -> LassoAlignment.Settings {
        LassoAlignment.Settings(
            alphaCount: nAlphas, eps: eps,
            options: LassoOptions(
                tolerance: tol, maxIterations: maxIter, precompute: LassoOptions.Precompute(rawValue: precompute)!,
                screening: screening),
            rule: LassoSelectionRule(rawValue: rule)!, standardErrorDDOF: seDDOF,
            informativeThreshold: informativeThreshold,
            varianceReference: InformativeUnits.VarianceReference(rawValue: varianceReference)!,
            standardizeNeurons: standardizeNeurons, normalizeByInformative: normalizeByInformative)
    }

    /// A uint8 0/1 variable over `dimension`.
    static func mask(_ dimension: String, _ flags: [Bool]) throws -> Variable {
        try Variable(dimensions: [dimension], data: NDArray(flags.map { UInt8($0 ? 1 : 0) }))
    }

    /// An int32 variable over `dimension`.
    static func integers(_ dimension: String, _ values: [Int]) throws -> Variable {
        try Variable(dimensions: [dimension], data: NDArray(values.map { Int32($0) }))
    }
}

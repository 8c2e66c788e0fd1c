import IsomorphArrays
import IsomorphCore
import IsomorphNumerics

/// The parameters of `align.completeness` and `align.disentanglement`.
public struct DCIParameters: Codable, Hashable, Sendable {
    public var variable: String
    public var normalize: String
    public var informative_variable: String

    /// Parameters with the documented defaults.
    public init(variable: String = "weights", normalize: String = "all", informative_variable: String = "informative") {
        self.variable = variable
        self.normalize = normalize
        self.informative_variable = informative_variable
    }

    static func docs(base: String) -> [ParameterDoc] {
        [
            ParameterDoc(
                "variable", .string, default: .string("weights"),
                "The 2-D weight variable, units first (align.variance-explained's 'weights'; a lasso 'model' output's 'coefficients')."
            ),
            ParameterDoc(
                "normalize", .choice(["all", "informative"]), default: .string("all"),
                "The entropy's logarithm base: \(base) (all, as DCI and SCIENCE.md define it) or only the informative units (informative; needs the informative variable)."
            ),
            ParameterDoc(
                "informative_variable", .string, default: .string("informative"),
                "The 0/1 variable over units marking informative ones (used when normalize: informative)."),
        ]
    }

    func validate() throws {
        guard ["all", "informative"].contains(normalize) else {
            throw StageFailure("parameter 'normalize' must be one of all, informative, got '\(normalize)'")
        }
    }
}

/// Shared computation of the two DCI stages.
enum DCIStage {
    static func run(_ p: DCIParameters, _ inputs: StageInputs, completeness: Bool) throws -> StageOutputs {
        let dataset = try inputs.dataset("weights")
        guard let v = dataset.variables[p.variable] else {
            throw StageFailure(
                "input 'weights' has no variable '\(p.variable)' (variables: \(dataset.variables.keys.joined(separator: ", ")))"
            )
        }
        guard v.dimensions.count == 2 else {
            throw StageFailure(
                "input 'weights': variable '\(p.variable)' must have 2 dimensions (units, neurons), has \(v.dimensions.count)"
            )
        }
        let w = try v.data.matrix()
        var normalizer: Int?
        if p.normalize == "informative" {
            guard let mask = dataset.variables[p.informative_variable]?.data.doubles, mask.count == w.rowCount else {
                throw StageFailure(
                    "input 'weights' has no '\(p.informative_variable)' variable over its \(w.rowCount) units, needed for normalize: informative"
                )
            }
            normalizer = max(1, mask.filter { $0 != 0 }.count)
        }
        let (units, neurons) = (v.dimensions[0], v.dimensions[1])
        let score =
            completeness
            ? DCIScore.completeness(w, normalizer: normalizer) : DCIScore.disentanglement(w, normalizer: normalizer)
        let axis = completeness ? neurons : units
        var out = Dataset()
        if let labels = dataset.coordinates[axis] { try out.setCoordinate(axis, labels) }
        let n = score.contributions.count
        try out.setVariable("score", LassoStageSupport.scalar(score.score))
        try out.setVariable("contribution", LassoStageSupport.variable([axis], shape: [n], score.contributions))
        try out.setVariable("entropy", LassoStageSupport.variable([axis], shape: [n], score.entropies))
        try out.setVariable("relative_importance", LassoStageSupport.variable([axis], shape: [n], score.weights))
        out.attributes["measure"] = .string(completeness ? "DCI completeness (alignment)" : "DCI disentanglement")
        out.attributes["entropy_base"] = .int(Int64(normalizer ?? (completeness ? w.rowCount : w.columnCount)))
        return StageOutputs(datasets: ["scores": out])
    }
}

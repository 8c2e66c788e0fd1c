import IsomorphArrays
import IsomorphCore
import IsomorphNumerics

/// `rsa.variance-partition`: unique and shared variance of brain RDMs explained by two or three
/// predictor RDMs (e.g. low- and high-level layers), by nested OLS regressions (see
/// `VariancePartitioning` for the formulas), per brain RDM and averaged over them.
public struct VariancePartitionStage: Stage {
    /// The `with:` parameters.
    public struct Parameters: Codable, Hashable, Sendable {
        public var model_variable: String?
        public var brain_variable: String?
        public var join: String

        /// Parameters with the documented defaults.
        public init(model_variable: String? = nil, brain_variable: String? = nil, join: String = "exact") {
            self.model_variable = model_variable
            self.brain_variable = brain_variable
            self.join = join
        }
    }

    public static let kind = "rsa.variance-partition"
    public static let version = 1
    public static let summary = "Partitions brain-RDM variance into unique and shared parts of 2 or 3 predictor RDMs."
    public static let parameterDocs: [ParameterDoc] = [
        ParameterDoc("model_variable", .string, optional: true, "The variable of the predictor RDM artifacts."),
        ParameterDoc("brain_variable", .string, optional: true, "The variable of the brain RDM artifact."),
        RSAInputs.joinDoc,
    ]
    public static let inputPorts: [InputPort] = [
        InputPort("models", .collection, "Two or three predictor RDMs (e.g. a low- and a high-level layer)."),
        InputPort("brain", "Brain RDMs (a stack; each is partitioned)."),
    ]
    static let outputs = [
        OutputPort(
            "partition",
            "variance (component × rdm; components unique_<a>, shared_<a>_<b>, …), variance_mean, and r2 of every "
                + "predictor subset (subset × rdm).")
    ]
    public static let documentedOutputs = outputs

    public let parameters: Parameters

    public init(parameters: Parameters) throws {
        guard JoinMode(rawValue: parameters.join) != nil else {
            throw StageFailure("unknown join '\(parameters.join)'")
        }
        self.parameters = parameters
    }

    public var outputPorts: [OutputPort] { Self.outputs }

    public func run(_ inputs: StageInputs, in context: StageContext) async throws -> StageOutputs {
        let p = parameters
        let data = try RSAInputs.load(
            inputs, modelVariable: p.model_variable, brainVariable: p.brain_variable, join: JoinMode(rawValue: p.join)!)
        guard (2...3).contains(data.models.count) else {
            throw StageFailure(
                "input 'models' holds \(data.models.count) RDMs (\(data.modelLabels.joined(separator: ", "))); "
                    + "variance partitioning takes 2 or 3")
        }
        let k = data.models.count
        let masks = Array(1..<(1 << k))
        var components = [[Double]]()
        var r2 = [[Double]]()
        for ref in data.references {
            try context.checkCancellation()
            let vp: VariancePartitioning
            do {
                vp = try VariancePartitioning(target: ref.values, predictors: data.models.map(\.values))
            } catch {
                throw StageFailure("\(error)")
            }
            components.append(masks.map { vp.components[$0] })
            r2.append(masks.map { vp.subsetR2[$0] })
        }
        let names = data.modelLabels
        let componentNames = masks.map { mask -> String in
            let members = (0..<k).filter { mask & (1 << $0) != 0 }.map { names[$0] }
            return members.count == 1 ? "unique_\(members[0])" : "shared_" + members.joined(separator: "_")
        }
        let subsetNames = masks.map { mask in
            (0..<k).filter { mask & (1 << $0) != 0 }.map { names[$0] }.joined(separator: "+")
        }
        let rdmLabels = data.brain.elementLabels
        let r = data.references.count
        func transposed(_ rows: [[Double]]) -> [Double] {
            (0..<masks.count).flatMap { c in (0..<r).map { rows[$0][c] } }
        }
        var out = Dataset()
        try out.setCoordinate("component", Variable("component", componentNames))
        try out.setCoordinate("subset", Variable("subset", subsetNames))
        try out.setCoordinate("rdm", Variable("rdm", rdmLabels))
        try out.setVariable(
            "variance",
            Variable(
                dimensions: ["component", "rdm"],
                data: NDArray(shape: [masks.count, r], values: transposed(components))))
        try out.setVariable(
            "variance_mean",
            Variable("component", (0..<masks.count).map { c in components.reduce(0) { $0 + $1[c] } / Double(r) }))
        try out.setVariable(
            "r2",
            Variable(dimensions: ["subset", "rdm"], data: NDArray(shape: [masks.count, r], values: transposed(r2))))
        out.attributes["regression"] = .string("ordinary least squares with intercept; NaN pairs dropped")
        return StageOutputs(datasets: ["partition": out])
    }
}

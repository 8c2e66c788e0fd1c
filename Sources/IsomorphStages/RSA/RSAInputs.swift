import IsomorphArrays
import IsomorphCore
import IsomorphNumerics

/// What the RSA stages that compare model RDMs with brain RDMs share: loading a collection of
/// model RDM artifacts (fan-in over layers) and a brain RDM stack, aligning their conditions by
/// label, and labelling the models.
struct RSAInputs: Sendable {
    /// Model RDMs (one per RDM in every model artifact), aligned to the brain's conditions.
    var models: [RDMVector]
    /// A label per model: the producing instance's matrix values (`features.6`), or its node
    /// name, plus the stack label when an artifact holds several RDMs.
    var modelLabels: [String]
    /// The brain RDM stack, aligned.
    var brain: RDMStack
    /// The brain RDMs as prepared vectors.
    var references: [RDMVector]
    /// The condition labels shared by all (after the join), if labelled.
    var conditionLabels: NDArray?

    /// Loads and aligns the `models` collection and the `brain` input.
    ///
    /// - Throws: ``StageFailure`` naming the input and what is wrong (mismatched labels, not an RDM).
    static func load(
        _ inputs: StageInputs, models modelPort: String = "models", brain brainPort: String = "brain",
        modelVariable: String?, brainVariable: String?, join: JoinMode
    ) throws -> RSAInputs {
        let brain = try RDMStack.load(from: inputs.dataset(brainPort), variable: brainVariable, port: brainPort)
        var named = [(port: String, stack: RDMStack)]()
        var labels = [String]()
        for item in try inputs.collection(modelPort) {
            let stack = try RDMStack.load(from: item.artifact.load(), variable: modelVariable, port: item.source)
            named.append((item.source, stack))
            let base =
                item.labels.isEmpty
                ? item.source : item.labels.keys.sorted().map { item.labels[$0]!.compactText }.joined(separator: ",")
            labels += stack.count == 1 ? [base] : stack.elementLabels.map { "\(base)/\($0)" }
        }
        guard !named.isEmpty else { throw StageFailure("input '\(modelPort)' holds no RDMs") }
        let aligned = try RDMStack.align([(brainPort, brain)] + named, mode: join)
        let models = aligned.dropFirst().flatMap { $0.vectors }.map(RDMVector.init)
        return RSAInputs(
            models: models, modelLabels: labels, brain: aligned[0], references: aligned[0].vectors.map(RDMVector.init),
            conditionLabels: aligned[0].conditionLabels)
    }

    /// The `join` mode parameter's documentation.
    static let joinDoc = ParameterDoc(
        "join", .choice(JoinMode.allCases.map(\.rawValue)), default: .string("exact"),
        "How model and brain RDMs are matched: exact (equal stimulus label sets), intersection (shared labels only), "
            + "or positional (same order; required when one side has no labels).")

    /// The `group_by` parameter's documentation.
    static let groupDoc = ParameterDoc(
        "group_by", .string, default: .string("subject"),
        "The brain stack dimension whose entries are independent subjects (left out together for the lower "
            + "ceiling, resampled together); without it each brain RDM is its own subject (rsatoolbox's 'index').")

    /// The `method` parameter's documentation.
    static func methodDoc(default method: RDMComparisonMethod) -> ParameterDoc {
        ParameterDoc(
            "method", .choice(RDMComparisonMethod.allCases.map(\.rawValue)), default: .string(method.rawValue),
            "RDM comparison (rsatoolbox.rdm.compare): pearson ('corr'), spearman (average ranks), tau-a, tau-b "
                + "(scipy kendalltau), rho-a, cosine, whitened-pearson ('corr_cov'), whitened-cosine ('cosine_cov'). "
                + "Pairs missing in either RDM are dropped; constant RDMs score 0 (tau-b: NaN).")
    }
}

extension NDArray {
    /// A rank-2 `int32` array of equally long index lists.
    static func indexLists(_ rows: [[Int]]) -> NDArray {
        NDArray(shape: [rows.count, rows.first?.count ?? 0], values: rows.flatMap { $0.map { Int32($0) } })
    }
}

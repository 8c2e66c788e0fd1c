import IsomorphArrays
import IsomorphCore
import IsomorphNumerics
import IsomorphStages
import IsomorphTestSupport
import OrderedCollections
import Testing

/// Helpers for the LASSO, alignment and statistics stage tests: simulated studies, inputs and outputs.
enum StageFixtures {
    /// The outputs of the `simulate` stage with the given settings and seed.
    static func simulate(_ parameters: SimulateStage.Parameters, seed: UInt64) async throws -> [String: Dataset] {
        let scratch = try TemporaryDirectory(prefix: "simulate")
        let out = try await SimulateStage(parameters: parameters).run(
            StageInputs(), in: .forTesting(seed: seed, scratch: scratch))
        return try datasets(out)
    }

    /// Every output of a run as a dataset.
    static func datasets(_ outputs: StageOutputs) throws -> [String: Dataset] {
        try outputs.values.mapValues { value in
            switch value {
            case .dataset(let d): return d
            case .staged(let s):
                guard let memory = s as? InMemoryStagedArtifact else { throw StageFailure("unexpected staged output") }
                return memory.dataset
            }
        }
    }

    /// Inputs binding each port to one in-memory artifact.
    static func inputs(_ ports: [String: Dataset]) -> StageInputs {
        StageInputs(ports.mapValues { .single(source: "test", artifact: InMemoryArtifact($0)) })
    }

    /// A collection binding: one item per dataset, labelled with the given matrix values.
    static func collection(
        _ items: [(labels: [String: CanonicalValue], dataset: Dataset)], source: String
    )
        -> StageInputs.Binding
    {
        .collection(
            items.map { item in
                let suffix = item.labels.keys.sorted().map { "\($0)=\(item.labels[$0]!.compactText)" }.joined(
                    separator: ",")
                return StageInputs.Item(
                    labels: item.labels, source: "\(source)[\(suffix)]", artifact: InMemoryArtifact(item.dataset))
            })
    }

    /// Runs a stage with the given inputs.
    static func run<S: Stage>(
        _ stage: S, _ inputs: StageInputs, seed: UInt64 = 0, threads: Int = 2
    ) async throws
        -> [String: Dataset]
    {
        let scratch = try TemporaryDirectory(prefix: S.kind)
        return try datasets(await stage.run(inputs, in: .forTesting(seed: seed, threads: threads, scratch: scratch)))
    }

    /// A numeric variable's values.
    static func values(_ d: Dataset?, _ name: String) throws -> [Double] {
        let dataset = try #require(d)
        return try #require(try dataset.variable(name).data.doubles, "\(name) is numeric")
    }

    /// A dataset holding one matrix over (stimulus, `dimension`) with labels.
    static func representation(_ m: Matrix, variable: String = "x", dimension: String, prefix: String) throws -> Dataset
    {
        let stimuli = NDArray((0..<m.rowCount).map { "s\($0)" })
        let units = NDArray((0..<m.columnCount).map { "\(prefix)\($0)" })
        return try Dataset(
            variable: variable, dimensions: ["stimulus", dimension], data: NDArray(m),
            labels: ["stimulus": stimuli, dimension: units])
    }
}

/// A batch of named cases for one `Tests/Oracles/*.py` script using `numerics_common.run`
/// (fields `<case>__<name>`), for the LASSO and alignment stage tests.
struct StageOracle {
    private(set) var inputs = OrderedDictionary<String, NDArray>()

    /// One input field.
    enum Field {
        case matrix(Matrix)
        case vector([Double])
        case scalar(Double)
        case integers([Int])
        case integer(Int)
    }

    /// Adds a case running `op` on `fields`.
    mutating func add(_ name: String, op: String, _ fields: KeyValuePairs<String, Field>) {
        inputs["\(name)__op"] = NDArray(scalar: op)
        for (key, field) in fields {
            switch field {
            case .matrix(let m): inputs["\(name)__\(key)"] = NDArray(m)
            case .vector(let v): inputs["\(name)__\(key)"] = NDArray(v)
            case .scalar(let x): inputs["\(name)__\(key)"] = NDArray(scalar: x)
            case .integers(let v): inputs["\(name)__\(key)"] = NDArray(v.map(Int64.init))
            case .integer(let x): inputs["\(name)__\(key)"] = NDArray(scalar: Int64(x))
            }
        }
    }

    /// Runs the script; results are looked up as `case`, `name`.
    func run(_ script: String) throws -> Results { Results(arrays: try Oracle.run(script, inputs: inputs)) }

    /// The arrays an oracle wrote.
    struct Results {
        let arrays: OrderedDictionary<String, NDArray>

        func array(_ name: String, _ key: String) throws -> NDArray {
            try #require(arrays["\(name)__\(key)"], "oracle gave no \(name)__\(key)")
        }
        func vector(_ name: String, _ key: String) throws -> [Double] { try #require(try array(name, key).doubles) }
        func scalar(_ name: String, _ key: String) throws -> Double { try vector(name, key)[0] }
        func matrix(_ name: String, _ key: String) throws -> Matrix { try array(name, key).matrix() }
    }
}

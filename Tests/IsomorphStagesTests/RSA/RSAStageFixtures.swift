import IsomorphArrays
import IsomorphCore
import IsomorphNumerics
import IsomorphStages
import IsomorphTestSupport

/// Inputs and output helpers shared by the RSA stage suites.
enum RSAStageFixtures {
    /// The datasets of a `simulate` run (features, responses, subject_responses, truth).
    static func simulated(stimuli: Int = 40, seed: UInt64 = 3) async throws -> [String: Dataset] {
        let stage = try SimulateStage(parameters: .init(stimuli: stimuli, units: 30, neurons: 25, subjects: 4))
        let scratch = try TemporaryDirectory()
        let out = try await stage.run(StageInputs(), in: .forTesting(seed: seed, scratch: scratch))
        return try out.values.mapValues { try dataset($0) }
    }

    /// The dataset of an output value (in memory or streamed through the test writer).
    static func dataset(_ value: StageOutputs.Value?) throws -> Dataset {
        switch value {
        case .dataset(let d)?: return d
        case .staged(let s)?:
            guard let a = s as? InMemoryStagedArtifact else { throw StageFailure("not an in-memory staged artifact") }
            return a.dataset
        case nil: throw StageFailure("no such output")
        }
    }

    /// Runs `stage` on `inputs` with a test context.
    static func run<S: Stage>(
        _ stage: S, _ inputs: StageInputs, seed: UInt64 = 1, threads: Int = 2
    ) async throws
        -> StageOutputs
    {
        let scratch = try TemporaryDirectory()
        return try await stage.run(inputs, in: .forTesting(seed: seed, threads: threads, scratch: scratch))
    }

    /// A single-artifact binding.
    static func single(_ d: Dataset, _ source: String = "data") -> StageInputs.Binding {
        .single(source: source, artifact: InMemoryArtifact(d))
    }

    /// A collection binding labelled by `layer`.
    static func collection(_ items: [(String, Dataset)]) -> StageInputs.Binding {
        .collection(
            items.map {
                StageInputs.Item(
                    labels: ["layer": .string($0.0)], source: "rdm[\($0.0)]", artifact: InMemoryArtifact($0.1))
            })
    }

    /// The hIT RDMs as an artifact over `[subject, session, stimulus, stimulus_2]` (no stimulus labels,
    /// as a data source imports the .npy), subjects labelled BE, KO, SN, TI.
    static func humanIT() throws -> Dataset {
        let a = try NPY.read(contentsOf: TestData.path("kriegeskorte2008_92images/npy/hIT_rdms_4subj_2sess.npy"))
        return try Dataset(
            variable: "rdm", dimensions: ["subject", "session", "stimulus", "stimulus_2"],
            data: a.reshaped([4, 2, 92, 92]), labels: ["subject": NDArray(["BE", "KO", "SN", "TI"])])
    }

    /// The monkey IT RDM as an artifact over `[stimulus, stimulus_2]`.
    static func monkeyIT() throws -> Dataset {
        let a = try NPY.read(contentsOf: TestData.path("kriegeskorte2008_92images/npy/mIT_rdm_fig1.npy"))
        return try Dataset(variable: "rdm", dimensions: ["stimulus", "stimulus_2"], data: a)
    }

    /// Condensed vectors of an RDM variable (last two dimensions square), in stack order.
    static func condensed(_ d: Dataset, _ name: String = "rdm") throws -> [[Double]] {
        let v = try d.variable(name)
        let n = v.shape.last!
        let values = try require(v.data.doubles)
        return stride(from: 0, to: values.count, by: n * n).map {
            CondensedRDM.vector(Matrix(rows: n, columns: n, elements: Array(values[$0..<($0 + n * n)])))
        }
    }
}

/// A seeded standard normal `rows × columns` matrix.
func normalMatrix(_ rows: Int, _ columns: Int, seed: UInt64) -> Matrix {
    var g = SeededGenerator(seed: seed)
    return .randomNormal(rows: rows, columns: columns, using: &g)
}

/// A value a fixture needed but did not find.
struct MissingValue: Error, CustomStringConvertible {
    let description: String
}

/// Unwraps an optional or throws.
func require<T>(_ value: T?, _ what: String = "value") throws -> T {
    guard let value else { throw MissingValue(description: "missing \(what)") }
    return value
}

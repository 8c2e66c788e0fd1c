import Foundation
import IsomorphArrays
import IsomorphCore
import Logging

/// Small, fast stages for testing the loader, planner and executors without numerics.
///
/// Each has one output port `out` holding a variable `x` over dimension `i` (Float64), except
/// ``Fail`` which only throws. ``registry`` registers them all under `test.*` kinds.
public enum TestStages {
    /// A registry holding every test stage.
    public static var registry: StageRegistry {
        var r = StageRegistry()
        r.register(Constant.self)
        r.register(Scale.self)
        r.register(Sum.self)
        r.register(Fail.self)
        r.register(Noise.self)
        r.register(Sleep.self)
        return r
    }

    /// The output dataset every test stage produces: `x` over `i`.
    public static func dataset(_ values: [Double]) -> Dataset {
        try! Dataset(variable: "x", dimensions: ["i"], data: NDArray(values))
    }

    /// Reads `x` from an artifact as doubles.
    public static func values(of artifact: any ArtifactHandle) throws -> [Double] {
        guard let v = try artifact.load().variable("x").data.doubles else { throw StageFailure("x is not numeric") }
        return v
    }

    /// `test.constant`: outputs the given values.
    public struct Constant: Stage {
        public struct Parameters: Codable, Hashable, Sendable {
            public var values: [Double]
            /// Does not affect results (a stand-in for a batch size or a thread count).
            public var chunk: Int
        }
        public static let kind = "test.constant"
        public static let version = 1
        public static let summary = "Outputs a fixed vector."
        public static let parameterDocs: [ParameterDoc] = [
            ParameterDoc("values", .list(.number), "The values to output."),
            ParameterDoc("chunk", .int(min: 1), default: .int(64), affectsResult: false, "Ignored; never in the key."),
        ]
        public static let inputPorts: [InputPort] = []
        public let parameters: Parameters
        public init(parameters: Parameters) throws {
            guard !parameters.values.isEmpty else { throw StageFailure("parameter 'values' must not be empty") }
            self.parameters = parameters
        }
        public var outputPorts: [OutputPort] { [OutputPort("out", "The values.")] }
        public func run(_ inputs: StageInputs, in context: StageContext) async throws -> StageOutputs {
            StageOutputs(datasets: ["out": TestStages.dataset(parameters.values)])
        }
    }

    /// `test.scale`: multiplies its input by `factor`.
    public struct Scale: Stage {
        public struct Parameters: Codable, Hashable, Sendable {
            public var factor: Double
        }
        public static let kind = "test.scale"
        public static let version = 1
        public static let summary = "Multiplies a vector by a factor."
        public static let parameterDocs: [ParameterDoc] = [
            ParameterDoc("factor", .number, default: .double(1), "The factor.")
        ]
        public static let inputPorts: [InputPort] = [InputPort("x", "The vector.")]
        public let parameters: Parameters
        public init(parameters: Parameters) throws { self.parameters = parameters }
        public var outputPorts: [OutputPort] { [OutputPort("out", "The scaled vector.")] }
        public func run(_ inputs: StageInputs, in context: StageContext) async throws -> StageOutputs {
            let x = try TestStages.values(of: inputs.artifact("x"))
            return StageOutputs(datasets: ["out": TestStages.dataset(x.map { $0 * parameters.factor })])
        }
    }

    /// `test.sum`: the element-wise sum of a collection of vectors.
    public struct Sum: Stage {
        public struct Parameters: Codable, Hashable, Sendable {}
        public static let kind = "test.sum"
        public static let version = 1
        public static let summary = "Adds vectors element-wise."
        public static let parameterDocs: [ParameterDoc] = []
        public static let inputPorts: [InputPort] = [InputPort("xs", .collection, "The vectors.")]
        public let parameters: Parameters
        public init(parameters: Parameters) throws { self.parameters = parameters }
        public var outputPorts: [OutputPort] { [OutputPort("out", "The sum.")] }
        public func run(_ inputs: StageInputs, in context: StageContext) async throws -> StageOutputs {
            var total: [Double]?
            for item in try inputs.collection("xs") {
                let x = try TestStages.values(of: item.artifact)
                total = total.map { zip($0, x).map { $0 + $1 } } ?? x
            }
            return StageOutputs(datasets: ["out": TestStages.dataset(total ?? [])])
        }
    }

    /// `test.fail`: always throws a ``StageFailure`` with `message`.
    public struct Fail: Stage {
        public struct Parameters: Codable, Hashable, Sendable {
            public var message: String
        }
        public static let kind = "test.fail"
        public static let version = 1
        public static let summary = "Fails with a message."
        public static let parameterDocs: [ParameterDoc] = [
            ParameterDoc("message", .string, default: .string("injected failure"), "The failure message.")
        ]
        public static let inputPorts: [InputPort] = [InputPort("x", "Ignored.", optional: true)]
        public let parameters: Parameters
        public init(parameters: Parameters) throws { self.parameters = parameters }
        public var outputPorts: [OutputPort] { [OutputPort("out", "Never written.")] }
        public func run(_ inputs: StageInputs, in context: StageContext) async throws -> StageOutputs {
            context.logger.error("about to fail: \(parameters.message)")
            throw StageFailure(parameters.message)
        }
    }

    /// `test.noise`: `count` standard normals from the run's seed (stochastic).
    public struct Noise: Stage {
        public struct Parameters: Codable, Hashable, Sendable {
            public var count: Int
        }
        public static let kind = "test.noise"
        public static let version = 1
        public static let summary = "Draws normal deviates from the seed."
        public static let parameterDocs: [ParameterDoc] = [ParameterDoc("count", .int(min: 1), "How many.")]
        public static let inputPorts: [InputPort] = []
        public static let isStochastic = true
        public let parameters: Parameters
        public init(parameters: Parameters) throws { self.parameters = parameters }
        public var outputPorts: [OutputPort] { [OutputPort("out", "The deviates.")] }
        public func run(_ inputs: StageInputs, in context: StageContext) async throws -> StageOutputs {
            var g = SplitMixForTests(seed: context.seed)
            return StageOutputs(datasets: [
                "out": TestStages.dataset((0..<parameters.count).map { _ in g.nextDouble() })
            ])
        }
    }

    /// `test.sleep`: waits `seconds` (cancellable), then passes its optional input through (or outputs `[0]`).
    public struct Sleep: Stage {
        public struct Parameters: Codable, Hashable, Sendable {
            public var seconds: Double
        }
        public static let kind = "test.sleep"
        public static let version = 1
        public static let summary = "Sleeps, then passes its input through."
        public static let parameterDocs: [ParameterDoc] = [
            ParameterDoc("seconds", .number(min: 0), default: .double(0.1), "How long to sleep.")
        ]
        public static let inputPorts: [InputPort] = [InputPort("x", "Passed through.", optional: true)]
        public let parameters: Parameters
        public init(parameters: Parameters) throws { self.parameters = parameters }
        public var outputPorts: [OutputPort] { [OutputPort("out", "The input, or [0].")] }
        public func run(_ inputs: StageInputs, in context: StageContext) async throws -> StageOutputs {
            try await Task.sleep(nanoseconds: UInt64(parameters.seconds * 1e9))
            let x = try inputs.optionalArtifact("x").map { try TestStages.values(of: $0) } ?? [0]
            return StageOutputs(datasets: ["out": TestStages.dataset(x)])
        }
    }
}

/// A tiny deterministic generator so test stages need not depend on IsomorphNumerics.
struct SplitMixForTests {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func nextDouble() -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Double((z ^ (z >> 31)) >> 11) * 0x1.0p-53
    }
}

import Foundation
import IsomorphArrays
import IsomorphCore
import Logging

extension StageContext {
    /// A context for running a stage directly in a test: a fresh scratch directory, a silent
    /// logger, and an in-memory writer for streamed outputs (see ``InMemoryStreamWriter``).
    public static func forTesting(
        node: String = "test", seed: UInt64 = 0, threads: Int = 1, scratch: TemporaryDirectory,
        specDirectory: URL? = nil
    ) -> StageContext {
        var logger = Logger(label: "isomorph.test")
        logger.logLevel = .critical
        return StageContext(
            nodeName: node, seed: seed, logger: logger, scratchDirectory: scratch.url, threads: threads,
            specDirectory: specDirectory ?? scratch.url,
            writerFactory: { _ in InMemoryStreamWriter() })
    }
}

/// An ``ArtifactStreamWriter`` that assembles the streamed rows into a ``Dataset`` in memory.
public final class InMemoryStreamWriter: ArtifactStreamWriter, @unchecked Sendable {
    private var dataset = Dataset()
    private var pending: [String: (dtype: DType, dimensions: [String], shape: [Int], attributes: Attributes)] = [:]
    private var rows: [String: [NDArray]] = [:]

    public init() {}

    public func setCoordinate(_ name: String, _ coordinate: Variable) throws {
        try dataset.setCoordinate(name, coordinate)
    }

    public func setAttribute(_ name: String, _ value: AttributeValue) throws {
        dataset.attributes[name] = value
    }

    public func beginVariable(
        _ name: String, dtype: DType, dimensions: [String], shape: [Int], attributes: Attributes
    ) throws {
        pending[name] = (dtype, dimensions, shape, attributes)
        rows[name] = []
    }

    public func append(_ variable: String, rows block: NDArray) throws {
        guard pending[variable] != nil else { throw StageFailure("variable '\(variable)' was not begun") }
        rows[variable, default: []].append(block)
    }

    public func finish() throws -> any StagedArtifact {
        for (name, spec) in pending {
            let blocks = rows[name] ?? []
            let rowSize = spec.shape.dropFirst().reduce(1, *)
            var values = [Double]()
            var strings = [String]()
            for b in blocks {
                if let d = b.doubles { values += d } else { strings += b.storage.textValues }
            }
            let count = spec.dtype == .string ? strings.count : values.count
            guard count == spec.shape.reduce(1, *), rowSize >= 0 else {
                throw StageFailure("variable '\(name)' got \(count) of \(spec.shape.reduce(1, *)) elements")
            }
            let array =
                spec.dtype == .string
                ? NDArray(shape: spec.shape, values: strings)
                : try NDArray(shape: spec.shape, values: values).converted(to: spec.dtype)
            try dataset.setVariable(
                name, Variable(dimensions: spec.dimensions, data: array, attributes: spec.attributes))
        }
        return InMemoryStagedArtifact(dataset: dataset)
    }
}

/// A streamed output held in memory.
public struct InMemoryStagedArtifact: StagedArtifact {
    public let dataset: Dataset
    public var digest: ContentDigest { dataset.digest }
}

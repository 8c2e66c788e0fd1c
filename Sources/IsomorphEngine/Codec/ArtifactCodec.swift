import Foundation
import IsomorphArrays
import OrderedCollections

// TEMPORARY STAND-IN. The artifact codec is IsomorphHDF5's `ArtifactFile`/`ArtifactWriter`
// (branch `hdf5`). Until it lands on `main`, the engine reads and writes artifacts through this
// file, which has the same shape but stores an `.npz` archive (variables, coordinates and a JSON
// header). Swapping to HDF5 replaces this one file; nothing else in the engine changes.

/// The artifact codec as the engine uses it (see the note at the top of this file).
enum ArtifactCodec {
    private static let metaEntry = "meta"

    /// Writes a dataset as an artifact file and returns its content digest.
    static func write(_ dataset: Dataset, to path: String) throws -> ContentDigest {
        let digest = dataset.digest
        var arrays = OrderedDictionary<String, NDArray>()
        var meta: [String: [String: Entry]] = ["variables": [:], "coordinates": [:]]
        var order: [String: [String]] = ["variables": [], "coordinates": []]
        for (group, pairs) in [("coordinates", dataset.coordinates), ("variables", dataset.variables)] {
            for (name, v) in pairs {
                arrays["\(group).\(name)"] = v.data
                meta[group]![name] = Entry(
                    dimensions: v.dimensions,
                    attributes: Array(v.attributes.elements).map {
                        Pair(name: $0.key, value: $0.value)
                    })
                order[group]!.append(name)
            }
        }
        let header = Header(
            digest: digest.hex, entries: meta, order: order,
            attributes: dataset.attributes.elements.map { Pair(name: $0.key, value: $0.value) })
        let json = String(decoding: try JSONEncoder().encode(header), as: UTF8.self)
        arrays[metaEntry] = NDArray([json])
        try NPZ.write(arrays, to: path)
        return digest
    }

    /// Reads a whole artifact.
    static func read(_ path: String) throws -> Dataset {
        let (dataset, _) = try load(path)
        return dataset
    }

    /// The artifact's structure.
    static func summary(_ path: String) throws -> DatasetSummary { DatasetSummary(try read(path)) }

    /// Rows of a data variable.
    static func readRows(_ path: String, variable: String, _ range: Range<Int>) throws -> NDArray {
        try read(path).variable(variable).data.selecting(rows: Array(range))
    }

    /// A coordinate variable.
    static func readCoordinate(_ path: String, _ name: String) throws -> Variable? {
        try read(path).coordinates[name]
    }

    /// The digest recorded in the file when it was written.
    static func storedDigest(_ path: String) throws -> ContentDigest? {
        ContentDigest(hex: try load(path).1.digest)
    }

    /// Recomputes the content digest from the file's values.
    static func computeDigest(_ path: String) throws -> ContentDigest { try read(path).digest }

    /// What a foreign file holds: one array, or a whole labelled dataset (netCDF, xarray).
    enum Foreign {
        case array(NDArray)
        case dataset(Dataset)
    }

    /// Reads a foreign HDF5, netCDF or MATLAB v7.3 file (not available in the stand-in).
    static func importForeign(_ path: String, variable: String?, matlab: Bool) throws -> Foreign {
        throw ArrayError.malformedFile(
            path: path, reason: "reading HDF5/netCDF/.mat files needs the HDF5 artifact codec (not built in yet)")
    }

    private struct Pair: Codable {
        var name: String
        var value: AttributeValue
    }

    private struct Entry: Codable {
        var dimensions: [String]
        var attributes: [Pair]
    }

    private struct Header: Codable {
        var digest: String
        var entries: [String: [String: Entry]]
        var order: [String: [String]]
        var attributes: [Pair]
    }

    private static func load(_ path: String) throws -> (Dataset, Header) {
        let arrays = try NPZ.read(contentsOf: path)
        guard let metaArray = arrays[metaEntry], let json = metaArray.storage.textValues.first,
            let header = try? JSONDecoder().decode(Header.self, from: Data(json.utf8))
        else { throw ArrayError.malformedFile(path: path, reason: "not an Isomorph artifact (no header)") }
        var dataset = Dataset()
        for group in ["coordinates", "variables"] {
            for name in header.order[group] ?? [] {
                guard let entry = header.entries[group]?[name], let data = arrays["\(group).\(name)"] else {
                    throw ArrayError.malformedFile(path: path, reason: "missing array '\(name)'")
                }
                let v = try Variable(
                    dimensions: entry.dimensions, data: data,
                    attributes: Attributes(uniqueKeysWithValues: entry.attributes.map { ($0.name, $0.value) }))
                if group == "coordinates" {
                    try dataset.setCoordinate(name, v)
                } else {
                    try dataset.setVariable(name, v)
                }
            }
        }
        dataset.attributes = Attributes(uniqueKeysWithValues: header.attributes.map { ($0.name, $0.value) })
        return (dataset, header)
    }
}

/// Streams an artifact to a file (stand-in: collects rows in memory, writes on ``finish()``).
final class ArtifactCodecWriter {
    private let path: String
    private var dataset = Dataset()
    private var pending:
        OrderedDictionary<String, (dtype: DType, dimensions: [String], shape: [Int], attributes: Attributes)> =
            [:]
    private var blocks: [String: [NDArray]] = [:]

    init(path: String) throws { self.path = path }

    func setCoordinate(_ name: String, _ coordinate: Variable) throws { try dataset.setCoordinate(name, coordinate) }

    func setAttribute(_ name: String, _ value: AttributeValue) throws { dataset.attributes[name] = value }

    func beginVariable(_ name: String, dtype: DType, dimensions: [String], shape: [Int], attributes: Attributes) throws
    {
        try Dataset.checkName(name)
        guard pending[name] == nil, dataset.variables[name] == nil else {
            throw ArrayError.invalidName(name, reason: "variable already begun")
        }
        pending[name] = (dtype, dimensions, shape, attributes)
        blocks[name] = []
    }

    func append(_ variable: String, rows: NDArray) throws {
        guard let spec = pending[variable] else {
            throw ArrayError.missingVariable(variable, available: Array(pending.keys))
        }
        guard rows.rank == spec.shape.count, Array(rows.shape.dropFirst()) == Array(spec.shape.dropFirst()) else {
            throw ArrayError.shapeMismatch(
                expected: spec.shape.dropFirst().reduce(1, *), actual: rows.count,
                context: "a row block of '\(variable)'")
        }
        blocks[variable, default: []].append(try rows.converted(to: spec.dtype))
    }

    func finish() throws -> ContentDigest {
        for (name, spec) in pending {
            let parts = blocks[name] ?? []
            let rows = parts.reduce(0) { $0 + $1.shape[0] }
            guard rows == spec.shape[0] else {
                throw ArrayError.shapeMismatch(expected: spec.shape[0], actual: rows, context: "the rows of '\(name)'")
            }
            let array = try NDArray.concatenatingRows(parts, shape: spec.shape, dtype: spec.dtype)
            try dataset.setVariable(
                name, Variable(dimensions: spec.dimensions, data: array, attributes: spec.attributes))
        }
        return try ArtifactCodec.write(dataset, to: path)
    }

    func abort() { try? FileManager.default.removeItem(atPath: path) }
}

extension NDArray {
    /// Stacks row blocks (stand-in helper).
    fileprivate static func concatenatingRows(_ parts: [NDArray], shape: [Int], dtype: DType) throws -> NDArray {
        var storage = ArrayStorage.empty(dtype)
        for p in parts { storage = storage.appending(p.storage) }
        return try NDArray(shape: shape, storage: storage)
    }
}

extension ArrayStorage {
    fileprivate func appending(_ other: ArrayStorage) -> ArrayStorage {
        switch (self, other) {
        case (.float64(let a), .float64(let b)): return .float64(a + b)
        case (.float32(let a), .float32(let b)): return .float32(a + b)
        case (.int64(let a), .int64(let b)): return .int64(a + b)
        case (.int32(let a), .int32(let b)): return .int32(a + b)
        case (.uint8(let a), .uint8(let b)): return .uint8(a + b)
        case (.string(let a), .string(let b)): return .string(a + b)
        default: return self
        }
    }
}

import Foundation
import IsomorphArrays

/// Reads an artifact, or any netCDF-4 / xarray-written HDF5 file, keeping it open for many reads.
///
/// Opening scans the structure (names, dimensions, shapes, dtypes, attributes) without reading
/// values. Row reads keep each variable's dataset open with a 16 MiB chunk cache, so a
/// sequence of row blocks that do not line up with chunks decompresses each chunk once. Use
/// ``withReader(_:_:)`` to close it automatically.
///
/// How a file maps to a ``IsomorphArrays/Dataset``: every root dataset is a variable except
/// netCDF phantom dimensions; dimension scales and the names listed in `coordinates` attributes
/// are coordinates, the rest data variables; each axis is named by its attached dimension scale
/// (an axis without one gets h5netcdf's `phony_dim_N` name, one per distinct length). Stored
/// types widen as in ``HDF5Dataset/readArray(offset:count:)``. netCDF and dimension-scale
/// bookkeeping attributes are dropped; in files not written by Isomorph, one-element attribute
/// arrays become scalars and a NaN `_FillValue` is dropped, as netCDF readers do. Groups below
/// the root are not read.
public final class ArtifactReader {
    /// The file's path.
    public let path: String
    /// The structure: variables and coordinates without values, and dataset attributes.
    public let summary: DatasetSummary
    /// The digest stored in the root attribute `isomorph_digest`, if the file has one.
    public let storedDigest: ContentDigest?

    /// Threads that decompress the chunks of one row-block read; every core by default.
    public var threads = ProcessInfo.processInfo.activeProcessorCount {
        didSet { for handle in handles.values { handle.decodingThreads = threads } }
    }

    private let file: HDF5File
    private var handles: [String: HDF5Dataset] = [:]

    /// Opens `path` and scans its structure.
    /// - Throws: ``HDF5Error`` for a missing, non-HDF5 or damaged file, or a root dataset of a
    ///   type Isomorph does not read.
    public init(path: String) throws {
        self.path = path
        file = try HDF5File.open(path)
        do {
            let scan = try NetCDFStructure(root: file.root)
            summary = scan.summary
            storedDigest = scan.storedDigest
        } catch {
            try? file.close()
            throw error
        }
    }

    deinit {
        try? close()
    }

    /// Opens `path`, runs `body` with a reader and closes it, also when `body` throws.
    public static func withReader<R>(_ path: String, _ body: (ArtifactReader) throws -> R) throws -> R {
        let reader = try ArtifactReader(path: path)
        let result: R
        do {
            result = try body(reader)
        } catch {
            try? reader.close()
            throw error
        }
        try reader.close()
        return result
    }

    /// Closes the file and every dataset opened for row reads.
    public func close() throws {
        for handle in handles.values { try? handle.close() }
        handles = [:]
        try file.close()
    }

    /// The summary of a data variable or coordinate called `name`.
    public func entry(_ name: String) -> VariableSummary? {
        summary.variables.first { $0.name == name } ?? summary.coordinates.first { $0.name == name }
    }

    /// Reads a data variable or coordinate whole.
    public func variable(_ name: String) throws -> Variable {
        let entry = try requireEntry(name, operation: "read variable")
        let data = try handle(name).readArray()
        do {
            return try Variable(dimensions: entry.dimensions, data: data, attributes: entry.attributes)
        } catch {
            throw HDF5Error(
                .invalidArtifact, file: path, object: "/" + name, operation: "read variable", reason: "\(error)")
        }
    }

    /// Reads rows `range` along the first axis of a data variable or coordinate.
    /// - Complexity: Reads only the chunks holding those rows.
    public func readRows(_ name: String, _ range: Range<Int>) throws -> NDArray {
        _ = try requireEntry(name, operation: "read rows \(range.lowerBound)..<\(range.upperBound) of variable")
        return try handle(name).readRows(range)
    }

    /// Reads the coordinate `name`, or returns `nil` if the file has no coordinate of that name.
    public func coordinate(_ name: String) throws -> Variable? {
        guard summary.coordinates.contains(where: { $0.name == name }) else { return nil }
        return try variable(name)
    }

    /// Reads the whole file as a dataset.
    /// - Throws: ``HDF5Error`` of kind `invalidArtifact` if the content breaks the data model
    ///   (dimension lengths that disagree, names the model reserves).
    public func dataset() throws -> Dataset {
        var coordinates = OrderedDictionary<String, Variable>()
        var variables = OrderedDictionary<String, Variable>()
        for c in summary.coordinates { coordinates[c.name] = try variable(c.name) }
        for v in summary.variables { variables[v.name] = try variable(v.name) }
        do {
            return try Dataset(variables: variables, coordinates: coordinates, attributes: summary.attributes)
        } catch {
            throw HDF5Error(.invalidArtifact, file: path, operation: "read dataset", reason: "\(error)")
        }
    }

    /// Recomputes the content digest from the stored values, streaming each variable in row
    /// blocks of about `blockBytes`, so memory stays bounded whatever the file's size.
    /// - Complexity: One pass over every element.
    public func computeDigest(blockBytes: Int = 8 << 20) throws -> ContentDigest {
        func digest(_ entry: VariableSummary) throws -> ContentDigest {
            let digester = VariableDigester(
                dtype: entry.dtype, dimensions: entry.dimensions, shape: entry.shape, attributes: entry.attributes)
            let dataset = try handle(entry.name)
            if entry.shape.isEmpty || entry.shape.contains(0) {
                digester.append(try dataset.readArray().storage)
            } else {
                let rowBytes = entry.shape.dropFirst().reduce(entry.dtype.byteWidth ?? 16, *)
                let step = max(1, blockBytes / max(1, rowBytes))
                var start = 0
                while start < entry.shape[0] {
                    let end = min(entry.shape[0], start + step)
                    digester.append(try dataset.readRows(start..<end).storage)
                    start = end
                }
            }
            return digester.finalize()
        }
        return Dataset.combine(
            coordinates: try summary.coordinates.map { ($0.name, try digest($0)) },
            variables: try summary.variables.map { ($0.name, try digest($0)) })
    }

    private func requireEntry(_ name: String, operation: String) throws -> VariableSummary {
        guard let entry = entry(name) else {
            let available = (summary.coordinates + summary.variables).map(\.name)
            throw HDF5Error(
                .objectNotFound, file: path, object: "/" + name, operation: operation,
                reason: "no such variable (available: \(available.joined(separator: ", ")))")
        }
        return entry
    }

    private func handle(_ name: String) throws -> HDF5Dataset {
        if let open = handles[name] { return open }
        let dataset = try file.root.openDataset(name, chunkCacheBytes: 16 << 20)
        dataset.decodingThreads = threads
        handles[name] = dataset
        return dataset
    }
}

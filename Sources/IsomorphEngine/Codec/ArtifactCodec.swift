import IsomorphArrays
import IsomorphHDF5

/// The artifact codec as the engine uses it: IsomorphHDF5's zstd-compressed netCDF-4 files
/// (`ArtifactFile`, `ArtifactWriter`), plus reading what other tools write (`HDF5Import`,
/// `MATFile`) for data sources and command outputs.
enum ArtifactCodec {
    /// Compression level and chunk size of stored artifacts.
    static let options = ArtifactWriteOptions()

    /// Writes a dataset as an artifact file and returns its content digest.
    static func write(_ dataset: Dataset, to path: String) throws -> ContentDigest {
        try ArtifactFile.write(dataset, to: path, options: options)
    }

    /// Reads a whole artifact.
    static func read(_ path: String) throws -> Dataset { try ArtifactFile.read(path) }

    /// The artifact's structure.
    static func summary(_ path: String) throws -> DatasetSummary { try ArtifactFile.summary(path) }

    /// Rows of a data variable.
    static func readRows(_ path: String, variable: String, _ range: Range<Int>) throws -> NDArray {
        try ArtifactFile.readRows(path, variable: variable, range)
    }

    /// A coordinate variable.
    static func readCoordinate(_ path: String, _ name: String) throws -> Variable? {
        try ArtifactFile.readCoordinate(path, name)
    }

    /// The digest recorded in the file when it was written.
    static func storedDigest(_ path: String) throws -> ContentDigest? { try ArtifactFile.storedDigest(path) }

    /// Recomputes the content digest from the file's values.
    static func computeDigest(_ path: String) throws -> ContentDigest { try ArtifactFile.computeDigest(path) }

    /// What a foreign file holds: one array, or a whole labelled dataset (netCDF, xarray).
    enum Foreign {
        case array(NDArray)
        case dataset(Dataset)
    }

    /// Reads a file another tool wrote.
    /// - `.mat` (v7.3): `variable`, or the only variable.
    /// - HDF5: dataset `variable`; without one, a netCDF-4/xarray file as a dataset, else the
    ///   only dataset in the file.
    static func importForeign(_ path: String, variable: String?, matlab: Bool) throws -> Foreign {
        if matlab {
            let name: String
            if let variable {
                name = variable
            } else {
                let all = try MATFile.variables(path)
                guard all.count == 1 else {
                    throw ArrayError.malformedFile(
                        path: path,
                        reason: "the file holds \(all.count) variables (\(all.map(\.name).joined(separator: ", "))); "
                            + "say which with 'variable:'")
                }
                name = all[0].name
            }
            return .array(try MATFile.read(path, variable: name))
        }
        if let variable { return .array(try HDF5Import.readArray(path, dataset: variable)) }
        if let dataset = try? ArtifactFile.read(path), !dataset.variables.isEmpty { return .dataset(dataset) }
        let readable = try HDF5Import.listDatasets(path).filter { $0.dtype != nil }
        guard readable.count == 1 else {
            throw ArrayError.malformedFile(
                path: path,
                reason: "the file holds \(readable.count) datasets (\(readable.map(\.path).joined(separator: ", "))); "
                    + "say which with 'variable:'")
        }
        return .array(try HDF5Import.readArray(path, dataset: readable[0].path))
    }
}

/// Streams an artifact to a file.
typealias ArtifactCodecWriter = ArtifactWriter

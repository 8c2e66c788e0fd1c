import IsomorphArrays

/// The artifact codec: a ``IsomorphArrays/Dataset`` as a zstd-compressed netCDF-4 HDF5 file that
/// `h5py` (with `hdf5plugin`) and `xarray.open_dataset(path, engine="h5netcdf")` open.
///
/// One-shot functions open and close the file each call; to read many row blocks keep an
/// ``ArtifactReader`` open, and to write outputs larger than memory use ``ArtifactWriter``.
public enum ArtifactFile {
    /// Writes `dataset` as a netCDF-4 HDF5 file; returns its content digest (== `dataset.digest`),
    /// also stored as root attribute `isomorph_digest`. A failed write leaves no file behind.
    /// - Throws: ``HDF5Error`` (`fileExists` unless ``ArtifactWriteOptions/overwrite``,
    ///   `invalidArgument` for names or attributes the format reserves).
    public static func write(
        _ dataset: Dataset, to path: String, options: ArtifactWriteOptions = .init()
    ) throws -> ContentDigest {
        let writer = try ArtifactWriter(path: path, options: options)
        do {
            for (name, coordinate) in dataset.coordinates { try writer.setCoordinate(name, coordinate) }
            for (key, value) in dataset.attributes { try writer.setAttribute(key, value) }
            for (name, variable) in dataset.variables {
                try writer.beginVariable(
                    name, dtype: variable.dtype, dimensions: variable.dimensions, shape: variable.shape,
                    attributes: variable.attributes)
                try writer.append(name, rows: variable.data)
            }
            return try writer.finish()
        } catch {
            writer.abort()
            throw error
        }
    }

    /// Reads the whole file as a dataset; also reads files written by xarray, h5netcdf and netCDF4
    /// (see ``ArtifactReader`` for the mapping).
    public static func read(_ path: String) throws -> Dataset {
        try ArtifactReader.withReader(path) { try $0.dataset() }
    }

    /// The file's structure (names, dimensions, shapes, dtypes, attributes) without values.
    public static func summary(_ path: String) throws -> DatasetSummary {
        try ArtifactReader.withReader(path) { $0.summary }
    }

    /// Rows `range` along the first axis of variable (or coordinate) `variable`.
    /// - Complexity: Reads only the chunks holding those rows.
    public static func readRows(_ path: String, variable: String, _ range: Range<Int>) throws -> NDArray {
        try ArtifactReader.withReader(path) { try $0.readRows(variable, range) }
    }

    /// The coordinate `name`, or `nil` if the file has none of that name.
    public static func readCoordinate(_ path: String, _ name: String) throws -> Variable? {
        try ArtifactReader.withReader(path) { try $0.coordinate(name) }
    }

    /// The digest stored in the root attribute `isomorph_digest`, if any.
    public static func storedDigest(_ path: String) throws -> ContentDigest? {
        try ArtifactReader.withReader(path) { $0.storedDigest }
    }

    /// The digest recomputed from the stored content, streaming in row blocks (bounded memory).
    public static func computeDigest(_ path: String) throws -> ContentDigest {
        try ArtifactReader.withReader(path) { try $0.computeDigest() }
    }
}

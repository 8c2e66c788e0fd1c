import IsomorphArrays

/// Reading arrays from HDF5 files written by other tools (h5py, MATLAB, netCDF, lab pipelines),
/// for the engine's `data:` sources.
///
/// Any numeric or string dataset reads as an ``NDArray``, widened losslessly into Isomorph's
/// dtypes as the `.npy` reader does: int8/int16/uint16 → int32, uint32/uint64 → int64 (uint64
/// values above `Int64.max` fail), float16 → float32, bool → uint8, fixed- and variable-length
/// strings → string. Compound, reference and other types fail with an error naming the dataset.
public enum HDF5Import {
    /// One dataset of a file, as ``listDatasets(_:)`` finds it.
    public struct DatasetInfo: Sendable, Hashable, CustomStringConvertible {
        /// The dataset's path inside the file, e.g. `/group/x`.
        public var path: String
        /// Its stored element type.
        public var elementType: HDF5ElementType
        /// Its shape.
        public var shape: [Int]
        /// The dtype it reads as, or `nil` if Isomorph cannot read it.
        public var dtype: DType? { elementType.widenedDType }

        public var description: String {
            "\(path) \(shape) \(elementType)" + (dtype == nil ? " (not readable)" : "")
        }
    }

    /// Every dataset in the file, depth first, in each group's link order (creation order where
    /// tracked, otherwise by name).
    /// - Throws: ``HDF5Error`` for a missing, non-HDF5 or damaged file.
    public static func listDatasets(_ path: String) throws -> [DatasetInfo] {
        try HDF5File.withFile(path) { file in
            var found = [DatasetInfo]()
            try collect(file.root, depth: 0, into: &found)
            return found
        }
    }

    /// Reads dataset `dataset` (a path inside the file such as `/group/x` or `x`) whole.
    /// - Throws: ``HDF5Error`` of kind `objectNotFound` (naming the datasets the file has),
    ///   `unsupported` for types Isomorph does not read, `typeMismatch` for uint64 values above
    ///   `Int64.max`, or a file error.
    public static func readArray(_ path: String, dataset: String) throws -> NDArray {
        try withDataset(path, dataset) { try $0.readArray() }
    }

    /// Reads rows `rows` along the first axis of dataset `dataset`.
    /// - Complexity: Reads only the chunks holding those rows.
    public static func readArray(_ path: String, dataset: String, rows: Range<Int>) throws -> NDArray {
        try withDataset(path, dataset) { try $0.readRows(rows) }
    }

    /// The stored type and shape of dataset `dataset`, without reading its values.
    public static func info(_ path: String, dataset: String) throws -> DatasetInfo {
        try withDataset(path, dataset) { d in
            DatasetInfo(path: d.path, elementType: try d.elementType, shape: try d.shape)
        }
    }

    /// Reads a netCDF-4 or xarray-written file as a ``IsomorphArrays/Dataset`` (dimension names,
    /// coordinates and attributes preserved); the same as ``ArtifactFile/read(_:)``.
    public static func readDataset(_ path: String) throws -> Dataset {
        try ArtifactFile.read(path)
    }

    private static func withDataset<R>(
        _ path: String, _ dataset: String, _ body: (HDF5Dataset) throws -> R
    ) throws
        -> R
    {
        try HDF5File.withFile(path) { file in
            let relative = String(dataset.drop { $0 == "/" })
            guard try file.root.kind(of: relative) == .dataset else {
                var found = [DatasetInfo]()
                try collect(file.root, depth: 0, into: &found)
                let available = found.map(\.path)
                throw HDF5Error(
                    .objectNotFound, file: path, object: "/" + relative, operation: "read dataset",
                    reason:
                        "no such dataset (the file has: \(available.isEmpty ? "none" : available.joined(separator: ", ")))"
                )
            }
            return try file.root.withDataset(relative, chunkCacheBytes: 16 << 20, body)
        }
    }

    private static func collect(_ group: HDF5Group, depth: Int, into found: inout [DatasetInfo]) throws {
        guard depth < 64 else { return }  // hard links can make cycles
        for (name, kind) in try group.children() {
            switch kind {
            case .dataset:
                try group.withDataset(name) { d in
                    found.append(DatasetInfo(path: d.path, elementType: try d.elementType, shape: try d.shape))
                }
            case .group:
                try group.withGroup(name) { try collect($0, depth: depth + 1, into: &found) }
            case .other:
                continue
            }
        }
    }
}

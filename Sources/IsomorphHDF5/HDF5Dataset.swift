import CH5Zstd
import CHDF5
import Foundation
import IsomorphArrays

/// What a new dataset stores.
public enum HDF5StorageType: Sendable, Hashable, CustomStringConvertible {
    /// Fixed-size numbers, stored little-endian.
    case numeric(HDF5NumericType)
    /// Variable-length UTF-8 strings.
    case string

    /// The storage for an Isomorph dtype.
    public init(_ dtype: DType) {
        if let numeric = HDF5NumericType(dtype) { self = .numeric(numeric) } else { self = .string }
    }

    public var description: String {
        switch self {
        case .numeric(let t): return t.description
        case .string: return "variable-length string"
        }
    }
}

/// How a new dataset is laid out.
public struct HDF5DatasetOptions: Sendable, Hashable {
    /// The chunk shape; `nil` stores the dataset contiguously (no compression, no extension).
    public var chunks: [Int]?
    /// The maximum extent per axis, `nil` entries meaning unlimited; `nil` means the shape.
    /// An extendible dataset needs ``chunks``.
    public var maxShape: [Int?]?
    /// Compress chunks with zstd (filter 32015) at this level (1–22); `nil` for no compression.
    public var zstdLevel: Int?
    /// Record the creation order of the dataset's attributes.
    public var trackAttributeOrder: Bool
    /// Size of the chunk cache of the handle ``HDF5Group/createDataset(_:type:shape:options:)``
    /// returns; a writer that fills chunks in several partial writes needs room for every chunk
    /// it has partly written. `nil` keeps HDF5's default (1 MiB).
    public var chunkCacheBytes: Int?

    /// Creates options (defaults: contiguous, fixed extent, uncompressed, attribute order tracked).
    public init(
        chunks: [Int]? = nil, maxShape: [Int?]? = nil, zstdLevel: Int? = nil, trackAttributeOrder: Bool = true,
        chunkCacheBytes: Int? = nil
    ) {
        self.chunkCacheBytes = chunkCacheBytes
        self.chunks = chunks
        self.maxShape = maxShape
        self.zstdLevel = zstdLevel
        self.trackAttributeOrder = trackAttributeOrder
    }
}

/// A filter in a dataset's pipeline.
public struct HDF5Filter: Sendable, Hashable {
    /// The registered filter id (32015 = zstd, 1 = deflate, 2 = shuffle).
    public var id: Int
    /// The filter's client parameters (zstd: the level).
    public var parameters: [UInt32]

    /// Creates a filter description.
    public init(id: Int, parameters: [UInt32]) {
        self.id = id
        self.parameters = parameters
    }
}

/// A dataset of an open HDF5 file: an n-dimensional array of one element type.
///
/// Reads and writes address hyperslabs (`offset`, `count` per axis), so a row block of a large
/// dataset is read without reading the rest. See `HDF5Dataset+IO.swift` for typed access and
/// `HDF5Dataset+Arrays.swift` for ``NDArray`` access with dtype widening.
public final class HDF5Dataset: HDF5Object {
    /// Threads that decompress the chunks of one row-block read in parallel (datasets whose
    /// chunks are whole rows compressed by zstd alone, as artifacts are). Default: every core.
    public var decodingThreads = ProcessInfo.processInfo.activeProcessorCount

    static func create(
        in group: HDF5Group, name: String, type: HDF5StorageType, shape: [Int], options: HDF5DatasetOptions
    ) throws -> HDF5Dataset {
        try HDF5Library.locked {
            let target = group.childPath(name)
            let operation = "create dataset"
            func invalid(_ reason: String) -> HDF5Error {
                HDF5Error(.invalidArgument, file: group.filePath, object: target, operation: operation, reason: reason)
            }
            try group.checkOpen(operation)
            guard !name.isEmpty else { throw invalid("the name is empty") }
            guard shape.allSatisfy({ $0 >= 0 }) else { throw invalid("negative extent in shape \(shape)") }
            if try group.contains(name) { throw invalid("an object with this name exists") }
            let maxShape = options.maxShape ?? shape.map { Optional($0) }
            guard maxShape.count == shape.count else {
                throw invalid("maximum shape \(maxShape) has a different rank than shape \(shape)")
            }
            for (n, m) in zip(shape, maxShape) where m.map({ $0 < n }) ?? false {
                throw invalid("maximum shape \(maxShape.map { $0.map(String.init) ?? "unlimited" }) is below \(shape)")
            }
            let extendible = maxShape.contains { $0 == nil } || zip(shape, maxShape).contains { $0 != $1 }
            if let chunks = options.chunks {
                guard !shape.isEmpty else { throw invalid("a scalar dataset cannot be chunked") }
                guard chunks.count == shape.count, chunks.allSatisfy({ $0 >= 1 }) else {
                    throw invalid("chunk shape \(chunks) does not fit shape \(shape)")
                }
                for (c, m) in zip(chunks, maxShape) where m.map({ c > $0 }) ?? false {
                    throw invalid("chunk shape \(chunks) exceeds the fixed extent \(shape)")
                }
            } else if extendible || options.zstdLevel != nil {
                throw invalid("an extendible or compressed dataset needs a chunk shape")
            }
            if let level = options.zstdLevel, !(1...22).contains(level) {
                throw invalid("zstd level \(level) is outside 1...22")
            }
            if options.zstdLevel != nil && type == .string {
                throw invalid("HDF5 cannot compress variable-length strings")
            }

            let dims = shape.map { hsize_t($0) }
            let maxDims = maxShape.map { $0.map { hsize_t($0) } ?? chdf5_s_unlimited() }
            let space = shape.isEmpty ? H5Screate(H5S_SCALAR) : H5Screate_simple(Int32(shape.count), dims, maxDims)
            defer { H5Sclose(space) }
            let dcpl = H5Pcreate(chdf5_p_dataset_create())
            defer { H5Pclose(dcpl) }
            H5Pset_obj_track_times(dcpl, false)
            if options.trackAttributeOrder {
                H5Pset_attr_creation_order(dcpl, UInt32(H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED))
            }
            if let chunks = options.chunks {
                H5Pset_chunk(dcpl, Int32(chunks.count), chunks.map { hsize_t($0) })
            }
            if let level = options.zstdLevel {
                let parameters: [UInt32] = [UInt32(level)]
                guard
                    H5Pset_filter(dcpl, H5Z_filter_t(CH5ZSTD_FILTER_ID), UInt32(H5Z_FLAG_MANDATORY), 1, parameters) >= 0
                else {
                    throw HDF5Error.library(
                        file: group.filePath, object: target, operation: operation,
                        reason: "the zstd filter (32015) is not available")
                }
            }
            let fileType: hid_t
            switch type {
            case .numeric(let t): fileType = H5Tcopy(t.fileTypeID)
            case .string: fileType = HDF5Types.makeVariableString()
            }
            defer { H5Tclose(fileType) }
            let dapl = H5Pcreate(chdf5_p_dataset_access())
            defer { H5Pclose(dapl) }
            if let bytes = options.chunkCacheBytes {
                H5Pset_chunk_cache(dapl, 12_421, max(bytes, 0), 1.0)
            }
            let did = H5Dcreate2(group.id, name, fileType, space, chdf5_p_default(), dcpl, dapl)
            guard did >= 0 else {
                throw HDF5Error.library(file: group.filePath, object: target, operation: operation)
            }
            return HDF5Dataset(file: group.file, id: did, path: target, owned: true)
        }
    }

    /// The current extent of each axis (`[]` for a scalar dataset).
    public var shape: [Int] {
        get throws { try extents().current }
    }

    /// The maximum extent of each axis, `nil` for unlimited.
    public var maxShape: [Int?] {
        get throws { try extents().maximum }
    }

    private func extents() throws -> (current: [Int], maximum: [Int?]) {
        try HDF5Library.locked {
            try checkOpen("read shape of dataset")
            let space = H5Dget_space(id)
            guard space >= 0 else { throw libraryError("read shape of dataset") }
            defer { H5Sclose(space) }
            let rank = Int(H5Sget_simple_extent_ndims(space))
            guard rank > 0 else { return ([], []) }
            var dims = [hsize_t](repeating: 0, count: rank)
            var maxDims = [hsize_t](repeating: 0, count: rank)
            H5Sget_simple_extent_dims(space, &dims, &maxDims)
            return (dims.map { Int($0) }, maxDims.map { $0 == chdf5_s_unlimited() ? nil : Int($0) })
        }
    }

    /// The number of elements.
    public var count: Int {
        get throws { try shape.reduce(1, *) }
    }

    /// The stored element type.
    public var elementType: HDF5ElementType {
        get throws {
            try HDF5Library.locked {
                try checkOpen("read type of dataset")
                let type = H5Dget_type(id)
                guard type >= 0 else { throw libraryError("read type of dataset") }
                defer { H5Tclose(type) }
                return HDF5ElementType.describing(type)
            }
        }
    }

    /// The chunk shape, or `nil` for a contiguous or compact dataset.
    public var chunkShape: [Int]? {
        get throws {
            try HDF5Library.locked {
                try checkOpen("read layout of dataset")
                let dcpl = H5Dget_create_plist(id)
                guard dcpl >= 0 else { throw libraryError("read layout of dataset") }
                defer { H5Pclose(dcpl) }
                guard H5Pget_layout(dcpl) == H5D_CHUNKED else { return nil }
                var dims = [hsize_t](repeating: 0, count: 32)
                let rank = Int(H5Pget_chunk(dcpl, 32, &dims))
                return dims.prefix(rank).map { Int($0) }
            }
        }
    }

    /// The filters applied to each chunk, in pipeline order.
    public var filters: [HDF5Filter] {
        get throws {
            try HDF5Library.locked {
                try checkOpen("read filters of dataset")
                let dcpl = H5Dget_create_plist(id)
                guard dcpl >= 0 else { throw libraryError("read filters of dataset") }
                defer { H5Pclose(dcpl) }
                var result = [HDF5Filter]()
                for i in 0..<max(0, Int(H5Pget_nfilters(dcpl))) {
                    var flags: UInt32 = 0
                    var count = 16
                    var values = [UInt32](repeating: 0, count: 16)
                    var name = [CChar](repeating: 0, count: 64)
                    var config: UInt32 = 0
                    let fid = H5Pget_filter2(dcpl, UInt32(i), &flags, &count, &values, name.count, &name, &config)
                    result.append(HDF5Filter(id: Int(fid), parameters: Array(values.prefix(count))))
                }
                return result
            }
        }
    }

    /// Bytes the dataset's data occupies in the file (after compression).
    public var storageSize: Int {
        get throws {
            try HDF5Library.locked {
                try checkOpen("read storage size of dataset")
                return Int(H5Dget_storage_size(id))
            }
        }
    }

    /// Changes the current extent of an extendible dataset (growing or shrinking it within
    /// its maximum shape).
    /// - Throws: ``HDF5Error`` of kind `shapeMismatch` if `newShape` exceeds the maximum shape.
    public func extend(to newShape: [Int]) throws {
        try HDF5Library.locked {
            let operation = "extend dataset"
            try checkOpen(operation)
            let maximum = try maxShape
            guard newShape.count == maximum.count,
                zip(newShape, maximum).allSatisfy({ n, m in n >= 0 && (m.map { n <= $0 } ?? true) })
            else {
                let limit = maximum.map { $0.map(String.init) ?? "unlimited" }
                throw error(.shapeMismatch, operation, "shape \(newShape) exceeds the maximum shape \(limit)")
            }
            guard H5Dset_extent(id, newShape.map { hsize_t($0) }) >= 0 else { throw libraryError(operation) }
        }
    }

    /// The stored (filtered) bytes of the chunk starting at element `offset`, and the mask of
    /// filters that were skipped for it, read without decompressing.
    public func readRawChunk(at offset: [Int]) throws -> (filterMask: UInt32, bytes: [UInt8]) {
        try HDF5Library.locked {
            let operation = "read raw chunk \(offset) of dataset"
            try checkOpen(operation)
            let coords = offset.map { hsize_t($0) }
            var size: hsize_t = 0
            guard H5Dget_chunk_storage_size(id, coords, &size) >= 0 else { throw libraryError(operation) }
            var mask: UInt32 = 0
            let bytes = try [UInt8](unsafeUninitializedCapacity: Int(size)) { buffer, initialized in
                guard H5Dread_chunk(id, chdf5_p_default(), coords, &mask, buffer.baseAddress) >= 0 else {
                    throw libraryError(operation)
                }
                initialized = Int(size)
            }
            return (mask, bytes)
        }
    }

    /// Writes already-filtered bytes as the chunk starting at element `offset`, bypassing the
    /// filter pipeline (the bytes must be what the pipeline would produce, e.g. one zstd frame).
    public func writeRawChunk(at offset: [Int], bytes: UnsafeRawBufferPointer, filterMask: UInt32 = 0) throws {
        try HDF5Library.locked {
            let operation = "write raw chunk \(offset) of dataset"
            try checkOpen(operation)
            let coords = offset.map { hsize_t($0) }
            guard H5Dwrite_chunk(id, chdf5_p_default(), filterMask, coords, bytes.count, bytes.baseAddress) >= 0
            else { throw libraryError(operation) }
        }
    }
}

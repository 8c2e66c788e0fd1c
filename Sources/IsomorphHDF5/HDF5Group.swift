import CHDF5

/// A group of an open HDF5 file: a folder of datasets, groups and attributes.
public final class HDF5Group: HDF5Object {
    /// What a link inside a group points to.
    public enum ChildKind: Sendable, Hashable {
        case group, dataset
        /// A named datatype, a dangling soft link or an external link.
        case other
    }

    /// Creates a child group.
    /// - Throws: ``HDF5Error`` if the name exists or HDF5 fails.
    public func createGroup(_ name: String) throws -> HDF5Group {
        try HDF5Library.locked {
            let operation = "create group"
            try checkOpen(operation)
            let target = childPath(name)
            if try contains(name) {
                throw HDF5Error(
                    .invalidArgument, file: filePath, object: target, operation: operation,
                    reason: "an object with this name exists")
            }
            let gcpl = H5Pcreate(chdf5_p_group_create())
            defer { H5Pclose(gcpl) }
            let flags = UInt32(H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED)
            H5Pset_link_creation_order(gcpl, flags)
            H5Pset_attr_creation_order(gcpl, flags)
            let gid = H5Gcreate2(id, name, chdf5_p_default(), gcpl, chdf5_p_default())
            guard gid >= 0 else {
                throw HDF5Error.library(file: filePath, object: target, operation: operation)
            }
            return HDF5Group(file: file, id: gid, path: target, owned: true)
        }
    }

    /// Opens a child group (or a path of groups, `a/b`).
    /// - Throws: ``HDF5Error`` of kind `objectNotFound` if there is no group there.
    public func openGroup(_ name: String) throws -> HDF5Group {
        try HDF5Library.locked {
            let operation = "open group"
            try checkOpen(operation)
            let target = childPath(name)
            guard try kind(of: name) == .group else {
                throw HDF5Error(
                    .objectNotFound, file: filePath, object: target, operation: operation, reason: "no such group")
            }
            let gid = H5Gopen2(id, name, chdf5_p_default())
            guard gid >= 0 else {
                throw HDF5Error.library(file: filePath, object: target, operation: operation)
            }
            return HDF5Group(file: file, id: gid, path: target, owned: true)
        }
    }

    /// Opens a child group, runs `body` with it and closes it.
    public func withGroup<R>(_ name: String, _ body: (HDF5Group) throws -> R) throws -> R {
        let group = try openGroup(name)
        defer { try? group.close() }
        return try body(group)
    }

    /// Opens a dataset (a child or a relative path, `a/b/x`).
    /// - Parameters:
    ///   - name: The dataset's name or path relative to this group.
    ///   - chunkCacheBytes: Size of the dataset's chunk cache; larger than one chunk row lets
    ///     unaligned row-block reads decompress each chunk once. `nil` keeps HDF5's default (1 MiB).
    /// - Throws: ``HDF5Error`` of kind `objectNotFound` if there is no dataset there.
    public func openDataset(_ name: String, chunkCacheBytes: Int? = nil) throws -> HDF5Dataset {
        try HDF5Library.locked {
            let operation = "open dataset"
            try checkOpen(operation)
            let target = childPath(name)
            switch try kind(of: name) {
            case .dataset: break
            case nil:
                throw HDF5Error(
                    .objectNotFound, file: filePath, object: target, operation: operation, reason: "no such dataset")
            case .some(let other):
                throw HDF5Error(
                    .objectNotFound, file: filePath, object: target, operation: operation,
                    reason: "the object is a \(other), not a dataset")
            }
            let dapl = H5Pcreate(chdf5_p_dataset_access())
            defer { H5Pclose(dapl) }
            if let bytes = chunkCacheBytes {
                H5Pset_chunk_cache(dapl, 12_421, max(bytes, 0), 1.0)
            }
            let did = H5Dopen2(id, name, dapl)
            guard did >= 0 else {
                throw HDF5Error.library(file: filePath, object: target, operation: operation)
            }
            return HDF5Dataset(file: file, id: did, path: target, owned: true)
        }
    }

    /// Opens a dataset, runs `body` with it and closes it.
    public func withDataset<R>(
        _ name: String, chunkCacheBytes: Int? = nil, _ body: (HDF5Dataset) throws -> R
    ) throws -> R {
        let dataset = try openDataset(name, chunkCacheBytes: chunkCacheBytes)
        defer { try? dataset.close() }
        return try body(dataset)
    }

    /// Creates a dataset.
    /// - Parameters:
    ///   - name: The new dataset's name.
    ///   - type: What it stores.
    ///   - shape: Its current extent.
    ///   - options: Chunking, maximum extent (extendible datasets), zstd compression.
    /// - Throws: ``HDF5Error`` of kind `invalidArgument` for inconsistent options or an existing
    ///   name, `libraryFailure` if HDF5 refuses.
    public func createDataset(
        _ name: String, type: HDF5StorageType, shape: [Int], options: HDF5DatasetOptions = .init()
    ) throws -> HDF5Dataset {
        try HDF5Dataset.create(in: self, name: name, type: type, shape: shape, options: options)
    }

    /// Whether the group has a link `name` (a child or a relative path whose groups exist).
    public func contains(_ name: String) throws -> Bool {
        try HDF5Library.locked {
            try checkOpen("look up")
            var prefix = ""
            for component in name.split(separator: "/", omittingEmptySubsequences: true) {
                prefix += prefix.isEmpty ? String(component) : "/" + component
                let exists = H5Lexists(id, prefix, chdf5_p_default())
                if exists < 0 { _ = HDF5Library.takeErrorStack() }
                if exists <= 0 { return false }
            }
            return !prefix.isEmpty
        }
    }

    /// What the link `name` points to, or `nil` if there is no such link.
    public func kind(of name: String) throws -> ChildKind? {
        try HDF5Library.locked {
            guard try contains(name) else { return nil }
            let oid = H5Oopen(id, name, chdf5_p_default())
            guard oid >= 0 else {
                _ = HDF5Library.takeErrorStack()
                return .other
            }
            defer { H5Oclose(oid) }
            switch H5Iget_type(oid) {
            case H5I_GROUP: return .group
            case H5I_DATASET: return .dataset
            default: return .other
            }
        }
    }

    /// The names of the group's links, in creation order when the group tracks it (files
    /// written by Isomorph, netCDF-4), otherwise by name.
    public func childNames() throws -> [String] {
        try HDF5Library.locked {
            let operation = "list group"
            try checkOpen(operation)
            var info = H5G_info_t()
            guard H5Gget_info(id, &info) >= 0 else { throw libraryError(operation) }
            // Open "." so that the root group (whose location is the file id) has a group id too.
            let group = H5Gopen2(id, ".", chdf5_p_default())
            var flags: UInt32 = 0
            if group >= 0 {
                let gcpl = H5Gget_create_plist(group)
                if gcpl >= 0 {
                    H5Pget_link_creation_order(gcpl, &flags)
                    H5Pclose(gcpl)
                }
                H5Gclose(group)
            }
            let tracked = UInt32(H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED)
            let index = flags & tracked == tracked ? H5_INDEX_CRT_ORDER : H5_INDEX_NAME
            var names = [String]()
            for i in 0..<info.nlinks {
                let length = H5Lget_name_by_idx(id, ".", index, H5_ITER_INC, i, nil, 0, chdf5_p_default())
                guard length >= 0 else { throw libraryError(operation) }
                var buffer = [CChar](repeating: 0, count: Int(length) + 1)
                H5Lget_name_by_idx(id, ".", index, H5_ITER_INC, i, &buffer, buffer.count, chdf5_p_default())
                names.append(decodeCString(buffer))
            }
            return names
        }
    }

    /// The group's children with their kinds, in ``childNames()`` order.
    public func children() throws -> [(name: String, kind: ChildKind)] {
        try childNames().map { ($0, try kind(of: $0) ?? .other) }
    }

    /// Removes the link `name` (the space it used is not reclaimed until the file is repacked).
    public func removeLink(_ name: String) throws {
        try HDF5Library.locked {
            let operation = "remove link"
            try checkOpen(operation)
            guard H5Ldelete(id, name, chdf5_p_default()) >= 0 else {
                throw HDF5Error.library(file: filePath, object: childPath(name), operation: operation)
            }
        }
    }
}

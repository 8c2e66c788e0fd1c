import CHDF5
import Foundation

/// How a new HDF5 file is created.
public struct HDF5FileOptions: Sendable, Hashable {
    /// Replace an existing file at the path instead of failing.
    public var overwrite: Bool
    /// Bytes reserved before the HDF5 superblock (MATLAB v7.3 files use 512); 0 or a power of
    /// two ≥ 512.
    public var userBlockSize: Int
    /// Record the creation order of links and attributes, so readers list them in the order
    /// they were written rather than by name.
    public var trackCreationOrder: Bool

    /// Creates options; the defaults fail on an existing file, reserve no user block and track
    /// creation order.
    public init(overwrite: Bool = false, userBlockSize: Int = 0, trackCreationOrder: Bool = true) {
        self.overwrite = overwrite
        self.userBlockSize = userBlockSize
        self.trackCreationOrder = trackCreationOrder
    }
}

/// An open HDF5 file.
///
/// Prefer the scoped helpers ``withFile(_:mode:_:)`` and ``withNewFile(_:options:_:)``, which
/// close the file (and every object still open in it) when the body returns or throws. Code that
/// keeps a file open across calls (a streaming writer) calls ``close()`` itself; `deinit` closes
/// a forgotten file only as a backstop.
///
/// Files are written in the HDF5 1.8 format (`libver` bounds earliest…v18), which every HDF5
/// since 1.8, netCDF-4 and h5py read, and without object timestamps, so equal content gives
/// equal bytes.
public final class HDF5File {
    /// How an existing file is opened.
    public enum Mode: Sendable { case readOnly, readWrite }

    /// The file's path, as given.
    public let path: String
    let id: hid_t
    private var isOpen = true

    private init(path: String, id: hid_t) {
        self.path = path
        self.id = id
    }

    deinit {
        if isOpen { try? close() }
    }

    /// Opens an existing file.
    /// - Throws: ``HDF5Error`` of kind `fileNotFound`, `notHDF5` (no HDF5 signature) or
    ///   `libraryFailure` (a truncated or damaged file).
    public static func open(_ path: String, mode: Mode = .readOnly) throws -> HDF5File {
        try HDF5Library.locked {
            let operation = "open file"
            guard FileManager.default.fileExists(atPath: path) else {
                throw HDF5Error(.fileNotFound, file: path, operation: operation, reason: "no such file")
            }
            guard H5Fis_hdf5(path) > 0 else {
                _ = HDF5Library.takeErrorStack()
                throw HDF5Error(
                    .notHDF5, file: path, operation: operation, reason: "not an HDF5 file (no HDF5 signature found)")
            }
            let fapl = makeAccessList()
            defer { H5Pclose(fapl) }
            let flags = mode == .readOnly ? chdf5_acc_rdonly() : chdf5_acc_rdwr()
            let id = H5Fopen(path, flags, fapl)
            guard id >= 0 else {
                throw HDF5Error.library(
                    file: path, operation: operation, reason: "the file is truncated or damaged")
            }
            return HDF5File(path: path, id: id)
        }
    }

    /// Creates a new file.
    /// - Throws: ``HDF5Error`` of kind `fileExists` when the path exists and
    ///   ``HDF5FileOptions/overwrite`` is false, `invalidArgument` for a bad user-block size, or
    ///   `libraryFailure`.
    public static func create(_ path: String, options: HDF5FileOptions = .init()) throws -> HDF5File {
        try HDF5Library.locked {
            let operation = "create file"
            if !options.overwrite && FileManager.default.fileExists(atPath: path) {
                throw HDF5Error(
                    .fileExists, file: path, operation: operation,
                    reason: "the file exists (pass overwrite to replace it)")
            }
            let ub = options.userBlockSize
            guard ub == 0 || (ub >= 512 && ub & (ub - 1) == 0) else {
                throw HDF5Error(
                    .invalidArgument, file: path, operation: operation,
                    reason: "user block size \(ub) is not 0 or a power of two of at least 512")
            }
            let fcpl = H5Pcreate(chdf5_p_file_create())
            defer { H5Pclose(fcpl) }
            if ub > 0 { H5Pset_userblock(fcpl, hsize_t(ub)) }
            if options.trackCreationOrder {
                let flags = UInt32(H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED)
                H5Pset_link_creation_order(fcpl, flags)
                H5Pset_attr_creation_order(fcpl, flags)
            }
            let fapl = makeAccessList()
            defer { H5Pclose(fapl) }
            let flags = options.overwrite ? chdf5_acc_trunc() : chdf5_acc_excl()
            let id = H5Fcreate(path, flags, fcpl, fapl)
            guard id >= 0 else {
                let exists = FileManager.default.fileExists(atPath: path)
                throw HDF5Error.library(
                    file: path, operation: operation,
                    reason: exists && !options.overwrite ? "the file exists" : "the HDF5 library could not create it",
                    kind: exists && !options.overwrite ? .fileExists : .libraryFailure)
            }
            return HDF5File(path: path, id: id)
        }
    }

    /// Opens `path`, runs `body` with the file and closes it, also when `body` throws.
    public static func withFile<R>(_ path: String, mode: Mode = .readOnly, _ body: (HDF5File) throws -> R) throws -> R {
        let file = try open(path, mode: mode)
        return try file.closing(body)
    }

    /// Creates `path`, runs `body` with the file and closes it, also when `body` throws.
    public static func withNewFile<R>(
        _ path: String, options: HDF5FileOptions = .init(), _ body: (HDF5File) throws -> R
    ) throws -> R {
        let file = try create(path, options: options)
        return try file.closing(body)
    }

    /// Whether `path` is an HDF5 file (has the HDF5 signature at offset 0, 512, 1024, …).
    public static func isHDF5(_ path: String) -> Bool {
        guard FileManager.default.fileExists(atPath: path) else { return false }
        return HDF5Library.locked {
            let result = H5Fis_hdf5(path)
            if result < 0 { _ = HDF5Library.takeErrorStack() }
            return result > 0
        }
    }

    private func closing<R>(_ body: (HDF5File) throws -> R) throws -> R {
        let result: R
        do {
            result = try body(self)
        } catch {
            try? close()
            throw error
        }
        try close()
        return result
    }

    /// The root group.
    public var root: HDF5Group { HDF5Group(file: self, id: id, path: "/", owned: false) }

    /// Bytes reserved before the superblock (512 in MATLAB v7.3 files).
    public var userBlockSize: Int {
        HDF5Library.locked {
            let fcpl = H5Fget_create_plist(id)
            defer { H5Pclose(fcpl) }
            var size: hsize_t = 0
            H5Pget_userblock(fcpl, &size)
            return Int(size)
        }
    }

    /// Writes buffered data and metadata to disk.
    public func flush() throws {
        try HDF5Library.locked {
            guard isOpen else { throw closedError("flush file") }
            guard H5Fflush(id, H5F_SCOPE_GLOBAL) >= 0 else {
                throw HDF5Error.library(file: path, operation: "flush file")
            }
        }
    }

    /// Closes the file and every object still open in it. Closing twice does nothing.
    public func close() throws {
        try HDF5Library.locked {
            guard isOpen else { return }
            isOpen = false
            guard H5Fclose(id) >= 0 else {
                throw HDF5Error.library(file: path, operation: "close file")
            }
        }
    }

    /// Whether the file is still open.
    public var isClosed: Bool { !isOpen }

    func closedError(_ operation: String) -> HDF5Error {
        HDF5Error(.invalidState, file: path, operation: operation, reason: "the file is closed")
    }

    /// File access properties: strong close, 1.8-compatible format, advisory locking that is
    /// skipped (not an error) on file systems without locks, as on many cluster file systems.
    private static func makeAccessList() -> hid_t {
        let fapl = H5Pcreate(chdf5_p_file_access())
        H5Pset_fclose_degree(fapl, H5F_CLOSE_STRONG)
        H5Pset_libver_bounds(fapl, H5F_LIBVER_EARLIEST, H5F_LIBVER_V18)
        H5Pset_file_locking(fapl, true, true)
        return fapl
    }
}

import CHDF5

/// A group or dataset of an open ``HDF5File``: something that has a path and attributes.
///
/// Objects are handles: close them with ``close()`` or use the scoped `with…` helpers of
/// ``HDF5Group``. Closing the file closes every object still open in it.
public class HDF5Object {
    /// The file the object belongs to (kept alive while the object is).
    public let file: HDF5File
    /// The object's path inside the file, e.g. `/act`.
    public let path: String
    let id: hid_t
    private let owned: Bool
    private var isOpen = true

    init(file: HDF5File, id: hid_t, path: String, owned: Bool) {
        self.file = file
        self.id = id
        self.path = path
        self.owned = owned
    }

    deinit {
        if isOpen && owned { try? close() }
    }

    /// The path of the file the object belongs to.
    public var filePath: String { file.path }

    /// Closes the object's handle. Closing twice does nothing.
    public func close() throws {
        try HDF5Library.locked {
            guard isOpen else { return }
            isOpen = false
            guard owned, !file.isClosed, H5Iis_valid(id) > 0 else { return }
            guard H5Oclose(id) >= 0 else {
                throw HDF5Error.library(file: file.path, object: path, operation: "close object")
            }
        }
    }

    /// Throws unless the object and its file are open. Call under the library lock.
    func checkOpen(_ operation: String) throws {
        guard isOpen, !file.isClosed else {
            throw HDF5Error(
                .invalidState, file: file.path, object: path, operation: operation,
                reason: "the object or its file is closed")
        }
    }

    /// An error for a failed HDF5 call on this object (reads HDF5's error stack).
    func libraryError(_ operation: String, attribute: String? = nil, reason: String? = nil) -> HDF5Error {
        HDF5Error.library(
            file: file.path, object: path, attribute: attribute, operation: operation,
            reason: reason ?? "the HDF5 library reported a failure")
    }

    /// An error about this object that HDF5 did not report.
    func error(
        _ kind: HDF5Error.Kind, _ operation: String, _ reason: String, attribute: String? = nil
    ) -> HDF5Error {
        HDF5Error(kind, file: file.path, object: path, attribute: attribute, operation: operation, reason: reason)
    }

    /// The path of a child named `name` (or a relative path) of this object.
    func childPath(_ name: String) -> String {
        if name.hasPrefix("/") { return name }
        return path == "/" ? "/" + name : path + "/" + name
    }
}

import Foundation

/// Whole-file reads with errors that name the file and the operating system's reason.
enum FileBytes {
    /// Throws ``ArrayError/io(path:operation:reason:)`` unless `path` is a readable regular file.
    static func checkReadable(_ path: String) throws {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw ArrayError.io(path: path, operation: "read", reason: String(cString: strerror(errno)))
        }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            throw ArrayError.io(path: path, operation: "read", reason: "Is a directory")
        }
        guard access(path, R_OK) == 0 else {
            throw ArrayError.io(path: path, operation: "read", reason: String(cString: strerror(errno)))
        }
    }

    /// The file's bytes, memory-mapped where the system allows it.
    static func read(_ path: String) throws -> Data {
        try checkReadable(path)
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe)
        } catch {
            throw ArrayError.io(path: path, operation: "read", reason: error.localizedDescription)
        }
    }
}

// glibc's `struct stat` and `timespec` are attributed to whichever clang module first includes
// <sys/stat.h> in a compilation (CoreFoundation or CDispatch, depending on the batch); with
// MemberImportVisibility their fields need that module imported, so import both.
import CDispatch
import CoreFoundation
import Glibc

/// A failed system call: the operation, the path it concerned and the `errno` text.
public struct SystemCallError: Error, Sendable, CustomStringConvertible {
    /// What was attempted (`rename`, `open`, `fsync`, `spawn`).
    public var operation: String
    /// The file or program concerned.
    public var path: String
    /// The C `errno`.
    public var code: Int32

    public init(_ operation: String, path: String, code: Int32 = errno) {
        self.operation = operation
        self.path = path
        self.code = code
    }

    public var description: String { "cannot \(operation) '\(path)': \(String(cString: strerror(code)))" }
}

/// What `stat(2)` says about a file: enough to tell whether it changed since it was hashed.
struct FileStatus: Sendable, Hashable {
    var size: Int64
    var modificationNanoseconds: Int64
    var inode: UInt64
    var device: UInt64
    var isDirectory: Bool
    var isRegularFile: Bool
}

/// Every C call of the engine, in one place (house rule: one wrapper file per module).
///
/// Functions throw ``SystemCallError`` naming the operation and path, retry on `EINTR`, and
/// never leave a file descriptor open on failure.
enum Syscalls {
    // MARK: Files

    /// `stat(2)`, following symbolic links; `nil` if the path does not exist.
    static func status(_ path: String) -> FileStatus? { status(path, relativeTo: AT_FDCWD) }

    /// `fstatat(2)` of `path` relative to the open directory `directory` (which saves the kernel
    /// walking the cache's absolute path for each of the 20,000 `stat`s of a large plan).
    static func status(_ path: String, relativeTo directory: Int32) -> FileStatus? {
        var st = stat()
        guard fstatat(directory, path, &st, 0) == 0 else { return nil }
        let type = st.st_mode & S_IFMT
        return FileStatus(
            size: Int64(st.st_size),
            modificationNanoseconds: Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec),
            inode: UInt64(st.st_ino), device: UInt64(st.st_dev), isDirectory: type == S_IFDIR,
            isRegularFile: type == S_IFREG)
    }

    /// Opens a file, returning its descriptor.
    static func open(_ path: String, _ flags: Int32, mode: mode_t = 0o644) throws -> Int32 {
        while true {
            let fd = Glibc.open(path, flags | O_CLOEXEC, mode)
            if fd >= 0 { return fd }
            if errno != EINTR { throw SystemCallError("open", path: path) }
        }
    }

    /// Closes a descriptor (errors ignored: nothing useful can be done about them here).
    static func close(_ fd: Int32) { _ = Glibc.close(fd) }

    /// Writes all of `data` to `fd`.
    static func writeAll(_ fd: Int32, _ data: UnsafeRawBufferPointer, path: String) throws {
        var offset = 0
        while offset < data.count {
            let n = Glibc.write(fd, data.baseAddress! + offset, data.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw SystemCallError("write", path: path)
            }
            offset += n
        }
    }

    /// Reads a whole file.
    static func readAll(_ path: String) throws -> [UInt8] {
        let fd = try open(path, O_RDONLY)
        defer { close(fd) }
        var result = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw SystemCallError("read", path: path)
            }
            if n == 0 { return result }
            result.append(contentsOf: buffer[0..<n])
        }
    }

    /// Reads a file in blocks, passing each to `body`.
    static func forEachBlock(of path: String, size: Int = 1 << 20, _ body: (UnsafeRawBufferPointer) -> Void) throws {
        let fd = try open(path, O_RDONLY)
        defer { close(fd) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let n = Glibc.read(fd, buffer.baseAddress, size)
            if n < 0 {
                if errno == EINTR { continue }
                throw SystemCallError("read", path: path)
            }
            if n == 0 { return }
            body(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
        }
    }

    /// Flushes a file's data and metadata to stable storage.
    static func fsync(_ fd: Int32, path: String) throws {
        while Glibc.fsync(fd) != 0 {
            if errno != EINTR { throw SystemCallError("fsync", path: path) }
        }
    }

    /// Flushes a file (by path) to stable storage.
    static func fsyncFile(_ path: String) throws {
        let fd = try open(path, O_RDONLY)
        defer { close(fd) }
        try fsync(fd, path: path)
    }

    /// Flushes a directory, making the renames and creations inside it durable.
    static func fsyncDirectory(_ path: String) throws {
        let fd = try open(path, O_RDONLY | O_DIRECTORY)
        defer { close(fd) }
        // Some network filesystems refuse fsync on directories; that is not an error for us.
        if Glibc.fsync(fd) != 0 && errno != EINVAL && errno != EROFS && errno != EBADF {
            throw SystemCallError("fsync", path: path)
        }
    }

    /// `rename(2)`: atomically replaces `destination` with `source`.
    static func rename(_ source: String, _ destination: String) throws {
        guard Glibc.rename(source, destination) == 0 else {
            throw SystemCallError("rename", path: "\(source)' to '\(destination)")
        }
    }

    /// Removes a file; a missing file is not an error.
    static func unlink(_ path: String) throws {
        guard Glibc.unlink(path) == 0 || errno == ENOENT else { throw SystemCallError("remove", path: path) }
    }

    /// Creates a directory and its parents (mode 0755); existing directories are fine.
    static func makeDirectories(_ path: String) throws {
        if let s = status(path), s.isDirectory { return }
        let parent = Syscalls.parent(of: path)
        if !parent.isEmpty && parent != path { try makeDirectories(parent) }
        guard mkdir(path, 0o755) == 0 || errno == EEXIST else { throw SystemCallError("create directory", path: path) }
    }

    /// The directory part of a path (`/a/b` for `/a/b/c`, `/` for `/a`, empty for `a`).
    static func parent(of path: String) -> String {
        var p = Substring(path)
        while p.count > 1 && p.hasSuffix("/") { p.removeLast() }
        guard let slash = p.lastIndex(of: "/") else { return "" }
        return slash == p.startIndex ? "/" : String(p[..<slash])
    }

    /// Makes a file read-only for everyone (objects are immutable once stored).
    static func makeReadOnly(_ path: String) {
        _ = chmod(path, 0o444)
    }

    /// The names in a directory (without `.` and `..`); empty if it does not exist.
    static func listDirectory(_ path: String) -> [String] {
        guard let dir = opendir(path) else { return [] }
        defer { closedir(dir) }
        var names = [String]()
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    // MARK: Locks

    /// Tries to take an advisory `flock(2)` on `fd` without waiting; `false` if another holder has it.
    static func tryLock(_ fd: Int32, exclusive: Bool, path: String) throws -> Bool {
        while true {
            if flock(fd, (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB) == 0 { return true }
            switch errno {
            case EINTR: continue
            case EWOULDBLOCK: return false
            default: throw SystemCallError("lock", path: path)
            }
        }
    }

    /// Releases a `flock(2)`.
    static func unlock(_ fd: Int32) { _ = flock(fd, LOCK_UN) }

    // MARK: Processes

    private typealias AddChdir =
        @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32

    /// glibc's `posix_spawn_file_actions_addchdir_np` (2.29+), which Swift's Glibc module hides.
    private static let addChdir: AddChdir? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addchdir_np")
        else { return nil }
        return unsafeBitCast(symbol, to: AddChdir.self)
    }()

    /// Starts `argv` in a new process group (so the whole tree can be signalled), with stdin
    /// from `/dev/null` and stdout and stderr appended to `logPath`, in `directory`.
    /// - Returns: The child's pid, which is also its process-group id.
    static func spawn(
        executable: String, argv: [String], environment: [String: String], directory: String, logPath: String
    ) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logPath, O_WRONLY | O_APPEND | O_CREAT, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        guard let addChdir else {
            throw SystemCallError("spawn (this C library has no posix_spawn_file_actions_addchdir_np)", path: argv[0])
        }
        _ = addChdir(&actions, directory)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setpgroup(&attributes, 0)
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for s in [SIGINT, SIGTERM, SIGPIPE, SIGHUP, SIGQUIT] { sigaddset(&defaults, s) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let cArgs = argv.map { strdup($0) } + [nil]
        let cEnv = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for p in cArgs { free(p) }
            for p in cEnv { free(p) }
        }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, executable, &actions, &attributes, cArgs, cEnv)
        guard rc == 0 else { throw SystemCallError("run", path: executable, code: rc) }
        return pid
    }

    /// How a child ended.
    enum ExitStatus: Sendable, Equatable {
        case exited(Int32)
        case signalled(Int32)
    }

    /// `waitpid(WNOHANG)`: the child's status if it has ended, `nil` if it still runs.
    static func poll(_ pid: pid_t) throws -> ExitStatus? {
        var status: Int32 = 0
        while true {
            let r = waitpid(pid, &status, WNOHANG)
            if r == 0 { return nil }
            if r < 0 {
                if errno == EINTR { continue }
                throw SystemCallError("wait for", path: "process \(pid)")
            }
            let signal = status & 0x7f
            if signal == 0 { return .exited((status >> 8) & 0xff) }
            return .signalled(signal)
        }
    }

    /// Sends `signal` to every process in group `group`.
    static func signalGroup(_ group: pid_t, _ signal: Int32) { _ = kill(-group, signal) }

    /// Whether any process of group `group` is still alive.
    static func groupIsAlive(_ group: pid_t) -> Bool { kill(-group, 0) == 0 || errno == EPERM }

    /// The host name, for provenance.
    static var hostName: String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return "unknown" }
        return String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The process id.
    static var processID: Int32 { getpid() }
}

import Foundation
import IsomorphArrays
import IsomorphCore

/// Where everything lives inside a cache directory (`--cache DIR`, default `./cache`).
///
/// ```
/// cache/
///   objects/ab/<digest>.h5    artifacts, named by content digest, read-only
///   keys/ab/<key>.json        key records: key components → output digests and sizes
///   state/<pipeline>.tsv      per pipeline: each node's last result (the plan's index)
///   logs/<run>/<node>.log     what each node printed or logged, per run
///   locks/ab/<key>.lock       per-key advisory locks (two runs never compute one key twice)
///   tmp/                      files being written; renamed into place when complete
///   quarantine/               objects `verify` found corrupt
///   stat-cache.tsv            (path, size, mtime, inode) → SHA-256 of data and code files
///   cache.lock                shared by runs, exclusive for `gc`
/// ```
/// `ab` is the first two hex digits of the name, keeping directories small.
public struct CacheLayout: Sendable, Hashable {
    /// The cache directory (absolute).
    public let root: URL

    /// The layout of the cache at `root`.
    public init(root: URL) {
        self.root = root.standardizedFileURL
        rootPath = self.root.path
    }

    /// The layout version written to `root/VERSION`.
    public static let version = "isomorph-cache-1"

    /// `root` as a path (computed once: `URL.path` is not free, and plans build 20,000 paths).
    let rootPath: String
    var objectsPath: String { rootPath + "/objects" }
    var keysPath: String { rootPath + "/keys" }
    var statePath: String { rootPath + "/state" }
    var logsPath: String { rootPath + "/logs" }
    var locksPath: String { rootPath + "/locks" }
    var temporaryPath: String { rootPath + "/tmp" }
    var quarantinePath: String { rootPath + "/quarantine" }
    var statCachePath: String { rootPath + "/stat-cache.tsv" }
    var cacheLockPath: String { rootPath + "/cache.lock" }

    /// The file of the object with content digest `digest`.
    public func objectPath(_ digest: ContentDigest) -> String {
        objectsPath + "/" + CacheLayout.shardedName(digest, ".h5")
    }

    /// The key record of cache key `key`.
    public func recordPath(_ key: ContentDigest) -> String { keysPath + "/" + CacheLayout.shardedName(key, ".json") }

    /// `ab/abcdef….ext`: the name of a digest's file below its shard directory.
    static func shardedName(_ digest: ContentDigest, _ ext: String) -> String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var bytes = [UInt8]()
        bytes.reserveCapacity(67 + ext.utf8.count)
        let d = digest.bytes
        bytes.append(digits[Int(d[0] >> 4)])
        bytes.append(digits[Int(d[0] & 0x0f)])
        bytes.append(UInt8(ascii: "/"))
        for b in d {
            bytes.append(digits[Int(b >> 4)])
            bytes.append(digits[Int(b & 0x0f)])
        }
        bytes.append(contentsOf: ext.utf8)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The lock file of cache key `key`.
    func lockPath(_ key: ContentDigest) -> String {
        let hex = key.hex
        return "\(locksPath)/\(hex.prefix(2))/\(hex).lock"
    }

    /// The state file of the pipeline whose spec is at `specPath` (absolute).
    func stateFile(forSpecAt specPath: String) -> String {
        "\(statePath)/\(PipelineState.identifier(forSpecAt: specPath)).tsv"
    }

    /// The log directory of run `run`.
    public func logDirectory(run: String) -> String { "\(logsPath)/\(run)" }

    /// The log file of node `node` in run `run`.
    public func logPath(run: String, node: NodeID) -> String {
        "\(logDirectory(run: run))/\(CacheLayout.fileName(for: node.rawValue)).log"
    }

    /// A fresh name in `tmp/` with the given extension.
    func temporaryFile(extension ext: String = "") -> String {
        "\(temporaryPath)/\(UUID().uuidString)\(ext.isEmpty ? "" : "." + ext)"
    }

    /// A node name made safe as a file name: characters other than letters, digits and
    /// `.-_[]=,+` are percent-encoded (so `/` in a matrix value never makes a directory).
    static func fileName(for name: String) -> String {
        var out = ""
        for scalar in name.unicodeScalars {
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", ".", "-", "_", "[", "]", "=", ",", "+":
                out.unicodeScalars.append(scalar)
            default:
                for byte in String(scalar).utf8 { out += String(format: "%%%02X", byte) }
            }
        }
        if out.hasPrefix(".") { out = "%2E" + out.dropFirst() }
        return out
    }

    /// Creates the directories of the layout (idempotent) and the version marker.
    func create() throws {
        for p in [objectsPath, keysPath, statePath, logsPath, locksPath, temporaryPath, quarantinePath] {
            try Syscalls.makeDirectories(p)
        }
        let marker = rootPath + "/VERSION"
        if Syscalls.status(marker) == nil {
            try AtomicFile.write(
                Array((CacheLayout.version + "\n").utf8), to: marker, temporaryDirectory: temporaryPath)
        }
    }
}

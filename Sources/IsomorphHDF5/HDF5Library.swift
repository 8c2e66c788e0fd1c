import CH5Zstd
import CHDF5
import Foundation

/// Process-wide HDF5 set-up and the lock around every HDF5 call sequence.
///
/// HDF5 is built thread-safe on Debian, but that only means one global lock inside each C call;
/// the high-level library (dimension scales, `H5DS*`) is not covered by it, and a sequence such
/// as "create a dataspace, select a hyperslab, read, close" must not interleave with another
/// thread's. Every wrapper therefore runs its C calls inside ``locked(_:)``, a recursive lock, so
/// wrappers may call each other.
enum HDF5Library {
    /// Opens the library and registers the zstd filter (id 32015) once per process.
    static let initialized: Bool = {
        H5open()
        return ch5zstd_register() == 0
    }()

    /// The version of the HDF5 library this process runs, e.g. "1.10.8".
    static let version: String = {
        var major: UInt32 = 0
        var minor: UInt32 = 0
        var release: UInt32 = 0
        H5get_libversion(&major, &minor, &release)
        return "\(major).\(minor).\(release)"
    }()

    private static let lock = NSRecursiveLock()

    /// Runs `body` holding the process-wide HDF5 lock, with HDF5's automatic error printing
    /// turned off for the calling thread (error stacks are per-thread in thread-safe builds).
    static func locked<R>(_ body: () throws -> R) rethrows -> R {
        _ = initialized
        lock.lock()
        defer { lock.unlock() }
        H5Eset_auto2(chdf5_e_default(), nil, nil)
        return try body()
    }

    /// HDF5's error stack for the calling thread, outermost (the API call) first, each entry as
    /// `function(): description`; clears the stack. Call right after a failing C call, under the lock.
    static func takeErrorStack() -> [String] {
        let collector = ErrorStackCollector()
        let context = Unmanaged.passUnretained(collector).toOpaque()
        H5Ewalk2(chdf5_e_default(), H5E_WALK_DOWNWARD, collectErrorEntry, context)
        H5Eclear2(chdf5_e_default())
        return collector.entries
    }

    /// Whether the zstd filter (32015) is available for encoding and decoding.
    static var zstdAvailable: Bool {
        locked { H5Zfilter_avail(H5Z_filter_t(CH5ZSTD_FILTER_ID)) > 0 }
    }

    /// The id of the zstd filter.
    static let zstdFilterID = Int(CH5ZSTD_FILTER_ID)
}

/// Accumulates error-stack entries during `H5Ewalk2`.
private final class ErrorStackCollector {
    var entries: [String] = []
}

/// `H5E_walk2_t` callback: appends one entry to the collector passed as client data.
private func collectErrorEntry(
    _ n: UInt32, _ entry: UnsafePointer<H5E_error2_t>?, _ data: UnsafeMutableRawPointer?
) -> herr_t {
    guard let entry, let data else { return 0 }
    let collector = Unmanaged<ErrorStackCollector>.fromOpaque(data).takeUnretainedValue()
    let function = entry.pointee.func_name.map { String(cString: $0) } ?? "?"
    var text = entry.pointee.desc.map { String(cString: $0) } ?? ""
    if text.isEmpty {
        var buffer = [CChar](repeating: 0, count: 256)
        if H5Eget_msg(entry.pointee.min_num, nil, &buffer, buffer.count) > 0 {
            text = decodeCString(buffer)
        }
    }
    collector.entries.append("\(function)(): \(text)")
    return 0
}

/// The text of a NUL-terminated C buffer filled by HDF5.
func decodeCString(_ buffer: [CChar]) -> String {
    String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

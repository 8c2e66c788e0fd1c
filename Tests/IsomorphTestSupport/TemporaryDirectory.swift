import Foundation

/// A directory under the system temporary directory, removed when the value is deallocated
/// unless `ISOMORPH_KEEP_TEMP=1` (then its path is printed for inspection).
public final class TemporaryDirectory: @unchecked Sendable {
    /// The directory's URL.
    public let url: URL

    /// Creates a fresh, empty directory whose name starts with `prefix`.
    public init(prefix: String = "isomorph-test") throws {
        let base = FileManager.default.temporaryDirectory
        url = base.appendingPathComponent("\(prefix)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// The path of `name` inside the directory.
    public func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    deinit {
        if ProcessInfo.processInfo.environment["ISOMORPH_KEEP_TEMP"] == "1" {
            print("kept temporary directory \(url.path)")
        } else {
            try? FileManager.default.removeItem(at: url)
        }
    }
}

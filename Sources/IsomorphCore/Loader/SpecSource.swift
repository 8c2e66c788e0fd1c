import Foundation
import IsomorphArrays

/// One spec file taking part in a load: the main file or an included one.
struct SpecSource {
    /// The path shown in messages (`pipelines/shared/rsa.yaml`).
    var displayPath: String
    /// The file's absolute, standardised URL.
    var url: URL
    /// The directory its relative paths resolve against.
    var directory: URL { url.deletingLastPathComponent() }
    /// The file's text, for source lines in messages.
    var lines: [Substring]
    /// SHA-256 of the file's bytes.
    var digest: ContentDigest
    /// The parsed YAML (`nil` if it did not parse).
    var root: SpecNode?
    /// Whether this is the main spec (not included).
    var isMain: Bool
    /// Whether command stages declared here may run without asking.
    var isTrusted: Bool

    /// Line `n` (1-based) of the file, if it exists.
    func line(_ n: Int) -> String? {
        n >= 1 && n <= lines.count ? String(lines[n - 1]) : nil
    }
}

/// A `name: value` declaration under `params:`, `data:` or `stages:`, with the file it is in.
struct Declaration {
    var name: String
    var keyLocation: SourceLocation
    var value: SpecNode
    /// Index into the builder's sources.
    var source: Int
}

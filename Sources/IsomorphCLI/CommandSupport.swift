import ArgumentParser
import Foundation
import IsomorphCore
import IsomorphEngine

/// Writing a command's text through ``CommandEnvironment/current`` (the terminal, or a buffer in
/// tests), whole strings at once (so 10,000 plan lines cost one write).
enum Console {
    /// Writes `text` to the command's output.
    static func out(_ text: String) { CommandEnvironment.current.output.write(text) }

    /// Writes `text` to the command's error output (diagnostics, progress).
    static func err(_ text: String) { CommandEnvironment.current.errorOutput.write(text) }

    /// Prints `error: message` to standard error and returns the exit code to throw.
    static func fail(_ message: String, code: Int32 = ExitStatus.runFailure) -> ExitCode {
        err("error: \(message)\n")
        return ExitCode(code)
    }

    /// Whether standard error is a terminal (live progress) or not (plain lines).
    static var stderrIsTerminal: Bool {
        CommandEnvironment.current.errorOutput is StandardStream && isatty(STDERR_FILENO) == 1
    }
}

/// Human-readable numbers.
enum Format {
    /// `512 B`, `1.2 KB`, `3.4 MB`, `1.1 GB` (powers of 1024).
    static func bytes(_ n: Int64) -> String {
        let units = ["B", "KB", "MB", "GB", "TB"]
        var value = Double(n)
        var unit = 0
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return unit == 0 ? "\(n) B" : String(format: "%.1f %@", value, units[unit])
    }

    /// `0.12 s`, `12.3 s`, `4 min 05 s`, `2 h 03 min`.
    static func duration(_ seconds: Double) -> String {
        if seconds < 10 { return String(format: "%.2f s", seconds) }
        if seconds < 60 { return String(format: "%.1f s", seconds) }
        let s = Int(seconds.rounded())
        if s < 3600 { return String(format: "%d min %02d s", s / 60, s % 60) }
        return String(format: "%d h %02d min", s / 3600, (s % 3600) / 60)
    }
}

extension CacheOptions {
    /// The cache directory as a URL (relative to the current directory).
    var cacheURL: URL { URL(fileURLWithPath: cache) }
}

/// Runs `body` with an engine on `cache` (errors go to the ``ErrorPresenter``: plan and
/// artifact-lookup errors exit 64, anything else 1).
func withEngineOrExit<R>(cache: URL, _ body: (Engine) async throws -> R) async throws -> R {
    try await Engine.withEngine(cache: cache, body)
}

/// Collects the diagnostics of one load, dropping exact repeats (a mistake in a fanned-out
/// stage is reported once, not once per instance).
struct DiagnosticLog {
    private(set) var diagnostics: [Diagnostic] = []
    private var seen = Set<Diagnostic>()

    /// Whether any error (not warning) was recorded.
    private(set) var hasErrors = false

    /// Records a diagnostic unless the same one was recorded before.
    mutating func append(_ diagnostic: Diagnostic) {
        guard seen.insert(diagnostic).inserted else { return }
        if diagnostic.severity == .error { hasErrors = true }
        diagnostics.append(diagnostic)
    }

    /// Records an error.
    mutating func error(
        _ message: String, at location: SourceLocation?, subject: String? = nil, suggestion: String? = nil
    ) {
        append(Diagnostic(.error, at: location, subject: subject, message, suggestion: suggestion))
    }

    /// Records a warning.
    mutating func warning(_ message: String, at location: SourceLocation?, subject: String? = nil) {
        append(Diagnostic(.warning, at: location, subject: subject, message))
    }

    /// Runs `body`, recording its ``SpecError`` (or any other error, as one diagnostic at
    /// `location`) instead of throwing.
    /// - Returns: The body's result, or `nil` if it threw.
    mutating func attempt<T>(at location: SourceLocation?, subject: String?, _ body: () throws -> T) -> T? {
        do {
            return try body()
        } catch let error as SpecError {
            for d in error.diagnostics { append(d) }
        } catch {
            self.error("\(error)", at: location, subject: subject)
        }
        return nil
    }

    /// The errors, or `nil` if there are none.
    var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }

    /// The warnings and notes.
    var warnings: [Diagnostic] { diagnostics.filter { $0.severity != .error } }
}

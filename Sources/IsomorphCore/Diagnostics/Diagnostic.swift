/// One problem found in a spec or a run, with everything needed to render it well:
/// where (file:line:col), which stage, what was wrong, and what to try.
public struct Diagnostic: Error, Sendable, Hashable, CustomStringConvertible {
    /// How bad the problem is.
    public enum Severity: String, Sendable, Hashable, Codable {
        case error
        case warning
        case note
    }

    /// Error, warning or note.
    public var severity: Severity
    /// Where the problem is, if it is in a file.
    public var location: SourceLocation?
    /// The stage (or data source) the problem belongs to, e.g. `stage 'rdm'`.
    public var subject: String?
    /// What is wrong, naming the offending value.
    public var message: String
    /// A replacement to try ("Did you mean 'correlation'?"), without the question.
    public var suggestion: String?
    /// The source line, for a caret display.
    public var sourceLine: String?

    /// A diagnostic; `message` names the offending value, `suggestion` is a replacement to propose.
    public init(
        _ severity: Severity = .error, at location: SourceLocation?, subject: String? = nil, _ message: String,
        suggestion: String? = nil, sourceLine: String? = nil
    ) {
        self.severity = severity
        self.location = location
        self.subject = subject
        self.message = message
        self.suggestion = suggestion
        self.sourceLine = sourceLine
    }

    /// One line: `file:line:col: error: stage 'rdm': message. Did you mean 'x'?`
    public var description: String {
        var text = ""
        if let location { text += "\(location): " }
        text += "\(severity.rawValue): "
        if let subject { text += "\(subject): " }
        text += message
        if let suggestion { text += ". Did you mean '\(suggestion)'?" }
        return text
    }
}

/// One or more diagnostics that stopped loading or validating a pipeline.
public struct SpecError: Error, Sendable, CustomStringConvertible {
    /// The problems, in file order.
    public var diagnostics: [Diagnostic]

    /// Collects diagnostics, ordered by file (files in order of first appearance, diagnostics
    /// without a file first), then line and column; ties keep their given order.
    public init(_ diagnostics: [Diagnostic]) {
        var fileRank = [String: Int]()
        for d in diagnostics {
            if let file = d.location?.file, fileRank[file] == nil { fileRank[file] = fileRank.count + 1 }
        }
        func key(_ d: Diagnostic) -> (Int, Int, Int) {
            guard let l = d.location else { return (0, 0, 0) }
            return (fileRank[l.file] ?? 0, l.line, l.column)
        }
        self.diagnostics = diagnostics.enumerated()
            .sorted { a, b in
                let (ka, kb) = (key(a.element), key(b.element))
                return ka != kb ? ka < kb : a.offset < b.offset
            }
            .map(\.element)
    }

    /// One diagnostic.
    public init(_ diagnostic: Diagnostic) { self.diagnostics = [diagnostic] }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

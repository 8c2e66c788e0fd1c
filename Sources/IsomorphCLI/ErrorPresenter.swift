import ArgumentParser
import IsomorphCore
import IsomorphEngine

/// The one place errors become text and exit statuses.
///
/// - ``SpecError`` and ``Diagnostic``: each diagnostic as `file:line:col: error: subject: message.
///   Did you mean 'x'?`, followed by the offending source line and a caret under the column;
///   exit status 64.
/// - Command-line mistakes (argument-parser's errors): its message and usage; 64. `--help`
///   and `--version` print to standard output; 0.
/// - Engine usage errors (``PlanError``: an unknown `--target`; ``ArtifactLookupError``: an
///   unknown `STAGE.PORT`): `error: description`; 64.
/// - ``ExitCode``: that status, silently (the command printed what it had to say).
/// - Any other error (a run failure): `error: description`; 1.
///
/// Colour (ANSI) is used only when ``CommandEnvironment/usesColour`` says so (a terminal
/// without `NO_COLOR`).
public struct ErrorPresenter {
    /// Where text goes and whether to colour it.
    public var environment: CommandEnvironment

    /// A presenter writing to `environment`'s streams.
    public init(environment: CommandEnvironment) { self.environment = environment }

    /// Writes `error` and returns the exit status for it.
    public func report(_ error: any Error) -> Int32 {
        switch error {
        case let error as SpecError:
            environment.errorOutput.write(render(error.diagnostics))
            return ExitStatus.usage
        case let diagnostic as Diagnostic:
            environment.errorOutput.write(render([diagnostic]))
            return diagnostic.severity == .error ? ExitStatus.usage : ExitStatus.success
        case let exit as ExitCode:
            return exit.rawValue
        case is PlanError, is ArtifactLookupError:
            environment.errorOutput.write(paint("error:", .red) + " \(error)\n")
            return ExitStatus.usage
        default:
            let status = IsomorphCommand.exitCode(for: error).rawValue
            if status == ExitStatus.runFailure {
                environment.errorOutput.write(paint("error:", .red) + " \(error)\n")
                return status
            }
            let message = IsomorphCommand.fullMessage(for: error)
            let text = message.hasSuffix("\n") || message.isEmpty ? message : message + "\n"
            (status == 0 ? environment.output : environment.errorOutput).write(text)
            return status
        }
    }

    /// Diagnostics as text, each with its source line and caret when known.
    public func render(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.map(render).joined()
    }

    /// One diagnostic as text (ending in a newline).
    public func render(_ d: Diagnostic) -> String {
        var text = ""
        if let location = d.location { text += paint("\(location):", .bold) + " " }
        switch d.severity {
        case .error: text += paint("error:", .red)
        case .warning: text += paint("warning:", .magenta)
        case .note: text += paint("note:", .cyan)
        }
        text += " "
        if let subject = d.subject { text += "\(subject): " }
        text += d.message
        if let suggestion = d.suggestion { text += ". Did you mean '\(suggestion)'?" }
        text += "\n"
        if let line = d.sourceLine, let column = d.location?.column, column >= 1 {
            text += line + "\n"
            var caret = ""
            for (i, scalar) in line.unicodeScalars.enumerated() where i < column - 1 {
                caret += scalar == "\t" ? "\t" : " "
            }
            caret += String(repeating: " ", count: max(0, column - 1 - line.unicodeScalars.count))
            text += caret + paint("^", .green) + "\n"
        }
        return text
    }

    private enum Style: String {
        case bold = "1"
        case red = "1;31"
        case green = "1;32"
        case magenta = "1;35"
        case cyan = "1;36"
    }

    private func paint(_ text: String, _ style: Style) -> String {
        environment.usesColour ? "\u{1B}[\(style.rawValue)m\(text)\u{1B}[0m" : text
    }
}

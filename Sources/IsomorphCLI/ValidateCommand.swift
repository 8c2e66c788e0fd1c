import ArgumentParser
import IsomorphCore

/// `isomorph validate FILE`: loads, checks and expands a spec without running anything.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a pipeline spec: syntax, stage kinds, parameters, references, matrix, cycles.",
        discussion:
            "Prints 'ok: N stages, M nodes' (M counts matrix instances) or every problem found; exit status 64 on errors."
    )

    @OptionGroup var pipeline: PipelineOptions

    func run() throws {
        let environment = CommandEnvironment.current
        let loaded = try pipeline.load(in: environment)
        var notes = loaded.warnings
        var seen = Set<String>()
        for node in loaded.graph.nodes where seen.insert(node.stage).inserted {
            if case .command(let command) = node.action, !command.isTrusted {
                notes.append(
                    Diagnostic(
                        .note, at: node.location, subject: "stage '\(node.stage)'",
                        "runs a program from an included file that is not trusted: 'isomorph run' needs --trust, or pin the include with sha256:"
                    ))
            }
        }
        if !notes.isEmpty {
            environment.errorOutput.write(ErrorPresenter(environment: environment).render(SpecError(notes).diagnostics))
        }
        let nodes = loaded.graph.nodes
        let data = nodes.filter { if case .data = $0.action { return true } else { return false } }.count
        let stages = Set(nodes.lazy.filter { !$0.stage.hasPrefix("data.") }.map(\.stage)).count
        var summary =
            "ok: \(stages) \(stages == 1 ? "stage" : "stages"), \(nodes.count - data) \(nodes.count - data == 1 ? "node" : "nodes")"
        if data > 0 { summary += ", \(data) data \(data == 1 ? "source" : "sources")" }
        environment.output.write(summary + "\n")
    }
}

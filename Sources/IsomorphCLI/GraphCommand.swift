import ArgumentParser
import IsomorphCore

/// `isomorph graph FILE --format dot|mermaid`: draws the expanded graph.
struct GraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Print the expanded pipeline graph as Graphviz DOT or Mermaid.",
        discussion: "Example: isomorph graph study.yaml | dot -Tsvg > study.svg")

    @OptionGroup var pipeline: PipelineOptions

    @Option(help: "dot or mermaid.")
    var format: GraphRenderer.Format = .dot

    func run() throws {
        let environment = CommandEnvironment.current
        let loaded = try pipeline.load(in: environment)
        environment.output.write(GraphRenderer.render(loaded, as: format))
    }
}

extension GraphRenderer.Format: ExpressibleByArgument {}

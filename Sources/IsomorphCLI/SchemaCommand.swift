import ArgumentParser
import IsomorphCore

/// `isomorph schema`: prints the JSON Schema of pipeline specs for the registered stage kinds.
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the JSON Schema (2020-12) of pipeline specs, with every stage kind's parameters.",
        discussion: "Regenerate the committed copy with: isomorph schema > schemas/pipeline.schema.json")

    func run() throws {
        let environment = CommandEnvironment.current
        environment.output.write(PipelineSchema.generate(registry: environment.registry))
    }
}

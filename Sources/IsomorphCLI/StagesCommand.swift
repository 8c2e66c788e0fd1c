import ArgumentParser
import IsomorphCore

/// `isomorph stages [KIND] [--json]`: every stage kind with its parameters, ports and version.
struct StagesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stages",
        abstract: "List the stage kinds with their parameters, inputs, outputs and versions.")

    @Argument(help: "Show only this kind.")
    var kind: String?

    @Flag(help: "Print JSON instead of text.")
    var json = false

    func run() throws {
        let environment = CommandEnvironment.current
        let registry = environment.registry
        var entries = registry.allEntries
        if let kind {
            guard let entry = registry.entry(kind) else {
                var message = "unknown stage kind '\(kind)'"
                if let s = Suggestion.closest(to: kind, in: registry.kinds) { message += ". Did you mean '\(s)'?" }
                throw ValidationError(message)
            }
            entries = [entry]
        }
        if json {
            let document = OrderedJSON.array(entries.map(Self.json))
            environment.output.write(document.prettyText)
            return
        }
        if entries.isEmpty {
            environment.output.write("no stage kinds are registered\n")
            return
        }
        environment.output.write(entries.map(Self.text).joined(separator: "\n"))
    }

    /// The outputs to show: documented ones, else those of the default configuration.
    static func outputs(of entry: StageRegistry.Entry) -> [OutputPort]? {
        if !entry.documentedOutputs.isEmpty { return entry.documentedOutputs }
        let owner = SourceLocation(file: "")
        return (try? entry.configure(nil, owner: owner, subject: entry.kind))?.outputPorts
    }

    static func text(_ entry: StageRegistry.Entry) -> String {
        var lines = ["\(entry.kind) (version \(entry.version)): \(entry.summary)"]
        if entry.isStochastic { lines.append("  stochastic: its seed enters the cache key") }
        lines.append("  parameters:")
        if entry.parameterDocs.isEmpty { lines.append("    (none)") }
        for doc in entry.parameterDocs {
            var line = "    \(doc.name): \(doc.type)"
            if let d = doc.defaultValue {
                line += ", default \(d.compactText)"
            } else {
                line += doc.isOptional ? ", optional" : ", required"
            }
            if !doc.affectsResult { line += ", not in the cache key" }
            lines.append(line + ". \(doc.summary)")
        }
        lines.append("  inputs:")
        if entry.inputPorts.isEmpty { lines.append("    (none)") }
        for port in entry.inputPorts {
            let arity = port.arity == .single ? "one artifact" : "a collection"
            lines.append("    \(port.name): \(arity)\(port.isOptional ? ", optional" : ""). \(port.summary)")
        }
        lines.append("  outputs:")
        if let outputs = outputs(of: entry) {
            for port in outputs { lines.append("    \(port.name): \(port.summary)") }
        } else {
            lines.append("    (depend on the parameters)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func json(_ entry: StageRegistry.Entry) -> OrderedJSON {
        var parameters = [OrderedJSON]()
        for doc in entry.parameterDocs {
            var p: OrderedJSON = [
                "name": .string(doc.name), "type": .string(doc.type.description), "required": .bool(doc.isRequired),
                "affectsResult": .bool(doc.affectsResult), "summary": .string(doc.summary),
            ]
            if let d = doc.defaultValue { p["default"] = OrderedJSON(d) }
            p["schema"] = PipelineSchema.valueSchema(doc.type)
            parameters.append(p)
        }
        let inputs = entry.inputPorts.map { port -> OrderedJSON in
            [
                "name": .string(port.name), "arity": .string(port.arity.rawValue), "optional": .bool(port.isOptional),
                "summary": .string(port.summary),
            ]
        }
        var object: OrderedJSON = [
            "kind": .string(entry.kind), "version": .int(entry.version), "summary": .string(entry.summary),
            "stochastic": .bool(entry.isStochastic), "parameters": .array(parameters), "inputs": .array(inputs),
        ]
        object["outputs"] =
            outputs(of: entry).map { ports in
                .array(ports.map { ["name": .string($0.name), "summary": .string($0.summary)] })
            } ?? .null
        return object
    }
}

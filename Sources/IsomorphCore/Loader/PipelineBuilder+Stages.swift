extension PipelineBuilder {
    static let stageKeys = ["uses", "run", "with", "in", "matrix", "seed", "resources", "code", "env", "out"]
    static let commandOnlyKeys = ["code", "env", "out"]

    /// Reads every stage's kind, keys, `in:` ports, `out:` names and matrix, creating its
    /// instances (not yet configured).
    func parseStages() {
        stages.reserveCapacity(stageDeclarations.count)
        for d in stageDeclarations { stages.append(parseStage(d)) }
        reads = Array(repeating: [], count: stages.count)
    }

    private func parseStage(_ d: Declaration) -> StagePlan {
        let subject = "stage '\(d.name)'"
        var plan = StagePlan(name: d.name, declaration: d, kind: .invalid)
        guard let entries = d.value.entries else {
            log.error(
                "a stage must be a mapping with 'uses:' (a built-in kind) or 'run:' (a command), got \(d.value)",
                at: d.value.location, subject: subject)
            return plan
        }
        checkKeys(entries, known: Self.stageKeys, subject: subject)
        let uses = d.value["uses"]
        let run = d.value["run"]
        switch (uses, run) {
        case (nil, nil):
            log.error(
                "needs 'uses:' (a built-in stage kind) or 'run:' (a command)", at: d.keyLocation, subject: subject)
        case (.some, .some):
            let runKey = entries.first { $0.key == "run" }!.keyLocation
            log.error(
                "has both 'uses:' and 'run:'; a stage is either a built-in kind or a command", at: runKey,
                subject: subject)
        case (let uses?, nil):
            plan.kind = builtinKind(uses, subject: subject)
            if case .builtin(let entry) = plan.kind {
                for e in entries where Self.commandOnlyKeys.contains(e.key) {
                    log.error(
                        "'\(e.key)' applies to command stages (run:), not to built-in kind '\(entry.kind)'",
                        at: e.keyLocation, subject: subject)
                }
            }
        case (nil, .some):
            plan.kind = .command
            if let with = entries.first(where: { $0.key == "with" }) {
                log.error(
                    "'with' applies to built-in stages (uses:); a command takes values through 'run:' and 'env:'",
                    at: with.keyLocation, subject: subject)
            }
            plan.commandOutputs = commandOutputs(d, subject: subject)
        }
        plan.inputs = inputPorts(d, kind: plan.kind, subject: subject)

        var assignments = [MatrixAssignment()]
        if let m = entries.first(where: { $0.key == "matrix" }) {
            plan.hasMatrix = true
            if let expanded = expandMatrix(m.value, subject: subject) {
                assignments = expanded
            } else {
                assignments = []
                plan.kind = .invalid
            }
        }
        var keys = [String]()
        var seenKeys = Set<String>()
        var ids = Set<NodeID>()
        plan.instances.reserveCapacity(assignments.count)
        for a in assignments {
            for k in a.keys where seenKeys.insert(k).inserted { keys.append(k) }
            let id = NodeID(stage: d.name, matrix: a)
            guard ids.insert(id).inserted else {
                log.error(
                    "two matrix combinations give the same instance name '\(id)'; make the values distinct",
                    at: entries.first { $0.key == "matrix" }?.keyLocation ?? d.keyLocation, subject: subject)
                plan.kind = .invalid
                continue
            }
            plan.instances.append(InstancePlan(id: id, matrix: a))
        }
        plan.matrixKeys = keys
        return plan
    }

    private func builtinKind(_ uses: SpecNode, subject: String) -> StagePlan.Kind {
        guard let kind = uses.string, !kind.isEmpty else {
            log.error("'uses' must be a stage kind, got \(uses)", at: uses.location, subject: subject)
            return .invalid
        }
        if let entry = registry.entry(kind) { return .builtin(entry) }
        let hint = registry.kinds.isEmpty ? "no stage kinds are registered" : "see 'isomorph stages'"
        log.error(
            "unknown stage kind '\(kind)' (\(hint))", at: uses.location, subject: subject,
            suggestion: Suggestion.closest(to: kind, in: registry.kinds))
        return .invalid
    }

    /// The `out:` names of a command stage.
    private func commandOutputs(_ d: Declaration, subject: String) -> [String] {
        guard let out = d.value["out"] else {
            log.error("a command stage needs 'out:' naming its outputs", at: d.keyLocation, subject: subject)
            return []
        }
        let items: [SpecNode]
        switch out.value {
        case .string: items = [out]
        case .list(let l) where !l.isEmpty: items = l
        default:
            log.error("'out' must be a list of output names, got \(out)", at: out.location, subject: subject)
            return []
        }
        var names = [String]()
        for item in items {
            guard let name = item.string ?? (item.entries == nil && item.items == nil ? item.plain.compactText : nil)
            else {
                log.error("output names must be strings, got \(item)", at: item.location, subject: subject)
                continue
            }
            guard NameRules.isOutputName(name) else {
                log.error(
                    "invalid output name '\(name)': use letters, digits, '_', '-' and '.', not starting with '.' (no '/' or '..')",
                    at: item.location, subject: subject)
                continue
            }
            if names.contains(name) {
                log.error("duplicate output '\(name)'", at: item.location, subject: subject)
                continue
            }
            names.append(name)
        }
        return names
    }

    /// The `in:` entries, with port names checked against the kind's input ports.
    private func inputPorts(
        _ d: Declaration, kind: StagePlan.Kind, subject: String
    ) -> [(port: String, location: SourceLocation, value: SpecNode)] {
        var result = [(port: String, location: SourceLocation, value: SpecNode)]()
        if let node = d.value["in"], let entries = mapping(node, "'in'", subject: subject) {
            for e in entries {
                switch kind {
                case .builtin(let entry):
                    let ports = entry.inputPorts.map(\.name)
                    guard ports.contains(e.key) else {
                        let list =
                            ports.isEmpty
                            ? "kind '\(entry.kind)' takes no inputs"
                            : "inputs of '\(entry.kind)': \(ports.joined(separator: ", "))"
                        log.error(
                            "unknown input '\(e.key)' (\(list))", at: e.keyLocation, subject: subject,
                            suggestion: Suggestion.closest(to: e.key, in: ports))
                        continue
                    }
                case .command:
                    guard checkName(e.key, what: "input", at: e.keyLocation) else { continue }
                case .invalid:
                    break
                }
                result.append((e.key, e.keyLocation, e.value))
            }
        }
        if case .builtin(let entry) = kind {
            for port in entry.inputPorts where !port.isOptional && !result.contains(where: { $0.port == port.name }) {
                log.error(
                    "input '\(port.name)' of kind '\(entry.kind)' is not connected; add it under 'in:'",
                    at: d.value["in"]?.location ?? d.keyLocation, subject: subject)
            }
        }
        return result
    }
}

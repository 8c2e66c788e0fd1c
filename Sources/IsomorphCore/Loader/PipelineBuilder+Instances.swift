import Foundation

extension PipelineBuilder {
    static let resourceKeys = ["cpus", "memory", "gpus", "time", "partition"]

    /// Configures every instance: the built-in stage (parameters validated and decoded) or the
    /// command, plus resources and seed. Values that do not mention `${matrix.…}` are computed
    /// once per stage; a built-in stage is configured once per distinct `with:` value.
    func configureInstances() {
        let defaultSeed = self.defaultSeed()
        for s in stages.indices {
            // Read what the loop needs up front: holding `stages[s]` in a local would make every
            // write to `stages[s].instances[i]` copy the instances.
            let name = stages[s].name
            let d = stages[s].declaration
            let kind = stages[s].kind
            let hasMatrix = stages[s].hasMatrix
            let subject = "stage '\(name)'"
            let resourcesNode = d.value["resources"]
            let seedNode = d.value["seed"]
            let withNode = d.value["with"]
            let resourcesVary = resourcesNode?.mentionsMatrix ?? false
            let seedVaries = seedNode?.mentionsMatrix ?? false
            let withVaries = withNode?.mentionsMatrix ?? false
            let commandVaries = d.value.mentionsMatrix
            if seedNode == nil { usedParameters.insert("seed") }

            var configured = [CanonicalValue: (AnyStage?, [String]?)]()
            var sharedResources: Resources??
            var sharedSeed: UInt64??
            var sharedWith: SpecNode??
            var sharedCommand: CommandAction??
            for i in stages[s].instances.indices {
                let matrix = stages[s].instances[i].matrix
                let scope = scope(stage: name, matrix: hasMatrix ? matrix : nil)

                var resources: Resources? = Resources()
                if let node = resourcesNode {
                    if !resourcesVary, let shared = sharedResources {
                        resources = shared
                    } else {
                        resources = self.resources(node, scope: scope, subject: subject)
                        if !resourcesVary { sharedResources = .some(resources) }
                    }
                }
                var seed: UInt64? = defaultSeed
                if let node = seedNode {
                    if !seedVaries, let shared = sharedSeed {
                        seed = shared
                    } else {
                        seed = self.seed(node, scope: scope, subject: subject)
                        if !seedVaries { sharedSeed = .some(seed) }
                    }
                }
                stages[s].instances[i].resources = resources ?? Resources()
                stages[s].instances[i].seed = seed ?? 0

                switch kind {
                case .invalid:
                    continue
                case .builtin(let entry):
                    var given: SpecNode?
                    if let withNode {
                        if !withVaries, let shared = sharedWith {
                            given = shared
                        } else {
                            given = interpolated(withNode, scope: scope, subject: subject)
                            if !withVaries { sharedWith = .some(given) }
                        }
                        if given == nil { continue }
                    }
                    let cacheKey = withVaries ? given?.plain ?? .null : .null
                    if let (stage, outputs) = configured[cacheKey] {
                        stages[s].instances[i].action = stage.map { .builtin($0) }
                        stages[s].instances[i].outputs = outputs
                        continue
                    }
                    let who =
                        withVaries
                        ? "stage '\(stages[s].instances[i].id)' (\(entry.kind))" : "stage '\(name)' (\(entry.kind))"
                    let stage = log.attempt(at: given?.location ?? d.keyLocation, subject: who) {
                        try entry.configure(given, owner: d.keyLocation, subject: who)
                    }
                    let outputs = stage.map { $0.outputPorts.map(\.name) }
                    configured[cacheKey] = (stage, outputs)
                    stages[s].instances[i].action = stage.map { .builtin($0) }
                    stages[s].instances[i].outputs = outputs
                case .command:
                    let command: CommandAction?
                    if !commandVaries, let shared = sharedCommand {
                        command = shared
                    } else {
                        command = self.command(stages[s], scope: scope, subject: subject)
                        if !commandVaries { sharedCommand = .some(command) }
                    }
                    stages[s].instances[i].action = command.map { .command($0) }
                    stages[s].instances[i].outputs = command == nil ? nil : stages[s].commandOutputs
                }
            }
        }
    }

    /// `params.seed` when it exists (it must then be a non-negative integer), else 0.
    private func defaultSeed() -> UInt64 {
        guard let value = parameterValues["seed"] else { return 0 }
        if case .int(let i) = value, i >= 0 { return UInt64(i) }
        let location = parameterDeclarations.first { $0.name == "seed" }?.keyLocation
        log.error(
            "parameter 'seed' must be a non-negative integer to serve as the default seed, got '\(value.compactText)'",
            at: location)
        return 0
    }

    private func seed(_ node: SpecNode, scope: InterpolationScope, subject: String) -> UInt64? {
        guard let v = interpolated(node, scope: scope, subject: subject) else { return nil }
        if case .int(let i) = v.value, i >= 0 { return UInt64(i) }
        log.error("'seed' must be a non-negative integer, got \(v)", at: node.location, subject: subject)
        return nil
    }

    private func resources(_ node: SpecNode, scope: InterpolationScope, subject: String) -> Resources? {
        guard let entries = mapping(node, "'resources'", subject: subject) else { return nil }
        checkKeys(entries, known: Self.resourceKeys, subject: subject, what: "resource")
        var r = Resources()
        var valid = true
        for e in entries where Self.resourceKeys.contains(e.key) {
            guard let v = interpolated(e.value, scope: scope, subject: subject) else {
                valid = false
                continue
            }
            func bad(_ message: String) {
                log.error(message, at: e.value.location, subject: subject)
                valid = false
            }
            switch (e.key, v.value) {
            case ("cpus", .int(let n)) where n >= 1: r.cpus = n
            case ("cpus", _): bad("'cpus' must be a positive integer, got \(v)")
            case ("gpus", .int(let n)) where n >= 0: r.gpus = n
            case ("gpus", _): bad("'gpus' must be a non-negative integer, got \(v)")
            case ("memory", .string(let s)):
                if let bytes = Resources.parseMemory(s) {
                    r.memoryBytes = bytes
                } else {
                    bad("memory \(v) must be a size such as 512M or 16G (units K, M, G, T)")
                }
            case ("memory", .int(let n)): bad("memory \(n) needs a unit, such as \(n)M or \(n)G")
            case ("memory", _): bad("memory \(v) must be a size such as 512M or 16G (units K, M, G, T)")
            case ("time", .int(let n)) where n > 0: r.timeSeconds = n
            case ("time", .string(let s)):
                if let seconds = Resources.parseDuration(s) {
                    r.timeSeconds = seconds
                } else {
                    bad("time \(v) must be a duration such as 90s, 30m, 2h, 1h30m, 1d or 1:30:00")
                }
            case ("time", _): bad("time \(v) must be a duration such as 90s, 30m, 2h, 1h30m, 1d or 1:30:00")
            case ("partition", .string(let s)) where !s.isEmpty: r.partition = s
            case ("partition", _): bad("'partition' must be a partition name, got \(v)")
            default: break
            }
        }
        return valid ? r : nil
    }
}

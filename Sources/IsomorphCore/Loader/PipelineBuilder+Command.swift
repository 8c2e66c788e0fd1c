import Foundation

extension PipelineBuilder {
    /// Builds the ``CommandAction`` of one instance of a command stage (`run:`, `code:`, `env:`).
    func command(_ plan: StagePlan, scope: InterpolationScope, subject: String) -> CommandAction? {
        let d = plan.declaration
        var valid = true
        var commandScope = scope
        commandScope.commandPorts = (plan.inputs.map(\.port), plan.commandOutputs)

        var argv = [CommandAction.Argument]()
        if let run = d.value["run"] {
            switch run.value {
            case .list(let items) where !items.isEmpty:
                for (n, item) in items.enumerated() {
                    guard Self.isScalar(item) else {
                        log.error(
                            "argument \(n + 1) of 'run' must be a string, got \(item.typeName)", at: item.location,
                            subject: subject)
                        valid = false
                        continue
                    }
                    let text = item.string ?? item.plain.compactText
                    if let args = arguments(text, at: item.location, scope: commandScope, subject: subject) {
                        argv += args
                    } else {
                        valid = false
                    }
                }
            case .list:
                log.error("'run' must name a program to run", at: run.location, subject: subject)
                valid = false
            case .string(let s):
                let words = s.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
                log.error(
                    "'run' must be a list of arguments (argv), not a shell string; isomorph never runs a shell",
                    at: run.location, subject: subject,
                    suggestion: words.isEmpty ? nil : "[" + words.joined(separator: ", ") + "]")
                valid = false
            default:
                log.error("'run' must be a list of arguments (argv), got \(run)", at: run.location, subject: subject)
                valid = false
            }
        }

        var codeFiles = [String]()
        var codePaths = [String]()
        if let code = d.value["code"] {
            let items: [SpecNode]
            switch code.value {
            case .string: items = [code]
            case .list(let l): items = l
            default:
                log.error("'code' must be a list of files, got \(code)", at: code.location, subject: subject)
                items = []
                valid = false
            }
            for item in items {
                guard let raw = item.string, !raw.isEmpty else {
                    log.error("'code' entries must be file paths, got \(item)", at: item.location, subject: subject)
                    valid = false
                    continue
                }
                guard let path = interpolatedText(raw, at: item.location, scope: scope, subject: subject) else {
                    valid = false
                    continue
                }
                let absolute = resolvePath(path, in: d.source)
                var isDirectory: ObjCBool = false
                if !FileManager.default.fileExists(atPath: absolute, isDirectory: &isDirectory) {
                    log.error(
                        "code file '\(path)' does not exist (looked for \(absolute))", at: item.location,
                        subject: subject)
                    valid = false
                    continue
                }
                if isDirectory.boolValue {
                    log.error(
                        "code file '\(path)' is a directory; list the files whose content matters", at: item.location,
                        subject: subject)
                    valid = false
                    continue
                }
                codeFiles.append(absolute)
                codePaths.append(path)
            }
        }

        var environment = [String: String]()
        if let env = d.value["env"], let entries = mapping(env, "'env'", subject: subject) {
            for e in entries {
                guard NameRules.isEnvironmentName(e.key) else {
                    log.error(
                        "invalid environment variable name '\(e.key)': use letters, digits and '_', not starting with a digit",
                        at: e.keyLocation, subject: subject)
                    valid = false
                    continue
                }
                guard Self.isScalar(e.value) else {
                    log.error(
                        "environment variable '\(e.key)' must be a string, got \(e.value.typeName)",
                        at: e.value.location, subject: subject)
                    valid = false
                    continue
                }
                let raw = e.value.string ?? e.value.plain.compactText
                guard let value = interpolatedText(raw, at: e.value.location, scope: scope, subject: subject) else {
                    valid = false
                    continue
                }
                environment[e.key] = value
            }
        }
        guard valid, !argv.isEmpty, !plan.commandOutputs.isEmpty else { return nil }
        let source = sources[d.source]
        return CommandAction(
            argv: argv, codeFiles: codeFiles, codePaths: codePaths, environment: environment,
            workingDirectory: source.directory.path, isTrusted: source.isTrusted)
    }

    /// The arguments one `run:` item becomes: one argument, or one per element when the item is
    /// exactly a reference to a list parameter.
    private func arguments(
        _ text: String, at location: SourceLocation, scope: InterpolationScope, subject: String
    ) -> [CommandAction.Argument]? {
        guard let t = template(text, at: location, subject: subject) else { return nil }
        var parts = [CommandAction.Argument]()
        var ok = true
        for part in t.parts {
            switch part {
            case .text(let s): parts.append(.literal(s))
            case .reference(let name):
                guard let resolved = resolve(name, in: scope, at: location, subject: subject) else {
                    ok = false
                    continue
                }
                switch resolved {
                case .value(.array(let items)) where t.wholeReference != nil:
                    return items.map { .literal($0.interpolatedText) }
                case .value(let v): parts.append(.literal(v.interpolatedText))
                case .input(let port): parts.append(.input(port))
                case .output(let port): parts.append(.output(port))
                case .scratch: parts.append(.scratch)
                }
            }
        }
        guard ok else { return nil }
        // Merge adjacent literals.
        var merged = [CommandAction.Argument]()
        for p in parts {
            if case .literal(let b) = p, case .literal(let a)? = merged.last {
                merged[merged.count - 1] = .literal(a + b)
            } else {
                merged.append(p)
            }
        }
        switch merged.count {
        case 0: return [.literal("")]
        case 1: return merged
        default: return [.concatenation(merged)]
        }
    }
}

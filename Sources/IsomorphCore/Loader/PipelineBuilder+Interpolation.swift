extension PipelineBuilder {
    /// The scope for `${...}` outside stages and inside a stage instance.
    func scope(stage: String? = nil, matrix: MatrixAssignment? = nil) -> InterpolationScope {
        if baseScope == nil {
            var scope = InterpolationScope(
                parameters: parameterValues, parameterNames: parameterDeclarations.map(\.name),
                dataRoot: options.dataRoot, stage: nil, matrix: nil, commandPorts: nil)
            scope.failedParameters = failedParameters
            baseScope = scope
        }
        var scope = baseScope!
        scope.stage = stage
        scope.matrix = matrix
        return scope
    }

    /// Parses `text` as a template, recording a syntax error at `location`.
    func template(_ text: String, at location: SourceLocation, subject: String?) -> Template? {
        do {
            return try Template(parsing: text)
        } catch let error as Template.SyntaxError {
            log.error(error.message, at: location, subject: subject)
        } catch {
            log.error("\(error)", at: location, subject: subject)
        }
        return nil
    }

    /// Resolves one reference, recording failures and parameter use.
    func resolve(
        _ name: String, in scope: InterpolationScope, at location: SourceLocation, subject: String?
    ) -> InterpolationScope.Resolved? {
        do {
            let resolved = try scope.resolve(name)
            if let p = scope.parameterName(of: name) { usedParameters.insert(p) }
            return resolved
        } catch {
            if !error.isReported {
                log.error(error.message, at: location, subject: subject, suggestion: error.suggestion)
            }
            return nil
        }
    }

    /// The value of a string after interpolation: a whole `${...}` keeps its value's type
    /// (a number stays a number, a list a list); anything else becomes text.
    func interpolatedValue(
        _ text: String, at location: SourceLocation, scope: InterpolationScope, subject: String?
    ) -> CanonicalValue? {
        guard let t = template(text, at: location, subject: subject) else { return nil }
        if t.isLiteral { return .string(t.literalText) }
        if let name = t.wholeReference {
            guard let resolved = resolve(name, in: scope, at: location, subject: subject) else { return nil }
            if case .value(let v) = resolved { return v }
            return nil  // in/out/scratch cannot occur: scope has no command ports here
        }
        var result = ""
        var ok = true
        for part in t.parts {
            switch part {
            case .text(let s): result += s
            case .reference(let name):
                if case .value(let v)? = resolve(name, in: scope, at: location, subject: subject) {
                    result += v.interpolatedText
                } else {
                    ok = false
                }
            }
        }
        return ok ? .string(result) : nil
    }

    /// Interpolated text (paths, references, environment values); non-string values become
    /// their canonical text.
    func interpolatedText(
        _ text: String, at location: SourceLocation, scope: InterpolationScope, subject: String?
    ) -> String? {
        interpolatedValue(text, at: location, scope: scope, subject: subject)?.interpolatedText
    }

    /// A node with every string interpolated, recursively; `nil` if any reference failed.
    func interpolated(_ node: SpecNode, scope: InterpolationScope, subject: String?) -> SpecNode? {
        switch node.value {
        case .string(let s):
            guard s.utf8.contains(UInt8(ascii: "$")) else { return node }
            guard let v = interpolatedValue(s, at: node.location, scope: scope, subject: subject) else { return nil }
            return SpecNode(plain: v, at: node.location)
        case .list(let items):
            var out = [SpecNode]()
            out.reserveCapacity(items.count)
            var ok = true
            for item in items {
                if let i = interpolated(item, scope: scope, subject: subject) { out.append(i) } else { ok = false }
            }
            return ok ? SpecNode(.list(out), at: node.location) : nil
        case .map(let entries):
            var out = [SpecEntry]()
            out.reserveCapacity(entries.count)
            var ok = true
            for e in entries {
                if let v = interpolated(e.value, scope: scope, subject: subject) {
                    out.append(SpecEntry(key: e.key, keyLocation: e.keyLocation, value: v))
                } else {
                    ok = false
                }
            }
            return ok ? SpecNode(.map(out), at: node.location) : nil
        default:
            return node
        }
    }
}

extension SpecNode {
    /// Whether any string in the node mentions `${matrix.` (its value differs per instance).
    var mentionsMatrix: Bool {
        switch value {
        case .string(let s):
            guard s.utf8.contains(UInt8(ascii: "$")) else { return false }
            return (try? Template(parsing: s))?.parts.contains {
                if case .reference(let name) = $0 { return name.hasPrefix("matrix.") }
                return false
            } ?? false
        case .list(let items): return items.contains { $0.mentionsMatrix }
        case .map(let entries): return entries.contains { $0.value.mentionsMatrix }
        default: return false
        }
    }
}

extension PipelineBuilder {
    /// Reads and expands a stage's `matrix:`; `nil` (with diagnostics) if it is invalid or empty.
    func expandMatrix(_ node: SpecNode, subject: String) -> [MatrixAssignment]? {
        guard let entries = mapping(node, "'matrix'", subject: subject) else { return nil }
        let scope = scope()
        var valid = true
        var axes = [(key: String, values: [CanonicalValue])]()
        var includeNode: SpecNode?
        var excludeNode: SpecNode?
        for e in entries {
            switch e.key {
            case "include": includeNode = e.value
            case "exclude": excludeNode = e.value
            default:
                guard checkName(e.key, what: "matrix key", at: e.keyLocation) else {
                    valid = false
                    continue
                }
                guard let values = matrixValues(e, scope: scope, subject: subject) else {
                    valid = false
                    continue
                }
                axes.append((e.key, values))
            }
        }
        let keys = axes.map(\.key)
        let exclude = excludeNode.flatMap {
            matrixEntries($0, what: "exclude", keys: keys, allowNewKeys: false, scope: scope, subject: subject)
        }
        let include = includeNode.flatMap {
            matrixEntries($0, what: "include", keys: keys, allowNewKeys: true, scope: scope, subject: subject)
        }
        if (excludeNode != nil && exclude == nil) || (includeNode != nil && include == nil) { valid = false }
        guard valid else { return nil }
        if axes.isEmpty && (include ?? []).isEmpty {
            log.error("'matrix' needs at least one key with a list of values", at: node.location, subject: subject)
            return nil
        }
        let combinations = MatrixExpansion(axes: axes, include: include ?? [], exclude: exclude ?? []).combinations()
        if combinations.isEmpty {
            log.error(
                "the matrix has no combinations left: 'exclude' removes every one", at: node.location, subject: subject)
            return nil
        }
        return combinations
    }

    private func matrixValues(_ e: SpecEntry, scope: InterpolationScope, subject: String) -> [CanonicalValue]? {
        guard let node = interpolated(e.value, scope: scope, subject: subject) else { return nil }
        guard let items = node.items else {
            log.error(
                "matrix key '\(e.key)' must be a list of values, got \(e.value)", at: e.value.location, subject: subject
            )
            return nil
        }
        guard !items.isEmpty else {
            log.error("matrix key '\(e.key)' has no values", at: e.value.location, subject: subject)
            return nil
        }
        var values = [CanonicalValue]()
        var seen = Set<CanonicalValue>()
        for item in items {
            guard Self.isScalar(item) else {
                log.error(
                    "matrix values must be strings, numbers or booleans; '\(e.key)' has \(item)", at: item.location,
                    subject: subject)
                return nil
            }
            let v = item.plain
            guard seen.insert(MatrixExpansion.normalized(v)).inserted else {
                log.error("duplicate value \(item) in matrix key '\(e.key)'", at: item.location, subject: subject)
                return nil
            }
            values.append(v)
        }
        return values
    }

    private func matrixEntries(
        _ node: SpecNode, what: String, keys: [String], allowNewKeys: Bool, scope: InterpolationScope,
        subject: String
    ) -> [[MatrixAssignment.Entry]]? {
        guard let items = node.items else {
            log.error("'\(what)' must be a list of mappings, got \(node)", at: node.location, subject: subject)
            return nil
        }
        var result = [[MatrixAssignment.Entry]]()
        var valid = true
        for item in items {
            guard let entries = item.entries, !entries.isEmpty else {
                log.error(
                    "each '\(what)' entry must be a mapping of matrix keys to values, got \(item)", at: item.location,
                    subject: subject)
                valid = false
                continue
            }
            var pairs = [MatrixAssignment.Entry]()
            for e in entries {
                if !allowNewKeys, !keys.contains(e.key) {
                    log.error(
                        "'\(what)' names '\(e.key)', which is not a matrix key (keys: \(keys.joined(separator: ", ")))",
                        at: e.keyLocation, subject: subject, suggestion: Suggestion.closest(to: e.key, in: keys))
                    valid = false
                    continue
                }
                if allowNewKeys, !checkName(e.key, what: "matrix key", at: e.keyLocation) {
                    valid = false
                    continue
                }
                guard let v = interpolated(e.value, scope: scope, subject: subject) else {
                    valid = false
                    continue
                }
                guard Self.isScalar(v) else {
                    log.error(
                        "matrix values must be strings, numbers or booleans; '\(e.key)' has \(e.value)",
                        at: e.value.location, subject: subject)
                    valid = false
                    continue
                }
                pairs.append(MatrixAssignment.Entry(key: e.key, value: v.plain))
            }
            result.append(pairs)
        }
        return valid ? result : nil
    }

    static func isScalar(_ node: SpecNode) -> Bool {
        switch node.value {
        case .string, .int, .double, .bool: return true
        default: return false
        }
    }
}

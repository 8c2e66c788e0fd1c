extension PipelineBuilder {
    /// Merges the `params:`, `data:` and `stages:` of every file. A parameter declared in an
    /// including file (or a later include) replaces an earlier default; a data source or stage
    /// declared twice is an error naming both places.
    func collectDeclarations() {
        var parameterIndex = [String: Int]()
        for (s, source) in sources.enumerated() {
            guard let root = source.root, root.entries != nil else { continue }
            if let node = root["params"], let entries = mapping(node, "'params'") {
                for e in entries {
                    guard checkName(e.key, what: "parameter", at: e.keyLocation) else { continue }
                    if NameRules.reservedParameterNames.contains(e.key) {
                        log.error(
                            "parameter name '\(e.key)' is reserved (reserved: \(NameRules.reservedParameterNames.joined(separator: ", ")))",
                            at: e.keyLocation)
                        continue
                    }
                    let d = Declaration(name: e.key, keyLocation: e.keyLocation, value: e.value, source: s)
                    if let i = parameterIndex[e.key] {
                        parameterDeclarations[i] = d
                    } else {
                        parameterIndex[e.key] = parameterDeclarations.count
                        parameterDeclarations.append(d)
                    }
                }
            }
            if let node = root["data"], let entries = mapping(node, "'data'") {
                for e in entries where checkName(e.key, what: "data source", at: e.keyLocation) {
                    if let i = dataIndex[e.key] {
                        log.error(
                            "data source '\(e.key)' is already declared at \(dataDeclarations[i].keyLocation)",
                            at: e.keyLocation)
                        continue
                    }
                    dataIndex[e.key] = dataDeclarations.count
                    dataDeclarations.append(
                        Declaration(name: e.key, keyLocation: e.keyLocation, value: e.value, source: s))
                }
            }
            if let node = root["stages"], let entries = mapping(node, "'stages'") {
                for e in entries where checkName(e.key, what: "stage", at: e.keyLocation) {
                    if e.key == "data" {
                        log.error(
                            "stage name 'data' is reserved for data sources ('data.NAME' in references)",
                            at: e.keyLocation)
                        continue
                    }
                    if let i = stageIndex[e.key] {
                        log.error(
                            "stage '\(e.key)' is already declared at \(stageDeclarations[i].keyLocation)",
                            at: e.keyLocation)
                        continue
                    }
                    stageIndex[e.key] = stageDeclarations.count
                    stageDeclarations.append(
                        Declaration(name: e.key, keyLocation: e.keyLocation, value: e.value, source: s))
                }
            }
        }
    }

    /// Checks a stage, data source, parameter or matrix-key name.
    func checkName(_ name: String, what: String, at location: SourceLocation) -> Bool {
        if NameRules.isPlainName(name) { return true }
        log.error(
            "invalid \(what) name '\(name)': use letters, digits, '_' and '-' (no dots, slashes or spaces)",
            at: location)
        return false
    }

    /// Computes final parameter values: declared defaults (whose strings may use
    /// `${data_root}`), then `-p` overrides, which must name a declared parameter and keep its type.
    func resolveParameters() {
        let rootScope = InterpolationScope(
            parameters: [:], parameterNames: [], dataRoot: options.dataRoot, stage: nil, matrix: nil,
            commandPorts: nil)
        for d in parameterDeclarations {
            if let v = interpolated(d.value, scope: rootScope, subject: "parameter '\(d.name)'") {
                parameterValues[d.name] = v.plain
            } else {
                failedParameters.insert(d.name)
            }
        }
        let names = parameterDeclarations.map(\.name)
        let mainParams = sources.last?.root?.entries?.first { $0.key == "params" }?.keyLocation
        let overrideLocation = mainParams ?? SourceLocation(file: file)
        for (name, value) in options.parameterOverrides.sorted(by: { $0.key < $1.key }) {
            let given = "-p \(name)=\(value.compactText)"
            guard let i = names.firstIndex(of: name) else {
                let known =
                    names.isEmpty ? "the spec declares no parameters" : "parameters: " + names.joined(separator: ", ")
                log.error(
                    "\(given): the spec has no parameter '\(name)' (\(known))", at: overrideLocation,
                    suggestion: Suggestion.closest(to: name, in: names))
                continue
            }
            let declared = parameterDeclarations[i]
            guard let current = parameterValues[name] else { continue }
            if let converted = Self.convert(value, like: current) {
                parameterValues[name] = converted
            } else {
                log.error(
                    "\(given): parameter '\(name)' is \(Self.typeName(of: current)) in the spec, got \(Self.typeName(of: value)) '\(value.compactText)'",
                    at: declared.keyLocation)
            }
        }
    }

    /// `value` converted to the type of `reference` (integers and numbers mix; a scalar
    /// becomes text where text is expected), or `nil` if the types are incompatible.
    static func convert(_ value: CanonicalValue, like reference: CanonicalValue) -> CanonicalValue? {
        switch (reference, value) {
        case (.null, _): return value
        case (.int, .int), (.double, .double), (.bool, .bool), (.string, .string), (.array, .array),
            (.object, .object):
            return value
        case (.double, .int(let i)): return .double(Double(i))
        case (.int, .double(let d)) where d == d.rounded() && abs(d) < 1e15: return .int(Int(d))
        case (.string, .int), (.string, .double), (.string, .bool): return .string(value.compactText)
        default: return nil
        }
    }

    /// "an integer", "a list"... for messages.
    static func typeName(of value: CanonicalValue) -> String {
        switch value {
        case .null: return "null"
        case .bool: return "a boolean"
        case .int: return "an integer"
        case .double: return "a number"
        case .string: return "a string"
        case .array: return "a list"
        case .object: return "a mapping"
        }
    }
}

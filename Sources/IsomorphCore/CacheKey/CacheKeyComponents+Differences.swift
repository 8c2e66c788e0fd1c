extension CacheKeyComponents {
    /// Why this key differs from `old`, one reason per changed ingredient, in a fixed order:
    /// format, kind, version, parameters (by name), inputs (by port), seed, command line,
    /// code files, environment, data import. `isomorph plan` prints these.
    ///
    /// Examples: `parameter 'factor' changed 1.0 → 10.0`, `input 'x' changed`,
    /// `code 'scripts/train.py' changed`, `stage version 1 → 2`.
    /// - Returns: An empty list when the keys are equal.
    public func differences(from old: CacheKeyComponents) -> [String] {
        var reasons = [String]()
        if format != old.format { reasons.append("cache key format \(old.format) → \(format)") }
        if kind != old.kind { reasons.append("kind \(old.kind) → \(kind)") }
        if version != old.version { reasons.append("stage version \(old.version) → \(version)") }
        reasons += Self.compare(
            "parameter", old.parameters.objectValue ?? ["": old.parameters],
            parameters.objectValue ?? ["": parameters], render: { $0.compactText })
        let ports = Set(inputs.keys).union(old.inputs.keys).sorted()
        for port in ports {
            switch (old.inputs[port], inputs[port]) {
            case (nil, _?): reasons.append("input '\(port)' added")
            case (_?, nil): reasons.append("input '\(port)' removed")
            case (let a?, let b?) where a != b:
                reasons.append(
                    a.count == b.count
                        ? "input '\(port)' changed" : "input '\(port)' changed (\(a.count) → \(b.count) items)")
            default: break
            }
        }
        switch (old.seed, seed) {
        case (let a?, let b?) where a != b: reasons.append("seed changed \(a) → \(b)")
        case (nil, let b?): reasons.append("seed \(b) now enters the key")
        case (_?, nil): reasons.append("seed no longer enters the key")
        default: break
        }
        switch (old.command, command) {
        case (let a?, let b?):
            if a.argv != b.argv { reasons.append("command line changed") }
            reasons += Self.compare("code", a.code, b.code, render: nil)
            reasons += Self.compare("environment variable", a.environment, b.environment, render: { $0 })
        case (nil, _?), (_?, nil): reasons.append("command changed")
        default: break
        }
        switch (old.dataImport, dataImport) {
        case (let a?, let b?):
            if a.file != b.file { reasons.append("data file changed") }
            if a.format != b.format { reasons.append("data format \(a.format) → \(b.format)") }
            if a.variable != b.variable {
                reasons.append("data variable \(a.variable ?? "(only)") → \(b.variable ?? "(only)")")
            }
            if a.axes != b.axes {
                func text(_ axes: [String]?) -> String {
                    axes.map { "[" + $0.joined(separator: ", ") + "]" } ?? "(default)"
                }
                reasons.append("data axes \(text(a.axes)) → \(text(b.axes))")
            }
            for axis in Set(a.coordinates.keys).union(b.coordinates.keys).sorted()
            where a.coordinates[axis] != b.coordinates[axis] {
                reasons.append("labels of axis '\(axis)' changed")
            }
        case (nil, _?), (_?, nil): reasons.append("data import changed")
        default: break
        }
        return reasons
    }

    /// Added, removed and changed entries of two maps, by sorted name. `render` shows values in
    /// "changed a → b"; `nil` reports only that the entry changed.
    private static func compare<V: Equatable>(
        _ what: String, _ old: [String: V], _ new: [String: V], render: ((V) -> String)?
    ) -> [String] {
        var reasons = [String]()
        for name in Set(old.keys).union(new.keys).sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            switch (old[name], new[name]) {
            case (nil, let b?):
                reasons.append("\(what) '\(name)' added" + (render.map { " (\($0(b)))" } ?? ""))
            case (let a?, nil):
                reasons.append("\(what) '\(name)' removed" + (render.map { " (was \($0(a)))" } ?? ""))
            case (let a?, let b?) where a != b:
                reasons.append("\(what) '\(name)' changed" + (render.map { " \($0(a)) → \($0(b))" } ?? ""))
            default: break
            }
        }
        return reasons
    }
}

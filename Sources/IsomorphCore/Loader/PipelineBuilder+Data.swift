extension PipelineBuilder {
    static let dataKeys = ["path", "format", "variable", "axes", "coords"]

    /// Builds a ``DataSource`` for every `data:` declaration (`nil` where it is invalid).
    func buildDataSources() {
        dataSources = dataDeclarations.map(buildDataSource)
    }

    private func buildDataSource(_ d: Declaration) -> DataSource? {
        let subject = "data '\(d.name)'"
        let scope = scope()
        var entries: [SpecEntry]
        switch d.value.value {
        case .string:
            // Shorthand: `name: path/to/file.npy`.
            entries = [SpecEntry(key: "path", keyLocation: d.value.location, value: d.value)]
        case .map(let e):
            entries = e
        default:
            log.error(
                "a data source must be a path or a mapping with 'path:', got \(d.value)", at: d.value.location,
                subject: subject)
            return nil
        }
        checkKeys(entries, known: Self.dataKeys, subject: subject)
        func value(_ key: String) -> SpecNode? { entries.first { $0.key == key }?.value }

        guard let pathNode = value("path") else {
            log.error("missing required key 'path'", at: d.keyLocation, subject: subject)
            return nil
        }
        guard let declaredPath = pathNode.string, !declaredPath.isEmpty else {
            log.error("'path' must be a file path, got \(pathNode)", at: pathNode.location, subject: subject)
            return nil
        }
        var valid = true
        let path = interpolatedText(declaredPath, at: pathNode.location, scope: scope, subject: subject).map {
            resolvePath($0, in: d.source)
        }

        var format: DataSource.Format?
        let formats = DataSource.Format.allCases.map(\.rawValue)
        if let f = value("format") {
            if let s = f.string, let known = DataSource.Format(rawValue: s) {
                format = known
            } else {
                log.error(
                    "unknown format \(f) (known: \(formats.joined(separator: ", ")))", at: f.location, subject: subject,
                    suggestion: f.string.flatMap { Suggestion.closest(to: $0, in: formats) })
                valid = false
            }
        } else if let path {
            format = DataSource.Format(fileExtension: path.pathExtension)
            if format == nil {
                log.error(
                    "cannot tell the format of '\(declaredPath)' from its extension; add 'format:' (one of \(formats.joined(separator: ", ")))",
                    at: pathNode.location, subject: subject)
                valid = false
            }
        }

        var variable: String?
        if let v = value("variable") {
            if let s = v.string, !s.isEmpty {
                variable = s
                if let format, format == .npy || format == .csv {
                    log.error(
                        "'variable' applies to npz, hdf5 and mat files, not \(format.rawValue)", at: v.location,
                        subject: subject)
                    valid = false
                }
            } else {
                log.error("'variable' must be a name, got \(v)", at: v.location, subject: subject)
                valid = false
            }
        }

        var axes: [String]?
        if let a = value("axes") {
            if let items = a.items, items.allSatisfy({ $0.string?.isEmpty == false }) {
                let names = items.map { $0.string! }
                var seen = Set<String>()
                for (i, n) in names.enumerated() where !seen.insert(n).inserted {
                    log.error("duplicate axis '\(n)' in 'axes'", at: items[i].location, subject: subject)
                    valid = false
                }
                axes = names
            } else {
                log.error("'axes' must be a list of axis names, got \(a)", at: a.location, subject: subject)
                valid = false
            }
        }

        var coordinates = [String: DataSource.CoordinateSource]()
        if let c = value("coords"), let coordEntries = mapping(c, "'coords'", subject: subject) {
            if axes == nil, !coordEntries.isEmpty, value("axes") == nil {
                log.error("'coords' needs 'axes' to name the axes it labels", at: c.location, subject: subject)
                valid = false
            }
            for e in coordEntries {
                if let axes, !axes.contains(e.key) {
                    log.error(
                        "'coords' names axis '\(e.key)', which is not in 'axes' (\(axes.joined(separator: ", ")))",
                        at: e.keyLocation, subject: subject, suggestion: Suggestion.closest(to: e.key, in: axes))
                    valid = false
                    continue
                }
                switch e.value.value {
                case .string(let s):
                    if let p = interpolatedText(s, at: e.value.location, scope: scope, subject: subject) {
                        coordinates[e.key] = .file(resolvePath(p, in: d.source))
                    } else {
                        valid = false
                    }
                case .list:
                    if let v = interpolated(e.value, scope: scope, subject: subject) {
                        coordinates[e.key] = .inline(v.plain.arrayValue ?? [])
                    } else {
                        valid = false
                    }
                default:
                    log.error(
                        "labels for axis '\(e.key)' must be a list or a label file, got \(e.value)",
                        at: e.value.location, subject: subject)
                    valid = false
                }
            }
        }
        guard valid, let path, let format else { return nil }
        return DataSource(
            name: d.name, path: path, declaredPath: declaredPath, format: format, variable: variable, axes: axes,
            coordinates: coordinates, location: d.keyLocation)
    }
}

extension DataSource.Format {
    /// The format a file extension implies: `.npy`, `.npz`, `.csv`, `.h5`/`.hdf5`/`.nc`, `.mat`.
    public init?(fileExtension ext: String) {
        switch ext.lowercased() {
        case "npy": self = .npy
        case "npz": self = .npz
        case "csv": self = .csv
        case "h5", "hdf5", "nc", "nc4": self = .hdf5
        case "mat": self = .mat
        default: return nil
        }
    }
}

extension String {
    /// The extension of the last path component (`npy` for `x/y.npy`), or "".
    fileprivate var pathExtension: String {
        let name = split(separator: "/").last.map(String.init) ?? self
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
        return String(name[name.index(after: dot)...])
    }
}

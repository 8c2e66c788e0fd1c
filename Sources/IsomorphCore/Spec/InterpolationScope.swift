/// What `${...}` names mean at one place in a spec: the pipeline's parameters, the data root,
/// the matrix values of one stage instance, and (inside `run:` only) a command's inputs,
/// outputs and scratch directory.
struct InterpolationScope {
    /// What a reference stands for.
    enum Resolved: Equatable {
        /// A value (a parameter, a matrix value, the data root), with its type.
        case value(CanonicalValue)
        /// The path of input port `name` (run: only).
        case input(String)
        /// The path output port `name` must be written to (run: only).
        case output(String)
        /// The run's scratch directory (run: only).
        case scratch
    }

    /// A name that does not resolve, with a replacement to suggest.
    struct Failure: Error {
        let message: String
        let suggestion: String?
        /// The name is a parameter whose own value failed (already reported): say nothing more.
        var isReported = false
    }

    /// Final parameter values by name.
    var parameters: [String: CanonicalValue]
    /// Parameter names in declaration order (for messages).
    var parameterNames: [String]
    /// Parameters whose values could not be computed (their errors are already reported).
    var failedParameters: Set<String> = []
    /// What `${data_root}` means; `nil` if unset.
    var dataRoot: String?
    /// The stage the scope belongs to (for messages), if any.
    var stage: String?
    /// The instance's matrix values; `nil` if the stage has no matrix (or outside stages).
    var matrix: MatrixAssignment?
    /// The command's input and output port names, inside `run:` only.
    var commandPorts: (inputs: [String], outputs: [String])?

    /// The parameter a name refers to, if it refers to one (`seed`, `params.seed`).
    func parameterName(of name: String) -> String? {
        let p = name.hasPrefix("params.") ? String(name.dropFirst(7)) : name
        return parameters[p] == nil ? nil : p
    }

    /// Resolves the name inside one `${...}`.
    /// - Throws: ``Failure`` naming the reference and what would have been valid.
    func resolve(_ name: String) throws(Failure) -> Resolved {
        let written = "'${\(name)}'"
        if name == "data_root" {
            guard let dataRoot else {
                throw Failure(
                    message:
                        "\(written) is used but no data root is set: pass --data-root DIR or set ISOMORPH_DATA_ROOT",
                    suggestion: nil)
            }
            return .value(.string(dataRoot))
        }
        if name.hasPrefix("matrix.") {
            let key = String(name.dropFirst(7))
            guard let matrix else {
                let owner = stage.map { "stage '\($0)' has none" } ?? "there is none here"
                throw Failure(message: "\(written) needs a matrix, but \(owner)", suggestion: nil)
            }
            guard let value = matrix[key] else {
                throw Failure(
                    message: "unknown matrix key '\(key)' in \(written) (keys: \(matrix.keys.joined(separator: ", ")))",
                    suggestion: Suggestion.closest(to: key, in: matrix.keys).map { "${matrix.\($0)}" })
            }
            return .value(value)
        }
        if name == "scratch" || name.hasPrefix("in.") || name.hasPrefix("out.") {
            guard let ports = commandPorts else {
                throw Failure(message: "\(written) can only be used in 'run:'", suggestion: nil)
            }
            if name == "scratch" { return .scratch }
            let isInput = name.hasPrefix("in.")
            let port = String(name.dropFirst(isInput ? 3 : 4))
            let known = isInput ? ports.inputs : ports.outputs
            guard known.contains(port) else {
                let what = isInput ? "input" : "output"
                let list = known.isEmpty ? "the stage declares none" : "\(what)s: " + known.joined(separator: ", ")
                throw Failure(
                    message: "\(written) names no \(what) of this stage (\(list))",
                    suggestion: Suggestion.closest(to: port, in: known).map { "${\(isInput ? "in" : "out").\($0)}" })
            }
            return isInput ? .input(port) : .output(port)
        }
        if let p = parameterName(of: name) { return .value(parameters[p]!) }
        let bare = name.hasPrefix("params.") ? String(name.dropFirst(7)) : name
        if failedParameters.contains(bare) { throw Failure(message: "", suggestion: nil, isReported: true) }
        let candidates = knownNames
        var list = candidates.prefix(12).joined(separator: ", ")
        if candidates.count > 12 { list += ", ..." }
        throw Failure(
            message: "unknown name '\(name)' in \(written) (known: \(list.isEmpty ? "none" : list))",
            suggestion: Suggestion.closest(to: name, in: candidates) ?? Suggestion.closest(to: bare, in: candidates))
    }

    /// Every name valid here, for messages and suggestions.
    var knownNames: [String] {
        var names = parameterNames
        names.append("data_root")
        if let matrix { names += matrix.keys.map { "matrix.\($0)" } }
        if let ports = commandPorts {
            names += ports.inputs.map { "in.\($0)" } + ports.outputs.map { "out.\($0)" } + ["scratch"]
        }
        return names
    }
}

extension CanonicalValue {
    /// The text a value becomes inside a longer string: strings as they are, other values in
    /// their canonical form (`10`, `0.5`, `true`, `[1,2]`).
    var interpolatedText: String { compactText }
}

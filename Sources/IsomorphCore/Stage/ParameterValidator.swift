/// Checks a stage's `with:` mapping against its ``ParameterDoc``s and fills in defaults.
///
/// Reports every problem at once, each at the offending node: unknown names (with a
/// did-you-mean), missing required parameters, wrong types, values outside a choice or a range.
public struct ParameterValidator {
    /// Who the parameters belong to, for messages: `stage 'rdm' (rsa.rdm)`.
    public var subject: String

    public init(subject: String) { self.subject = subject }

    /// The validated mapping with every documented default present.
    /// - Parameters:
    ///   - node: The `with:` node, or `nil` when the stage has none.
    ///   - docs: The stage's parameter documentation.
    ///   - owner: Where to report missing parameters when `node` is `nil`.
    /// - Throws: ``SpecError`` with one diagnostic per problem.
    public func validate(_ node: SpecNode?, against docs: [ParameterDoc], owner: SourceLocation) throws -> SpecNode {
        var diagnostics = [Diagnostic]()
        let filled = fill(node, docs: docs, owner: owner, path: "", diagnostics: &diagnostics)
        if !diagnostics.isEmpty { throw SpecError(diagnostics) }
        return filled
    }

    private func fill(
        _ node: SpecNode?, docs: [ParameterDoc], owner: SourceLocation, path: String, diagnostics: inout [Diagnostic]
    ) -> SpecNode {
        let location = node?.location ?? owner
        var entries = [SpecEntry]()
        if let node {
            switch node.value {
            case .map(let given): entries = given
            case .null: break
            default:
                diagnostics.append(
                    Diagnostic(
                        at: node.location, subject: subject, "'with' must be a mapping of parameters, got \(node)"))
                return node
            }
        }
        let names = docs.map(\.name)
        var result = [SpecEntry]()
        for entry in entries {
            guard let doc = docs.first(where: { $0.name == entry.key }) else {
                let known = names.isEmpty ? "it takes no parameters" : "known: \(names.joined(separator: ", "))"
                diagnostics.append(
                    Diagnostic(
                        at: entry.keyLocation, subject: subject,
                        "unknown parameter '\(path)\(entry.key)' (\(known))",
                        suggestion: Suggestion.closest(to: entry.key, in: names)))
                continue
            }
            let checked = check(entry.value, doc.type, name: path + entry.key, diagnostics: &diagnostics)
            result.append(SpecEntry(key: entry.key, keyLocation: entry.keyLocation, value: checked))
        }
        for doc in docs where !entries.contains(where: { $0.key == doc.name }) {
            if let d = doc.defaultValue {
                result.append(SpecEntry(key: doc.name, keyLocation: location, value: SpecNode(plain: d, at: location)))
            } else if doc.isRequired {
                diagnostics.append(
                    Diagnostic(
                        at: location, subject: subject, "missing required parameter '\(path)\(doc.name)' (\(doc.type))")
                )
            }
        }
        return SpecNode(.map(result), at: location)
    }

    private func check(
        _ node: SpecNode, _ type: ParameterType, name: String, diagnostics: inout [Diagnostic]
    ) -> SpecNode {
        func bad(_ expected: String, suggestion: String? = nil) -> SpecNode {
            diagnostics.append(
                Diagnostic(
                    at: node.location, subject: subject, "parameter '\(name)' must be \(expected), got \(node)",
                    suggestion: suggestion))
            return node
        }
        switch (type, node.value) {
        case (.bool, .bool): return node
        case (.bool, _): return bad("true or false")
        case (.int(let lo, let hi), .int(let i)):
            if let lo, i < lo { return bad("an integer ≥ \(lo)") }
            if let hi, i > hi { return bad("an integer ≤ \(hi)") }
            return node
        case (.int, .double(let d)) where d == d.rounded() && abs(d) < 1e15:
            return check(SpecNode(.int(Int(d)), at: node.location), type, name: name, diagnostics: &diagnostics)
        case (.int, _): return bad("an integer")
        case (.number(let lo, let hi), .int(let i)):
            return check(
                SpecNode(.double(Double(i)), at: node.location), .number(min: lo, max: hi), name: name,
                diagnostics: &diagnostics)
        case (.number(let lo, let hi), .double(let d)):
            if d.isNaN { return bad("a number") }
            if let lo, d < lo { return bad("a number ≥ \(CanonicalValue.double(lo).compactText)") }
            if let hi, d > hi { return bad("a number ≤ \(CanonicalValue.double(hi).compactText)") }
            return node
        case (.number, _): return bad("a number")
        case (.string, .string), (.file, .string): return node
        case (.string, .int), (.string, .double), (.string, .bool):
            // A plain scalar where a string is expected: keep its text (e.g. a layer named 7).
            return SpecNode(.string(node.plain.compactText), at: node.location)
        case (.string, _): return bad("a string")
        case (.file, _): return bad("a file path")
        case (.choice(let options), .string(let s)):
            if options.contains(s) { return node }
            return bad("one of \(options.joined(separator: ", "))", suggestion: Suggestion.closest(to: s, in: options))
        case (.choice(let options), _):
            return bad("one of \(options.joined(separator: ", "))")
        case (.list(let element), .list(let items)):
            let checked = items.enumerated().map {
                check($0.element, element, name: "\(name)[\($0.offset)]", diagnostics: &diagnostics)
            }
            return SpecNode(.list(checked), at: node.location)
        case (.list(let element), _):
            // A single value where a list is expected becomes a list of one.
            var sub = [Diagnostic]()
            let one = check(node, element, name: name, diagnostics: &sub)
            if !sub.isEmpty { return bad("a list of \(element)") }
            return SpecNode(.list([one]), at: node.location)
        case (.object(let docs), .map), (.object(let docs), .null):
            return fill(node, docs: docs, owner: node.location, path: name + ".", diagnostics: &diagnostics)
        case (.object, _): return bad("a mapping")
        case (.map(let element), .map(let entries)):
            let checked = entries.map {
                SpecEntry(
                    key: $0.key, keyLocation: $0.keyLocation,
                    value: check($0.value, element, name: "\(name).\($0.key)", diagnostics: &diagnostics))
            }
            return SpecNode(.map(checked), at: node.location)
        case (.map, _): return bad("a mapping")
        case (.either(let a, let b), _):
            var first = [Diagnostic]()
            let viaA = check(node, a, name: name, diagnostics: &first)
            if first.isEmpty { return viaA }
            var second = [Diagnostic]()
            let viaB = check(node, b, name: name, diagnostics: &second)
            if second.isEmpty { return viaB }
            return bad("\(a) or \(b)")
        }
    }
}

extension PipelineBuilder {
    /// What one reference in `in:` is bound to, before the port's arity is applied.
    enum Bound {
        case single(InputBinding.CollectionItem)
        case collection([InputBinding.CollectionItem])

        var items: [InputBinding.CollectionItem] {
            switch self {
            case .single(let i): return [i]
            case .collection(let items): return items
            }
        }
    }

    /// Binds every instance's `in:` ports (see the binding rule on ``PipelineLoader``) and
    /// records which stages each stage reads.
    func bindInputs() {
        var index = FanInIndex()
        for s in stages.indices {
            // Locals rather than `stages[s]` itself, so that writing bindings does not copy the instances.
            let inputs = stages[s].inputs
            guard !inputs.isEmpty else { continue }
            let name = stages[s].name
            let hasMatrix = stages[s].hasMatrix
            let subject = "stage '\(name)'"
            var arity = [String: InputPort.Arity]()
            var kindName: String?
            if case .builtin(let entry) = stages[s].kind {
                kindName = entry.kind
                for p in entry.inputPorts { arity[p.name] = p.arity }
            }
            for i in stages[s].instances.indices {
                let matrix = stages[s].instances[i].matrix
                let scope = scope(stage: name, matrix: hasMatrix ? matrix : nil)
                for input in inputs {
                    let what = "input '\(input.port)'"
                    var bound: Bound?
                    var describedAs = ""
                    switch input.value.value {
                    case .string(let text):
                        describedAs = "'\(text)'"
                        bound = reference(
                            text, at: input.value.location, consumer: s, matrix: matrix, what: what,
                            scope: scope, subject: subject, index: &index)
                    case .list(let items) where !items.isEmpty:
                        describedAs = "the list"
                        var collected = [InputBinding.CollectionItem]()
                        var ok = true
                        for item in items {
                            guard let text = item.string else {
                                log.error(
                                    "\(what) must list references (STAGE, STAGE.PORT or data.NAME), got \(item)",
                                    at: item.location, subject: subject)
                                ok = false
                                continue
                            }
                            if let b = reference(
                                text, at: item.location, consumer: s, matrix: matrix, what: what, scope: scope,
                                subject: subject, index: &index)
                            {
                                collected += b.items
                            } else {
                                ok = false
                            }
                        }
                        bound = ok ? .collection(collected) : nil
                    case .list:
                        log.error("\(what) has an empty list", at: input.value.location, subject: subject)
                    default:
                        log.error(
                            "\(what) must be a reference (STAGE, STAGE.PORT or data.NAME) or a list of them, got \(input.value)",
                            at: input.value.location, subject: subject)
                    }
                    guard let bound else { continue }
                    let binding: InputBinding
                    switch (arity[input.port], bound) {
                    case (.single?, .collection(let items)) where items.count != 1:
                        var ids = items.prefix(3).map { $0.ref.node.rawValue }.joined(separator: ", ")
                        if items.count > 3 { ids += ", ..." }
                        log.error(
                            "\(what) of kind '\(kindName ?? "")' takes one artifact, but \(describedAs) gives \(items.count) (\(ids))",
                            at: input.value.location, subject: subject)
                        continue
                    case (.single?, let b): binding = .single(b.items[0].ref)
                    case (.collection?, let b): binding = .collection(b.items)
                    case (nil, .single(let item)): binding = .single(item.ref)
                    case (nil, .collection(let items)): binding = .collection(items)
                    }
                    stages[s].instances[i].inputs[input.port] = binding
                }
                if case .command(let action)? = stages[s].instances[i].action {
                    checkCollectionArguments(action, s, i, subject)
                }
            }
        }
    }

    /// A `${in.PORT}` inside a longer argument cannot expand to several paths.
    private func checkCollectionArguments(_ action: CommandAction, _ s: Int, _ i: Int, _ subject: String) {
        let inputs = stages[s].instances[i].inputs
        for case .concatenation(let parts) in action.argv {
            for case .input(let port) in parts {
                if case .collection? = inputs[port] {
                    log.error(
                        "'${in.\(port)}' reads a collection, so it must be a whole argument of 'run:'",
                        at: stages[s].declaration.value["run"]?.location, subject: subject)
                }
            }
        }
    }

    /// Resolves one reference string (after interpolation) for one consumer instance.
    private func reference(
        _ raw: String, at location: SourceLocation, consumer s: Int, matrix: MatrixAssignment, what: String,
        scope: InterpolationScope, subject: String, index: inout FanInIndex
    ) -> Bound? {
        guard let text = interpolatedText(raw, at: location, scope: scope, subject: subject) else { return nil }
        if text.hasPrefix("data.") {
            return dataReference(text, at: location, what: what, subject: subject)
        }
        let dot = text.firstIndex(of: ".")
        let name = String(text[..<(dot ?? text.endIndex)])
        let port = dot.map { String(text[text.index(after: $0)...]) }
        guard let p = stageIndex[name] else {
            if hasUnreadableSource { return nil }
            if port == nil, dataIndex[name] != nil {
                log.error(
                    "\(what) reads '\(text)', which is a data source", at: location, subject: subject,
                    suggestion: "data.\(name)")
            } else {
                let candidates = stageDeclarations.map(\.name) + dataDeclarations.map { "data.\($0.name)" }
                log.error(
                    "\(what) reads '\(text)', which is neither a stage nor a data source", at: location,
                    subject: subject, suggestion: Suggestion.closest(to: name, in: candidates))
            }
            return nil
        }
        reads[s].insert(p)
        if p == s { return nil }  // reported as a cycle
        if case .invalid = stages[p].kind { return nil }

        var selected = [Int]()
        var single = true
        if stages[p].hasMatrix {
            let consumerKeys = matrix.keys
            let producerKeys = stages[p].matrixKeys
            let shared = producerKeys.filter { consumerKeys.contains($0) }
            single = shared.count == producerKeys.count
            let values = shared.map { MatrixExpansion.normalized(matrix[$0]!) }
            selected = index.instances(of: p, sharedKeys: shared, values: values, stages: stages)
            if selected.isEmpty || (single && selected.count > 1) {
                let at = shared.map { "\($0)=\(matrix[$0]!.compactText)" }.joined(separator: ",")
                let problem = selected.isEmpty ? "no instance" : "more than one instance"
                log.error(
                    "\(what) reads '\(name)', but \(problem) of '\(name)' has \(at)", at: location, subject: subject)
                return nil
            }
        } else {
            selected = [0]
        }

        var items = [InputBinding.CollectionItem]()
        items.reserveCapacity(selected.count)
        for j in selected {
            guard let outputs = stages[p].instances[j].outputs else { return nil }
            let chosen: String
            if let port {
                guard outputs.contains(port) else {
                    log.error(
                        "\(what) reads '\(text)', but stage '\(name)' has no output '\(port)' (outputs: \(outputs.joined(separator: ", ")))",
                        at: location, subject: subject,
                        suggestion: Suggestion.closest(to: port, in: outputs).map { "\(name).\($0)" })
                    return nil
                }
                chosen = port
            } else {
                guard outputs.count == 1 else {
                    log.error(
                        "\(what) reads '\(name)', which has several outputs (\(outputs.joined(separator: ", "))); name one, e.g. '\(name).\(outputs.first ?? "")'",
                        at: location, subject: subject)
                    return nil
                }
                chosen = outputs[0]
            }
            let source = stages[p].instances[j]
            items.append(
                InputBinding.CollectionItem(ref: OutputRef(node: source.id, port: chosen), labels: source.matrix))
        }
        return single ? .single(items[0]) : .collection(items)
    }

    private func dataReference(_ text: String, at location: SourceLocation, what: String, subject: String) -> Bound? {
        let rest = text.dropFirst(5)
        let dot = rest.firstIndex(of: ".")
        let name = String(rest[..<(dot ?? rest.endIndex)])
        guard let i = dataIndex[name] else {
            if hasUnreadableSource { return nil }
            log.error(
                "\(what) reads '\(text)', but there is no data source '\(name)'", at: location, subject: subject,
                suggestion: Suggestion.closest(to: name, in: dataDeclarations.map(\.name)).map { "data.\($0)" })
            return nil
        }
        if let dot, rest[rest.index(after: dot)...] != "data" {
            log.error(
                "\(what) reads '\(text)', but a data source has one output, 'data'", at: location, subject: subject,
                suggestion: "data.\(name)")
            return nil
        }
        usedData.insert(name)
        guard dataSources[i] != nil else { return nil }
        return .single(InputBinding.CollectionItem(ref: OutputRef(node: .data(name), port: "data"), labels: .init()))
    }
}

/// Producer instances grouped by their values on the keys a consumer shares with them, built
/// once per (producer, shared keys) so that binding N consumer instances costs O(N), not O(N·M).
struct FanInIndex {
    private struct Key: Hashable {
        var producer: Int
        var keys: [String]
    }
    private var tables = [Key: [[CanonicalValue]: [Int]]]()

    /// The instances of stage `p` whose values on `sharedKeys` equal `values` (normalised), in order.
    mutating func instances(
        of p: Int, sharedKeys: [String], values: [CanonicalValue], stages: [PipelineBuilder.StagePlan]
    ) -> [Int] {
        let key = Key(producer: p, keys: sharedKeys)
        if tables[key] == nil {
            var table = [[CanonicalValue]: [Int]]()
            for (j, instance) in stages[p].instances.enumerated() {
                var vs = [CanonicalValue]()
                vs.reserveCapacity(sharedKeys.count)
                for k in sharedKeys {
                    guard let v = instance.matrix[k] else { break }
                    vs.append(MatrixExpansion.normalized(v))
                }
                if vs.count == sharedKeys.count { table[vs, default: []].append(j) }
            }
            tables[key] = table
        }
        return tables[key]![values] ?? []
    }
}

/// Expands a `matrix:` into its combinations, with GitHub Actions semantics.
///
/// 1. The Cartesian product of the keys' values, the first key varying slowest.
/// 2. `exclude:` removes every combination that matches all key/value pairs of an entry
///    (an entry may name only some keys).
/// 3. `include:` is applied after `exclude:`. Each entry is added to every combination whose
///    values it does not contradict on the original keys (its other keys are added to the
///    combination; values added by an earlier `include:` may be overwritten). An entry that
///    fits no combination becomes a combination of its own.
///
/// Values compare numerically across integers and numbers (`1` matches `1.0`).
struct MatrixExpansion {
    typealias Entry = MatrixAssignment.Entry

    /// The keys and their values, in declaration order.
    var axes: [(key: String, values: [CanonicalValue])]
    var include: [[Entry]]
    var exclude: [[Entry]]

    /// The combinations, deduplicated, in order.
    func combinations() -> [MatrixAssignment] {
        var combos: [[Entry]] = axes.isEmpty ? [] : [[]]
        for axis in axes {
            var next = [[Entry]]()
            next.reserveCapacity(combos.count * axis.values.count)
            for c in combos {
                for v in axis.values { next.append(c + [Entry(key: axis.key, value: v)]) }
            }
            combos = next
        }
        if !exclude.isEmpty {
            combos.removeAll { c in exclude.contains { Self.matches(c, $0) } }
        }
        let original = Set(axes.map(\.key))
        var added = [[Entry]]()
        for entry in include {
            let fixed = entry.filter { original.contains($0.key) }
            let extra = entry.filter { !original.contains($0.key) }
            var fitted = false
            for i in combos.indices where Self.matches(combos[i], fixed) {
                fitted = true
                for e in extra {
                    if let j = combos[i].firstIndex(where: { $0.key == e.key }) {
                        combos[i][j].value = e.value
                    } else {
                        combos[i].append(e)
                    }
                }
            }
            if !fitted {
                let order = axes.map(\.key)
                let sorted = order.compactMap { k in fixed.first { $0.key == k } } + extra
                added.append(sorted)
            }
        }
        var seen = Set<[Entry]>()
        var result = [MatrixAssignment]()
        result.reserveCapacity(combos.count + added.count)
        for c in combos + added where seen.insert(c).inserted { result.append(MatrixAssignment(c)) }
        return result
    }

    /// Whether `combination` has every pair of `pattern` (numerically equal values match).
    static func matches(_ combination: [Entry], _ pattern: [Entry]) -> Bool {
        pattern.allSatisfy { p in combination.contains { $0.key == p.key && sameValue($0.value, p.value) } }
    }

    /// Equality with integers and numbers compared by value.
    static func sameValue(_ a: CanonicalValue, _ b: CanonicalValue) -> Bool {
        switch (a, b) {
        case (.int(let x), .double(let y)), (.double(let y), .int(let x)): return Double(x) == y
        default: return a == b
        }
    }

    /// A hashable stand-in for a value under ``sameValue(_:_:)`` (integers become numbers).
    static func normalized(_ v: CanonicalValue) -> CanonicalValue {
        if case .int(let i) = v { return .double(Double(i)) }
        return v
    }
}

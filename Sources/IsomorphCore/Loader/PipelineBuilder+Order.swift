extension PipelineBuilder {
    /// The stages in a topological order that keeps declaration order wherever dependencies
    /// allow (Kahn's algorithm taking the earliest-declared ready stage first). Stages on a
    /// cycle are reported, as `a -> b -> a` paths (each stage reads the next), and left out.
    func orderStages() -> [Int] {
        let n = stages.count
        var pending = [Int](repeating: 0, count: n)
        var dependents = [[Int]](repeating: [], count: n)
        for s in 0..<n {
            pending[s] = reads[s].count
            for p in reads[s] { dependents[p].append(s) }
        }
        var ready = MinHeap()
        for s in 0..<n where pending[s] == 0 { ready.push(s) }
        var order = [Int]()
        order.reserveCapacity(n)
        while let s = ready.pop() {
            order.append(s)
            for t in dependents[s] {
                pending[t] -= 1
                if pending[t] == 0 { ready.push(t) }
            }
        }
        if order.count < n { reportCycles(among: Set(0..<n).subtracting(order)) }
        return order
    }

    private func reportCycles(among remaining: Set<Int>) {
        enum Mark { case visiting, done }
        var marks = [Int: Mark]()
        var stack = [Int]()
        var reported = Set<[Int]>()
        func visit(_ s: Int) {
            marks[s] = .visiting
            stack.append(s)
            for p in reads[s].sorted() where remaining.contains(p) {
                switch marks[p] {
                case .visiting?:
                    let cycle = Array(stack[stack.lastIndex(of: p)!...])
                    let start = cycle.firstIndex(of: cycle.min()!)!
                    let rotated = Array(cycle[start...] + cycle[..<start])
                    if reported.insert(rotated).inserted {
                        let names = (rotated + [rotated[0]]).map { stages[$0].name }
                        log.error(
                            "dependency cycle: \(names.joined(separator: " -> "))",
                            at: stages[rotated[0]].declaration.keyLocation)
                    }
                case .done?: continue
                case nil: visit(p)
                }
            }
            stack.removeLast()
            marks[s] = .done
        }
        for s in remaining.sorted() where marks[s] == nil { visit(s) }
    }

    /// Warns about data sources nothing reads and parameters nothing uses.
    func warnAboutUnusedDeclarations() {
        for (i, d) in dataDeclarations.enumerated() where dataSources[i] != nil && !usedData.contains(d.name) {
            log.warning("data source '\(d.name)' is never read", at: d.keyLocation)
        }
        for d in parameterDeclarations where !usedParameters.contains(d.name) {
            log.warning("parameter '\(d.name)' is never used", at: d.keyLocation)
        }
    }
}

/// A binary min-heap of stage indices.
struct MinHeap {
    private var items = [Int]()

    mutating func push(_ x: Int) {
        items.append(x)
        var i = items.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard items[parent] > items[i] else { break }
            items.swapAt(parent, i)
            i = parent
        }
    }

    mutating func pop() -> Int? {
        guard let top = items.first else { return nil }
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            var i = 0
            while true {
                let l = 2 * i + 1
                let r = l + 1
                var m = i
                if l < items.count, items[l] < items[m] { m = l }
                if r < items.count, items[r] < items[m] { m = r }
                if m == i { break }
                items.swapAt(i, m)
                i = m
            }
        }
        return top
    }
}

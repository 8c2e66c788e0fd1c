/// Spearman (and rho-a) scores of many bootstrap samples over stimuli without re-sorting: each
/// RDM is sorted once, and a sample's weighted ranks (pair `(i, j)` counts `cᵢ·cⱼ` times) come
/// from one sequential pass over the sorted entries, fused with the products the correlation needs.
///
/// Used by ``RDMBootstrap`` when no RDM has missing pairs; the result equals
/// ``RDMComparison/score(_:_:method:weights:covariance:)`` with ``CondensedRDM/pairWeights(counts:)``
/// (and so rsatoolbox on the materialised sample) up to rounding.
struct SpearmanBootstrapKernel: Sendable {
    /// One RDM in sorted order: values, original positions, and the pair's two conditions.
    struct Sorted: Sendable {
        var values: [Double]
        var positions: [Int32]
        var first: [Int32]
        var second: [Int32]
    }

    let conditions: Int
    let models: [Sorted]
    let references: [Sorted]

    /// Prepares complete (no `NaN`) condensed RDMs of `conditions` conditions.
    init(models: [RDMVector], references: [RDMVector], conditions n: Int) {
        var pairFirst = [Int32](repeating: 0, count: CondensedRDM.pairCount(n))
        var pairSecond = pairFirst
        var k = 0
        for i in 0..<n {
            for j in (i + 1)..<n {
                pairFirst[k] = Int32(i)
                pairSecond[k] = Int32(j)
                k += 1
            }
        }
        func sorted(_ v: RDMVector) -> Sorted {
            precondition(
                !v.hasMissing && v.order.count == pairFirst.count, "SpearmanBootstrapKernel: complete RDMs only")
            return Sorted(
                values: v.order.map { v.values[Int($0)] }, positions: v.order,
                first: v.order.map { pairFirst[Int($0)] }, second: v.order.map { pairSecond[Int($0)] })
        }
        conditions = n
        self.models = models.map(sorted)
        self.references = references.map(sorted)
    }

    /// Scores `models × references` for one sample with condition counts `counts`.
    ///
    /// - Parameters:
    ///   - counts: How often each condition was drawn.
    ///   - rhoA: rho-a (`12·Σ w r̃ₐ r̃ᵦ/(W³ − W)`) instead of Spearman's r.
    ///   - buffer: Scratch of `N` doubles per reference (reused across calls).
    func scores(counts: [Int], rhoA: Bool, buffer: inout [[Double]]) -> Matrix {
        let c = counts.map(Double.init)
        let drawn = c.reduce(0, +)
        let total = (drawn * drawn - c.reduce(0) { $0 + $1 * $1 }) / 2  // Σ_{i<j} cᵢcⱼ
        let mean = (total + 1) / 2
        let pairs = CondensedRDM.pairCount(conditions)
        if buffer.count != references.count { buffer = references.map { _ in [Double](repeating: 0, count: pairs) } }
        var referenceSquares = [Double](repeating: 0, count: references.count)
        for (r, ref) in references.enumerated() {
            buffer[r].withUnsafeMutableBufferPointer { out in
                referenceSquares[r] = Self.rankPass(ref, counts: c, mean: mean) { position, weight, rank in
                    out[position] = rank
                    return weight * rank * rank
                }
            }
        }
        var result = Matrix.zeros(rows: models.count, columns: references.count)
        for (m, model) in models.enumerated() {
            for r in references.indices {
                var cross = 0.0
                let squares = buffer[r].withUnsafeBufferPointer { rb in
                    Self.rankPass(model, counts: c, mean: mean) { position, weight, rank in
                        cross += weight * rank * rb[position]
                        return weight * rank * rank
                    }
                }
                if rhoA {
                    let denominator = total * total * total - total
                    result[m, r] = denominator > 0 ? 12 * cross / denominator : 0
                } else {
                    let d = (squares * referenceSquares[r]).squareRoot()
                    result[m, r] = d > 0 ? cross / d : 0
                }
            }
        }
        return result
    }

    /// Walks one sorted RDM, giving each entry with positive weight its centered weighted rank;
    /// `visit(position, weight, rank)` returns a value that is summed and returned.
    @inline(__always)
    static func rankPass(
        _ s: Sorted, counts c: [Double], mean: Double, visit: (Int, Double, Double) -> Double
    ) -> Double {
        var accumulated = 0.0
        s.values.withUnsafeBufferPointer { v in
            s.positions.withUnsafeBufferPointer { pos in
                s.first.withUnsafeBufferPointer { fi in
                    s.second.withUnsafeBufferPointer { se in
                        c.withUnsafeBufferPointer { cb in
                            let count = v.count
                            var before = 0.0
                            var k = 0
                            while k < count {
                                let value = v[k]
                                if k + 1 == count || v[k + 1] != value {
                                    // A single entry (the common case).
                                    let w = cb[Int(fi[k])] * cb[Int(se[k])]
                                    if w > 0 {
                                        let rank = before + (w + 1) / 2 - mean
                                        accumulated += visit(Int(pos[k]), w, rank)
                                        before += w
                                    }
                                    k += 1
                                    continue
                                }
                                var end = k + 1
                                while end < count && v[end] == value { end += 1 }
                                var groupWeight = 0.0
                                for t in k..<end { groupWeight += cb[Int(fi[t])] * cb[Int(se[t])] }
                                let rank = before + (groupWeight + 1) / 2 - mean
                                for t in k..<end {
                                    let w = cb[Int(fi[t])] * cb[Int(se[t])]
                                    if w > 0 { accumulated += visit(Int(pos[t]), w, rank) }
                                }
                                before += groupWeight
                                k = end
                            }
                        }
                    }
                }
            }
        }
        return accumulated
    }
}

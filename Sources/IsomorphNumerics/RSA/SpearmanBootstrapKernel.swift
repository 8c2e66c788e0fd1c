/// Spearman (and rho-a) scores of many bootstrap samples over stimuli without re-sorting: each
/// RDM is sorted once, and a sample's weighted ranks (pair `(i, j)` counts `cᵢ·cⱼ` times) come
/// from one sequential pass over the sorted entries, fused with the products the correlation needs.
///
/// Used by ``RDMBootstrap`` when no RDM has missing pairs; the result equals
/// ``RDMComparison/score(_:_:method:weights:covariance:)`` with ``CondensedRDM/pairWeights(counts:)``
/// (and so rsatoolbox on the materialised sample) up to rounding.
struct SpearmanBootstrapKernel: Sendable {
    /// One RDM in sorted order: the original position of each entry, its pair's two conditions
    /// packed as `i << 16 | j`, and whether the next entry ties with it. Nine bytes per entry,
    /// read sequentially; the values themselves are not needed after sorting.
    struct Sorted: Sendable {
        var positions: [Int32]
        var pairs: [UInt32]
        var tiedWithNext: [UInt8]
    }

    let conditions: Int
    let models: [Sorted]
    let references: [Sorted]

    /// Whether the kernel applies: complete RDMs of at most 4,096 conditions. Centered weighted
    /// ranks are multiples of ½ below `W/2 ≤ n²/4` in magnitude, so for `n ≤ 4096` they are exact in
    /// `Float`, which halves the memory the random accesses touch.
    static func applies(to vectors: [RDMVector], conditions n: Int) -> Bool {
        n <= 4096 && !vectors.contains { $0.hasMissing }
    }

    /// Prepares complete (no `NaN`) condensed RDMs of `conditions` conditions.
    init(models: [RDMVector], references: [RDMVector], conditions n: Int) {
        var pairOf = [UInt32](repeating: 0, count: CondensedRDM.pairCount(n))
        var k = 0
        for i in 0..<n {
            for j in (i + 1)..<n {
                pairOf[k] = UInt32(i) << 16 | UInt32(j)
                k += 1
            }
        }
        func sorted(_ v: RDMVector) -> Sorted {
            precondition(!v.hasMissing && v.order.count == pairOf.count, "SpearmanBootstrapKernel: complete RDMs only")
            let count = v.order.count
            var tied = [UInt8](repeating: 0, count: count)
            for t in 0..<max(0, count - 1) where v.values[Int(v.order[t])] == v.values[Int(v.order[t + 1])] {
                tied[t] = 1
            }
            return Sorted(positions: v.order, pairs: v.order.map { pairOf[Int($0)] }, tiedWithNext: tied)
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
    ///   - buffer: Scratch of `N` ranks per reference (reused across calls).
    func scores(counts: [Int], rhoA: Bool, buffer: inout [[Float]]) -> Matrix {
        let c = counts.map(Double.init)
        let drawn = c.reduce(0, +)
        let total = (drawn * drawn - c.reduce(0) { $0 + $1 * $1 }) / 2  // Σ_{i<j} cᵢcⱼ
        let mean = (total + 1) / 2
        let pairs = CondensedRDM.pairCount(conditions)
        if buffer.count != references.count { buffer = references.map { _ in [Float](repeating: 0, count: pairs) } }
        var referenceSquares = [Double](repeating: 0, count: references.count)
        c.withUnsafeBufferPointer { cb in
            for (r, ref) in references.enumerated() {
                referenceSquares[r] = buffer[r].withUnsafeMutableBufferPointer { out in
                    Self.rankPass(ref, counts: cb, mean: mean, into: out.baseAddress!)
                }
            }
        }
        var result = Matrix.zeros(rows: models.count, columns: references.count)
        c.withUnsafeBufferPointer { cb in
            for (m, model) in models.enumerated() {
                for r in references.indices {
                    let (cross, squares) = buffer[r].withUnsafeBufferPointer { rb in
                        Self.rankDot(model, counts: cb, mean: mean, with: rb.baseAddress!)
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
        }
        return result
    }

    /// Writes each weighted entry's centered rank to `out[position]`; returns `Σ w·r²`.
    static func rankPass(
        _ s: Sorted, counts c: UnsafeBufferPointer<Double>, mean: Double, into out: UnsafeMutablePointer<Float>
    ) -> Double {
        var squares = 0.0
        s.positions.withUnsafeBufferPointer { pos in
            s.pairs.withUnsafeBufferPointer { pr in
                s.tiedWithNext.withUnsafeBufferPointer { tie in
                    let count = pos.count
                    var before = 0.0
                    var k = 0
                    while k < count {
                        if tie[k] == 0 {
                            let p = pr[k]
                            let w = c[Int(p >> 16)] * c[Int(p & 0xFFFF)]
                            if w > 0 {
                                let rank = before + (w + 1) / 2 - mean
                                out[Int(pos[k])] = Float(rank)
                                squares += w * rank * rank
                                before += w
                            }
                            k += 1
                            continue
                        }
                        var end = k + 1
                        while tie[end - 1] != 0 { end += 1 }
                        var groupWeight = 0.0
                        for t in k..<end { groupWeight += c[Int(pr[t] >> 16)] * c[Int(pr[t] & 0xFFFF)] }
                        let rank = before + (groupWeight + 1) / 2 - mean
                        for t in k..<end { out[Int(pos[t])] = Float(rank) }
                        squares += groupWeight * rank * rank
                        before += groupWeight
                        k = end
                    }
                }
            }
        }
        return squares
    }

    /// Ranks the entries of `s` as ``rankPass(_:counts:mean:into:)`` and returns
    /// `(Σ w·r·rb[position], Σ w·r²)`.
    static func rankDot(
        _ s: Sorted, counts c: UnsafeBufferPointer<Double>, mean: Double, with rb: UnsafePointer<Float>
    ) -> (Double, Double) {
        var cross = 0.0
        var squares = 0.0
        s.positions.withUnsafeBufferPointer { pos in
            s.pairs.withUnsafeBufferPointer { pr in
                s.tiedWithNext.withUnsafeBufferPointer { tie in
                    let count = pos.count
                    var before = 0.0
                    var k = 0
                    while k < count {
                        if tie[k] == 0 {
                            let p = pr[k]
                            let w = c[Int(p >> 16)] * c[Int(p & 0xFFFF)]
                            if w > 0 {
                                let rank = before + (w + 1) / 2 - mean
                                cross += w * rank * Double(rb[Int(pos[k])])
                                squares += w * rank * rank
                                before += w
                            }
                            k += 1
                            continue
                        }
                        var end = k + 1
                        while tie[end - 1] != 0 { end += 1 }
                        var groupWeight = 0.0
                        var groupCross = 0.0
                        for t in k..<end {
                            let w = c[Int(pr[t] >> 16)] * c[Int(pr[t] & 0xFFFF)]
                            groupWeight += w
                            if w > 0 { groupCross += w * Double(rb[Int(pos[t])]) }
                        }
                        let rank = before + (groupWeight + 1) / 2 - mean
                        cross += rank * groupCross
                        squares += groupWeight * rank * rank
                        before += groupWeight
                        k = end
                    }
                }
            }
        }
        return (cross, squares)
    }
}

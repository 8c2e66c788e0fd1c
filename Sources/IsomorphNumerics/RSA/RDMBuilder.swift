/// Computes an RDM (conditions × conditions) from a conditions × units matrix through BLAS, in
/// memory or out of core with bounded memory.
///
/// ### Algorithm
/// Every measure is a function of the inner products of prepared rows (see ``RDMMeasure``), so
/// the RDM is one Gram matrix `G = Z·Zᵀ`:
/// - **In memory** (the input fits in ``panelBytes``): one `syrk` over the whole matrix (half
///   the work of a `gemm`, exactly symmetric result), then distances from `G` and the row norms.
/// - **Out of core**: the rows are read in blocks of ``blockRows`` through a reader (an artifact's
///   `readRows`), never all at once. A *panel* of `B` rows (as many as fit in ``panelBytes``) is
///   held in memory while every row block streams past it; `gemm(panel, blockᵀ)` fills the panel's
///   rows of `G`, which become finished RDM rows and are handed to the writer before the next
///   panel. The input is read `⌈n/B⌉` times (plus once for column statistics).
///
/// ### Memory (out of core)
/// `8·B·p` (panel) + `8·b·p` (one streamed block) + `8·B·n` (the panel's RDM rows) bytes for `n`
/// conditions, `p` units, panel `B` and block `b`, plus `O(n + p)`. For 10,000 conditions ×
/// 100,000 units with a 2 GiB panel budget: `B = 2,684` rows, 4 passes over the input, about
/// 2.1 GiB + 205 MiB + 215 MiB; the 800 MB RDM itself is never held, it streams to the writer.
/// Work: `2·n²·p` flops (the symmetric half cannot be reused across panels without holding the
/// RDM); in memory `n²·p`.
///
/// ### Symmetry
/// The in-memory result is exactly symmetric. Out of core, entry `(i, j)` and `(j, i)` come from
/// different `gemm` calls and may differ in the last bits (relative 1e-15).
public struct RDMBuilder: Sendable {
    /// The dissimilarity measure.
    public var measure: RDMMeasure
    /// What is done to each unit before the distances.
    public var unitScaling: UnitScaling
    /// The most memory (bytes) the held rows may take; above it the computation goes out of core.
    public var panelBytes: Int
    /// Rows read per block from the reader.
    public var blockRows: Int

    /// Creates a builder.
    ///
    /// - Parameters:
    ///   - measure: The dissimilarity measure.
    ///   - unitScaling: Per-unit centering or standardisation before the distances.
    ///   - panelBytes: Memory for held rows (default 1 GiB).
    ///   - blockRows: Rows per streamed block (default 256).
    public init(measure: RDMMeasure, unitScaling: UnitScaling = .none, panelBytes: Int = 1 << 30, blockRows: Int = 256)
    {
        self.measure = measure
        self.unitScaling = unitScaling
        self.panelBytes = panelBytes
        self.blockRows = max(1, blockRows)
    }

    /// The RDM of the rows of `x` (in memory).
    ///
    /// - Parameter x: Conditions × units.
    /// - Returns: The `n × n` RDM.
    /// - Complexity: O(n²·p) through one `syrk`.
    public func rdm(_ x: Matrix) -> Matrix {
        var z = x
        columnTransform(moments: { x.columnMoments() })?.transform(inPlace: &z)
        let stats = measure.prepare(&z)
        var g = z.outerGram()
        measure.distances(fromGram: &g, rowStats: stats, columnStats: stats, rowOffset: 0, channels: x.columnCount)
        return g
    }

    /// Computes the RDM of `n` rows read through `read`, handing finished row blocks to `emit`
    /// in order (rows `0..<k`, then `k..<…`), with at most about ``panelBytes`` of rows in memory.
    ///
    /// - Parameters:
    ///   - n: The number of conditions (rows).
    ///   - p: The number of units (columns).
    ///   - read: Returns rows `range` as a `range.count × p` matrix.
    ///   - emit: Receives finished RDM rows `range` as a `range.count × n` matrix.
    ///   - progress: Receives the fraction done (0...1) after each block.
    /// - Throws: What `read`, `emit` or `progress` throw (cancellation).
    /// - Complexity: O(n²·p) in memory; O(2·n²·p) and `⌈n/B⌉ + 1` reads of the input out of core.
    public func compute(
        rows n: Int, columns p: Int, read: (Range<Int>) throws -> Matrix,
        emit: (Range<Int>, Matrix) throws -> Void, progress: (Double) throws -> Void = { _ in }
    ) throws {
        let blocks = stride(from: 0, to: n, by: blockRows).map { $0..<min(n, $0 + blockRows) }
        // Column statistics (a pass over the input) when the measure or the scaling needs them.
        var transform: ColumnStandardizer?
        if needsColumnStatistics {
            var acc = StreamingColumnMoments(columns: p)
            for range in blocks { acc.add(try read(range)) }
            transform = columnTransform(moments: { acc.moments })
        }
        func prepared(_ range: Range<Int>) throws -> (Matrix, PreparedRows) {
            var block = try read(range)
            precondition(
                block.rowCount == range.count && block.columnCount == p,
                "RDMBuilder: read(\(range)) returned \(block.rowCount)×\(block.columnCount), expected \(range.count)×\(p)"
            )
            transform?.transform(inPlace: &block)
            let stats = measure.prepare(&block)
            return (block, stats)
        }
        let panelRows = max(blockRows, panelBytes / max(1, 8 * p))
        if panelRows >= n {
            var parts = [Matrix]()
            var stats = PreparedRows(squaredNorms: [], degenerate: [])
            for (k, range) in blocks.enumerated() {
                let (block, s) = try prepared(range)
                parts.append(block)
                stats.squaredNorms += s.squaredNorms
                stats.degenerate += s.degenerate
                try progress(0.5 * Double(k + 1) / Double(blocks.count))
            }
            let z = Matrix.vstack(parts)
            parts = []
            var g = z.outerGram()
            measure.distances(fromGram: &g, rowStats: stats, columnStats: stats, rowOffset: 0, channels: p)
            for range in blocks { try emit(range, g.rows(range)) }
            try progress(1)
            return
        }
        // Out of core: panels of whole blocks.
        let blocksPerPanel = max(1, panelRows / blockRows)
        let panels = stride(from: 0, to: blocks.count, by: blocksPerPanel).map {
            Array(blocks[$0..<min(blocks.count, $0 + blocksPerPanel)])
        }
        var columnStats = PreparedRows(
            squaredNorms: [Double](repeating: 0, count: n), degenerate: [Bool](repeating: false, count: n))
        var done = 0
        let total = panels.count * blocks.count
        for panelBlocks in panels {
            let start = panelBlocks.first!.lowerBound
            let end = panelBlocks.last!.upperBound
            var parts = [Matrix]()
            var rowStats = PreparedRows(squaredNorms: [], degenerate: [])
            for range in panelBlocks {
                let (block, s) = try prepared(range)
                parts.append(block)
                rowStats.squaredNorms += s.squaredNorms
                rowStats.degenerate += s.degenerate
            }
            let panel = Matrix.vstack(parts)
            parts = []
            var g = Matrix.zeros(rows: panel.rowCount, columns: n)
            for range in blocks {
                let block: Matrix
                if range.lowerBound >= start && range.upperBound <= end {
                    block = panel.rows((range.lowerBound - start)..<(range.upperBound - start))
                    for i in range {
                        columnStats.squaredNorms[i] = rowStats.squaredNorms[i - start]
                        columnStats.degenerate[i] = rowStats.degenerate[i - start]
                    }
                } else {
                    let (b, s) = try prepared(range)
                    block = b
                    for (k, i) in range.enumerated() {
                        columnStats.squaredNorms[i] = s.squaredNorms[k]
                        columnStats.degenerate[i] = s.degenerate[k]
                    }
                }
                Self.gemmColumns(panel, block, into: &g, columnOffset: range.lowerBound)
                done += 1
                try progress(Double(done) / Double(total))
            }
            measure.distances(
                fromGram: &g, rowStats: rowStats, columnStats: columnStats, rowOffset: start, channels: p)
            for range in panelBlocks {
                try emit(range, g.rows((range.lowerBound - start)..<(range.upperBound - start)))
            }
        }
    }

    /// Whether a pass over the input for column statistics is needed.
    var needsColumnStatistics: Bool {
        if case .none = unitScaling { return measure.isEuclidean }
        return true
    }

    /// The column transform for the scaling (Euclidean measures always center; see ``RDMMeasure``).
    func columnTransform(moments: () -> ColumnMoments) -> ColumnStandardizer? {
        switch unitScaling {
        case .none:
            return measure.isEuclidean
                ? ColumnStandardizer(means: moments().means, standardDeviations: nil, ddof: nil) : nil
        case .center:
            return ColumnStandardizer(means: moments().means, standardDeviations: nil, ddof: nil)
        case .standardize(let ddof):
            let m = moments()
            var stds = m.standardDeviations(ddof: ddof)
            for j in stds.indices where m.isConstant[j] { stds[j] = 0 }
            return ColumnStandardizer(means: m.means, standardDeviations: stds, ddof: ddof)
        }
    }

    /// `g[:, offset ..< offset + b] = panel · blockᵀ` through one `gemm` on the sub-block of `g`.
    static func gemmColumns(_ panel: Matrix, _ block: Matrix, into g: inout Matrix, columnOffset: Int) {
        let (m, k, nb, ldc) = (panel.rowCount, panel.columnCount, block.rowCount, g.columnCount)
        guard m > 0, nb > 0, k > 0 else { return }
        panel.withUnsafeBufferPointer { a in
            block.withUnsafeBufferPointer { b in
                g.withUnsafeMutableBufferPointer { c in
                    Double.gemm(
                        transposeA: false, transposeB: true, m: m, n: nb, k: k, alpha: 1, a: a.baseAddress!, lda: k,
                        b: b.baseAddress!, ldb: k, beta: 0, c: c.baseAddress! + columnOffset, ldc: ldc)
                }
            }
        }
    }
}

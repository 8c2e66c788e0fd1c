extension DenseMatrix {
    /// Stacks matrices side by side (NumPy's `hstack`): the result has the common row count and
    /// the summed column count.
    ///
    /// - Parameter blocks: Matrices with equal row counts; `[]` gives a `0×0` matrix.
    /// - Precondition: the row counts agree.
    /// - Complexity: O(total elements), one contiguous copy per block row.
    @inlinable
    public static func hstack(_ blocks: [Self]) -> Self {
        guard let first = blocks.first else { return zeros(rows: 0, columns: 0) }
        let m = first.rowCount
        for (b, block) in blocks.enumerated() {
            precondition(
                block.rowCount == m,
                "hstack: block \(b) is \(block.rowCount)×\(block.columnCount), block 0 has \(m) rows")
        }
        let n = blocks.reduce(0) { $0 + $1.columnCount }
        return Self(rows: m, columns: n) { dst in
            var offset = 0
            for block in blocks where block.columnCount > 0 {
                let k = block.columnCount
                block.withUnsafeBufferPointer { src in
                    for i in 0..<m {
                        (dst.baseAddress! + i * n + offset).initialize(from: src.baseAddress! + i * k, count: k)
                    }
                }
                offset += k
            }
        }
    }

    /// Stacks matrices on top of each other (NumPy's `vstack`): the result has the common column
    /// count and the summed row count.
    ///
    /// - Parameter blocks: Matrices with equal column counts; `[]` gives a `0×0` matrix.
    /// - Precondition: the column counts agree.
    /// - Complexity: O(total elements).
    @inlinable
    public static func vstack(_ blocks: [Self]) -> Self {
        guard let first = blocks.first else { return zeros(rows: 0, columns: 0) }
        let n = first.columnCount
        for (b, block) in blocks.enumerated() {
            precondition(
                block.columnCount == n,
                "vstack: block \(b) is \(block.rowCount)×\(block.columnCount), block 0 has \(n) columns")
        }
        var elements: [Scalar] = []
        elements.reserveCapacity(blocks.reduce(0) { $0 + $1.count })
        for block in blocks { elements.append(contentsOf: block.storage) }
        return Self(rows: blocks.reduce(0) { $0 + $1.rowCount }, columns: n, elements: elements)
    }

    /// The matrix with a column of ones prepended (an intercept column for regression designs).
    @inlinable
    public func prependingOnesColumn() -> Self {
        Self.hstack([Self.ones(rows: rowCount, columns: 1), self])
    }
}

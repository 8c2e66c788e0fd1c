extension DenseMatrix {
    /// The values of row `i`.
    @inlinable
    public func row(_ i: Int) -> [Scalar] {
        precondition(i >= 0 && i < rowCount, "row(\(i)): out of range for a \(rowCount)×\(columnCount) matrix")
        return Array(storage[(i * columnCount)..<((i + 1) * columnCount)])
    }

    /// The values of column `j`.
    ///
    /// - Complexity: O(rows) with a stride of `columnCount`.
    @inlinable
    public func column(_ j: Int) -> [Scalar] {
        precondition(j >= 0 && j < columnCount, "column(\(j)): out of range for a \(rowCount)×\(columnCount) matrix")
        let n = columnCount
        return storage.withUnsafeBufferPointer { b in (0..<rowCount).map { b[$0 * n + j] } }
    }

    /// The diagonal `(0,0), (1,1), …` (`min(rows, columns)` values).
    @inlinable
    public var diagonal: [Scalar] {
        let n = columnCount
        return storage.withUnsafeBufferPointer { b in (0..<Swift.min(rowCount, columnCount)).map { b[$0 * n + $0] } }
    }

    /// The elements above the diagonal (and on it, if asked) in row-major order: NumPy's
    /// `a[np.triu_indices(n, k)]` and, for `k = 1`, the vector form of an RDM that
    /// `scipy.spatial.distance.squareform` produces.
    ///
    /// - Parameter includingDiagonal: Whether to include the diagonal (`k = 0`) or not (`k = 1`).
    /// - Precondition: the matrix is square.
    @inlinable
    public func upperTriangle(includingDiagonal: Bool = false) -> [Scalar] {
        precondition(isSquare, "upperTriangle: a \(rowCount)×\(columnCount) matrix is not square")
        let n = rowCount
        let k = includingDiagonal ? 0 : 1
        var values: [Scalar] = []
        values.reserveCapacity(Swift.max(0, n * (n + 1 - 2 * k) / 2))
        storage.withUnsafeBufferPointer { b in
            for i in 0..<n where i + k < n {
                values.append(contentsOf: b[(i * n + i + k)..<((i + 1) * n)])
            }
        }
        return values
    }

    /// Replaces the values of row `i`.
    @inlinable
    public mutating func setRow(_ i: Int, to values: [Scalar]) {
        precondition(i >= 0 && i < rowCount, "setRow(\(i)): out of range for a \(rowCount)×\(columnCount) matrix")
        precondition(values.count == columnCount, "setRow: \(values.count) values for \(columnCount) columns")
        storage.replaceSubrange((i * columnCount)..<((i + 1) * columnCount), with: values)
    }

    /// Replaces the values of column `j`.
    @inlinable
    public mutating func setColumn(_ j: Int, to values: [Scalar]) {
        precondition(j >= 0 && j < columnCount, "setColumn(\(j)): out of range for a \(rowCount)×\(columnCount) matrix")
        precondition(values.count == rowCount, "setColumn: \(values.count) values for \(rowCount) rows")
        let n = columnCount
        storage.withUnsafeMutableBufferPointer { b in
            for i in 0..<values.count { b[i * n + j] = values[i] }
        }
    }

    /// The contiguous block of rows `range` (one copy of contiguous memory).
    @inlinable
    public func rows(_ range: Range<Int>) -> Self {
        precondition(
            range.lowerBound >= 0 && range.upperBound <= rowCount,
            "rows(\(range)): out of range for a \(rowCount)×\(columnCount) matrix")
        let slice = storage[(range.lowerBound * columnCount)..<(range.upperBound * columnCount)]
        return Self(rows: range.count, columns: columnCount, elements: Array(slice))
    }

    /// The rows at `indices`, in that order (a gather; indices may repeat), as CV folds and
    /// bootstrap resamples need.
    ///
    /// - Complexity: O(indices.count · columns), one contiguous copy per row.
    @inlinable
    public func rows(at indices: some Collection<Int>) -> Self {
        let n = columnCount
        let rows = rowCount
        return Self(rows: indices.count, columns: n) { dst in
            storage.withUnsafeBufferPointer { src in
                var offset = 0
                for i in indices {
                    precondition(i >= 0 && i < rows, "rows(at:): index \(i) out of range for \(rows) rows")
                    if n > 0 {
                        (dst.baseAddress! + offset).initialize(from: src.baseAddress! + i * n, count: n)
                    }
                    offset += n
                }
            }
        }
    }

    /// The contiguous block of columns `range`.
    @inlinable
    public func columns(_ range: Range<Int>) -> Self {
        precondition(
            range.lowerBound >= 0 && range.upperBound <= columnCount,
            "columns(\(range)): out of range for a \(rowCount)×\(columnCount) matrix")
        return submatrix(rows: 0..<rowCount, columns: range)
    }

    /// The columns at `indices`, in that order (a gather; indices may repeat).
    ///
    /// - Complexity: O(rows · indices.count).
    @inlinable
    public func columns(at indices: some Collection<Int>) -> Self {
        let picks = Array(indices)
        for j in picks {
            precondition(j >= 0 && j < columnCount, "columns(at:): index \(j) out of range for \(columnCount) columns")
        }
        let n = columnCount
        let k = picks.count
        return Self(rows: rowCount, columns: k) { dst in
            storage.withUnsafeBufferPointer { src in
                for i in 0..<rowCount {
                    for c in 0..<k { dst[i * k + c] = src[i * n + picks[c]] }
                }
            }
        }
    }

    /// The block `rows × columns` (copied).
    @inlinable
    public func submatrix(rows: Range<Int>, columns: Range<Int>) -> Self {
        precondition(
            rows.lowerBound >= 0 && rows.upperBound <= rowCount && columns.lowerBound >= 0
                && columns.upperBound <= columnCount,
            "submatrix(rows: \(rows), columns: \(columns)): out of range for a \(rowCount)×\(columnCount) matrix")
        let n = columnCount
        let k = columns.count
        return Self(rows: rows.count, columns: k) { dst in
            guard k > 0 else { return }
            storage.withUnsafeBufferPointer { src in
                for (r, i) in rows.enumerated() {
                    (dst.baseAddress! + r * k).initialize(from: src.baseAddress! + i * n + columns.lowerBound, count: k)
                }
            }
        }
    }

    /// The rows whose `mask` entry is true (boolean indexing, like NumPy's `x[mask]`).
    @inlinable
    public func rows(where mask: [Bool]) -> Self {
        precondition(mask.count == rowCount, "rows(where:): mask has \(mask.count) entries for \(rowCount) rows")
        return rows(at: mask.indices.filter { mask[$0] })
    }

    /// The transpose, through OpenBLAS' cache-blocked `?omatcopy`.
    ///
    /// - Complexity: O(rows · columns).
    @inlinable
    public func transposed() -> Self {
        let (m, n) = (rowCount, columnCount)
        if m <= 1 || n <= 1 { return Self(rows: n, columns: m, elements: storage) }
        return Self(rows: n, columns: m) { dst in
            storage.withUnsafeBufferPointer { src in
                Scalar.transpose(
                    rows: m, columns: n, alpha: 1, a: src.baseAddress!, lda: n, b: dst.baseAddress!, ldb: m)
            }
        }
    }
}

extension DenseMatrix {
    /// Creates a matrix from its rows.
    ///
    /// - Parameter rows: Equally long rows; `[]` gives a `0×0` matrix.
    /// - Precondition: every row has the same length.
    @inlinable
    public init(rows: [[Scalar]]) {
        let columns = rows.first?.count ?? 0
        var elements: [Scalar] = []
        elements.reserveCapacity(rows.count * columns)
        for (i, row) in rows.enumerated() {
            precondition(
                row.count == columns, "DenseMatrix(rows:): row \(i) has \(row.count) values, row 0 has \(columns)")
            elements.append(contentsOf: row)
        }
        self.init(rows: rows.count, columns: columns, elements: elements)
    }

    /// Creates a matrix from its columns.
    ///
    /// - Parameter columns: Equally long columns; `[]` gives a `0×0` matrix.
    /// - Precondition: every column has the same length.
    @inlinable
    public init(columns: [[Scalar]]) {
        let rows = columns.first?.count ?? 0
        for (j, column) in columns.enumerated() {
            precondition(
                column.count == rows,
                "DenseMatrix(columns:): column \(j) has \(column.count) values, column 0 has \(rows)")
        }
        let n = columns.count
        self.init(rows: rows, columns: n) { buffer in
            for (j, column) in columns.enumerated() {
                for i in 0..<rows { buffer[i * n + j] = column[i] }
            }
        }
    }

    /// A one-column (`n×1`) matrix holding `vector`.
    @inlinable
    public init(column vector: [Scalar]) {
        self.init(rows: vector.count, columns: 1, elements: vector)
    }

    /// A one-row (`1×n`) matrix holding `vector`.
    @inlinable
    public init(row vector: [Scalar]) {
        self.init(rows: 1, columns: vector.count, elements: vector)
    }

    /// Creates a matrix whose element `(i, j)` is `value(i, j)`, filled row by row.
    @inlinable
    public init(rows: Int, columns: Int, _ value: (_ row: Int, _ column: Int) throws -> Scalar) rethrows {
        try self.init(rows: rows, columns: columns) { buffer in
            var k = 0
            for i in 0..<rows {
                for j in 0..<columns {
                    buffer[k] = try value(i, j)
                    k += 1
                }
            }
        }
    }

    /// A `rows×columns` matrix of zeros.
    @inlinable
    public static func zeros(rows: Int, columns: Int) -> Self {
        Self(rows: rows, columns: columns, repeating: 0)
    }

    /// A `rows×columns` matrix of ones.
    @inlinable
    public static func ones(rows: Int, columns: Int) -> Self {
        Self(rows: rows, columns: columns, repeating: 1)
    }

    /// The `n×n` identity matrix.
    @inlinable
    public static func identity(_ n: Int) -> Self {
        var m = zeros(rows: n, columns: n)
        m.withUnsafeMutableBufferPointer { b in
            for i in 0..<n { b[i * n + i] = 1 }
        }
        return m
    }

    /// The square matrix with `values` on its diagonal and zeros elsewhere.
    @inlinable
    public static func diagonal(_ values: [Scalar]) -> Self {
        let n = values.count
        var m = zeros(rows: n, columns: n)
        m.withUnsafeMutableBufferPointer { b in
            for i in 0..<n { b[i * n + i] = values[i] }
        }
        return m
    }

    /// A matrix of independent standard normal deviates drawn row by row from `generator`.
    ///
    /// The values depend only on the generator's state, so a seeded generator gives the same
    /// matrix on every run and machine (the `Float` version rounds the same `Double` deviates).
    @inlinable
    public static func randomNormal(rows: Int, columns: Int, using generator: inout SeededGenerator) -> Self {
        var values: [Scalar] = []
        values.reserveCapacity(rows * columns)
        for _ in 0..<(rows * columns) { values.append(Scalar(generator.nextNormal())) }
        return Self(rows: rows, columns: columns, elements: values)
    }

    /// A matrix of independent uniform deviates in [0, 1) drawn row by row from `generator`.
    @inlinable
    public static func randomUniform(rows: Int, columns: Int, using generator: inout SeededGenerator) -> Self {
        var values: [Scalar] = []
        values.reserveCapacity(rows * columns)
        for _ in 0..<(rows * columns) { values.append(Scalar(generator.nextUniform())) }
        return Self(rows: rows, columns: columns, elements: values)
    }

    /// The same elements in row-major order, viewed with another shape (no copy).
    ///
    /// - Precondition: `rows * columns == count`.
    @inlinable
    public func reshaped(rows: Int, columns: Int) -> Self {
        precondition(
            rows * columns == count,
            "reshaped: a \(rowCount)×\(columnCount) matrix cannot be viewed as \(rows)×\(columns)")
        return Self(rows: rows, columns: columns, elements: storage)
    }
}

extension DenseMatrix {
    /// Converts a matrix to another element type (`Float` ↔ `Double`) in one pass.
    ///
    /// `Double → Float` rounds to nearest (values beyond `Float`'s range become ±∞);
    /// `Float → Double` is exact.
    ///
    /// - Complexity: O(rows · columns).
    @inlinable
    public init<Source: MatrixScalar>(_ other: DenseMatrix<Source>) {
        if let same = other as? Self {
            self = same
            return
        }
        self.init(rows: other.rowCount, columns: other.columnCount) { dst in
            other.withUnsafeBufferPointer { src in
                for k in 0..<src.count { dst[k] = Scalar(src[k]) }
            }
        }
    }
}

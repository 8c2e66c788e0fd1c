/// Element-wise arithmetic. Matrix products are methods (`matmul`), never `*`, so that `*` always
/// means scaling and no reader confuses the two.
extension DenseMatrix {
    @inlinable @inline(__always)
    internal func checkSameShape(_ other: Self, _ operation: String) {
        precondition(
            rowCount == other.rowCount && columnCount == other.columnCount,
            "\(operation): shapes \(rowCount)×\(columnCount) and \(other.rowCount)×\(other.columnCount) differ")
    }

    /// Combines two equally shaped matrices element by element.
    @inlinable
    public func elementwise(_ other: Self, _ combine: (Scalar, Scalar) throws -> Scalar) rethrows -> Self {
        checkSameShape(other, "elementwise")
        return try Self(rows: rowCount, columns: columnCount) { dst in
            try storage.withUnsafeBufferPointer { a in
                try other.storage.withUnsafeBufferPointer { b in
                    for k in 0..<a.count { dst[k] = try combine(a[k], b[k]) }
                }
            }
        }
    }

    /// Applies `transform` to every element.
    @inlinable
    public func map(_ transform: (Scalar) throws -> Scalar) rethrows -> Self {
        try Self(rows: rowCount, columns: columnCount) { dst in
            try storage.withUnsafeBufferPointer { a in
                for k in 0..<a.count { dst[k] = try transform(a[k]) }
            }
        }
    }

    /// Applies `transform` to every element in place.
    @inlinable
    public mutating func mapInPlace(_ transform: (Scalar) throws -> Scalar) rethrows {
        try storage.withUnsafeMutableBufferPointer { a in
            for k in 0..<a.count { a[k] = try transform(a[k]) }
        }
    }

    /// The element-wise sum.
    @inlinable
    public static func + (lhs: Self, rhs: Self) -> Self {
        lhs.checkSameShape(rhs, "+")
        return lhs.elementwise(rhs, +)
    }

    /// The element-wise difference.
    @inlinable
    public static func - (lhs: Self, rhs: Self) -> Self {
        lhs.checkSameShape(rhs, "-")
        return lhs.elementwise(rhs, -)
    }

    /// Adds `rhs` element by element in place.
    @inlinable
    public static func += (lhs: inout Self, rhs: Self) {
        lhs.checkSameShape(rhs, "+=")
        lhs.storage.withUnsafeMutableBufferPointer { a in
            rhs.storage.withUnsafeBufferPointer { b in
                for k in 0..<a.count { a[k] += b[k] }
            }
        }
    }

    /// Subtracts `rhs` element by element in place.
    @inlinable
    public static func -= (lhs: inout Self, rhs: Self) {
        lhs.checkSameShape(rhs, "-=")
        lhs.storage.withUnsafeMutableBufferPointer { a in
            rhs.storage.withUnsafeBufferPointer { b in
                for k in 0..<a.count { a[k] -= b[k] }
            }
        }
    }

    /// The negated matrix.
    @inlinable
    public static prefix func - (m: Self) -> Self { m.map { -$0 } }

    /// Every element multiplied by `s`.
    @inlinable
    public static func * (s: Scalar, m: Self) -> Self { m.map { s * $0 } }

    /// Every element multiplied by `s`.
    @inlinable
    public static func * (m: Self, s: Scalar) -> Self { m.map { $0 * s } }

    /// Every element divided by `s`.
    @inlinable
    public static func / (m: Self, s: Scalar) -> Self { m.map { $0 / s } }

    /// Multiplies every element by `s` in place.
    @inlinable
    public static func *= (m: inout Self, s: Scalar) { m.mapInPlace { $0 * s } }

    /// Divides every element by `s` in place.
    @inlinable
    public static func /= (m: inout Self, s: Scalar) { m.mapInPlace { $0 / s } }

    /// The element-wise (Hadamard) product.
    @inlinable
    public func hadamard(_ other: Self) -> Self {
        checkSameShape(other, "hadamard")
        return elementwise(other, *)
    }

    /// `diag(factors) · self`: row `i` multiplied by `factors[i]`.
    ///
    /// With an SVD `X = U S Vᵀ` this is how ridge weights `V diag(s/(s²+α)) Uᵀ Y` are formed for many
    /// α without refactorising: `vt.matmul(uty.scalingRows(by: d), transposeSelf: true)`.
    @inlinable
    public func scalingRows(by factors: [Scalar]) -> Self {
        precondition(factors.count == rowCount, "scalingRows: \(factors.count) factors for \(rowCount) rows")
        let n = columnCount
        return Self(rows: rowCount, columns: n) { dst in
            storage.withUnsafeBufferPointer { a in
                for i in 0..<factors.count {
                    let f = factors[i]
                    for j in 0..<n { dst[i * n + j] = a[i * n + j] * f }
                }
            }
        }
    }

    /// `self · diag(factors)`: column `j` multiplied by `factors[j]`.
    @inlinable
    public func scalingColumns(by factors: [Scalar]) -> Self {
        precondition(
            factors.count == columnCount, "scalingColumns: \(factors.count) factors for \(columnCount) columns")
        let n = columnCount
        return Self(rows: rowCount, columns: n) { dst in
            storage.withUnsafeBufferPointer { a in
                factors.withUnsafeBufferPointer { f in
                    for i in 0..<rowCount {
                        for j in 0..<n { dst[i * n + j] = a[i * n + j] * f[j] }
                    }
                }
            }
        }
    }

    /// Adds `values[j]` to every element of column `j` (broadcasting a row vector, like NumPy's
    /// `x + v` for `v` of shape `(n,)`).
    @inlinable
    public func addingToEachRow(_ values: [Scalar]) -> Self {
        precondition(values.count == columnCount, "addingToEachRow: \(values.count) values for \(columnCount) columns")
        let n = columnCount
        return Self(rows: rowCount, columns: n) { dst in
            storage.withUnsafeBufferPointer { a in
                values.withUnsafeBufferPointer { v in
                    for i in 0..<rowCount {
                        for j in 0..<n { dst[i * n + j] = a[i * n + j] + v[j] }
                    }
                }
            }
        }
    }

    /// The sum of all elements (accumulated in `Double`).
    @inlinable
    public func sum() -> Double {
        storage.withUnsafeBufferPointer { a in
            var s = 0.0
            for x in a { s += Double(x) }
            return s
        }
    }

    /// The sum of the diagonal.
    @inlinable
    public var trace: Double { diagonal.reduce(0.0) { $0 + Double($1) } }

    /// The Frobenius norm `sqrt(Σ xᵢⱼ²)`, accumulated in `Double` with scaling so that neither
    /// huge nor tiny elements overflow or underflow (NaN if any element is NaN, ∞ if any is infinite).
    ///
    /// - Complexity: O(rows · columns).
    @inlinable
    public func frobeniusNorm() -> Double {
        storage.withUnsafeBufferPointer { a in
            var scale = 0.0
            for x in a {
                if x.isNaN { return .nan }
                scale = Swift.max(scale, Swift.abs(Double(x)))
            }
            guard scale > 0, scale.isFinite else { return scale }
            var s = 0.0
            for x in a {
                let r = Double(x) / scale
                s += r * r
            }
            return scale * s.squareRoot()
        }
    }

    /// The largest absolute element (0 for an empty matrix; NaN if any element is NaN).
    @inlinable
    public func maxAbs() -> Scalar {
        storage.withUnsafeBufferPointer { a in
            var m: Scalar = 0
            for x in a {
                if x.isNaN { return .nan }
                m = Swift.max(m, Swift.abs(x))
            }
            return m
        }
    }
}

/// The eigendecomposition `A = V · diag(λ) · Vᵀ` of a real symmetric matrix (LAPACK `dsyevd`,
/// the routine `numpy.linalg.eigh` uses).
///
/// Ordering is explicit: ``Order/ascending`` matches `numpy.linalg.eigh` and LAPACK;
/// ``Order/descending`` is what PCA, participation ratios and spectra usually want. Eigenvector
/// `i` is column `i` of ``eigenvectors`` and belongs to `eigenvalues[i]` in either order. Each
/// eigenvector is unique only up to sign (and up to rotation within a repeated eigenvalue).
public struct SymmetricEigendecomposition: Sendable, Hashable {
    /// The order of the eigenvalues (and of the matching eigenvector columns).
    public enum Order: Sendable, Hashable {
        /// Smallest first, as `numpy.linalg.eigh` and LAPACK return them.
        case ascending
        /// Largest first.
        case descending
    }

    /// The eigenvalues in the requested order.
    public let eigenvalues: [Double]
    /// The orthonormal eigenvectors as columns (`n×n`); column `i` belongs to `eigenvalues[i]`.
    public let eigenvectors: Matrix

    /// Creates a decomposition from its parts.
    public init(eigenvalues: [Double], eigenvectors: Matrix) {
        self.eigenvalues = eigenvalues
        self.eigenvectors = eigenvectors
    }

    /// `V · diag(λ) · Vᵀ`: the decomposed matrix, rebuilt (for checks).
    ///
    /// - Complexity: O(n³).
    public func reconstructed() -> Matrix {
        eigenvectors.scalingColumns(by: eigenvalues).matmul(eigenvectors, transposeOther: true)
    }
}

extension DenseMatrix where Scalar == Double {
    /// The eigenvalues and eigenvectors of this symmetric matrix (LAPACK `dsyevd`).
    ///
    /// Only the **lower triangle** (`i ≥ j`) is read, like `numpy.linalg.eigh(a)` with its default
    /// `UPLO='L'`; the strict upper triangle is ignored, so an almost-symmetric matrix (a covariance
    /// with rounding noise) needs no symmetrisation first.
    ///
    /// - Parameter order: ``SymmetricEigendecomposition/Order/ascending`` (NumPy's order) or `.descending`.
    /// - Throws: ``LinearAlgebraError`` if the matrix is not square (`.shapeMismatch`), holds
    ///   NaN/∞ (`.nonFiniteInput`), or the algorithm fails to converge (`.didNotConverge`).
    /// - Complexity: O(n³).
    public func symmetricEigen(
        order: SymmetricEigendecomposition.Order = .ascending
    ) throws(LinearAlgebraError)
        -> SymmetricEigendecomposition
    {
        let (values, columnMajorVectors) = try symmetricEigen(vectors: true)
        let n = rowCount
        // LAPACK leaves the eigenvectors as columns of a column-major buffer, i.e. as rows of our
        // row-major one: transpose once (and reverse the order for .descending).
        var vectors = Matrix(rows: n, columns: n, elements: columnMajorVectors).transposed()
        guard order == .descending else {
            return SymmetricEigendecomposition(eigenvalues: values, eigenvectors: vectors)
        }
        vectors = vectors.columns(at: (0..<n).reversed())
        return SymmetricEigendecomposition(eigenvalues: values.reversed(), eigenvectors: vectors)
    }

    /// The eigenvalues only of this symmetric matrix (LAPACK `dsyevd` with `jobz = 'N'`), reading the
    /// lower triangle as ``symmetricEigen(order:)``.
    ///
    /// - Parameter order: ``SymmetricEigendecomposition/Order/ascending`` (NumPy's `eigvalsh`) or `.descending`.
    /// - Throws: ``LinearAlgebraError`` as ``symmetricEigen(order:)``.
    /// - Complexity: O(n³), several times cheaper than with eigenvectors.
    public func symmetricEigenvalues(
        order: SymmetricEigendecomposition.Order = .ascending
    ) throws(LinearAlgebraError)
        -> [Double]
    {
        let values = try symmetricEigen(vectors: false).values
        return order == .ascending ? values : values.reversed()
    }

    private func symmetricEigen(vectors: Bool) throws(LinearAlgebraError) -> (values: [Double], vectors: [Double]) {
        let n = rowCount
        guard isSquare else {
            throw LinearAlgebraError(
                .symmetricEigen, rows: rowCount, columns: columnCount,
                reason: .shapeMismatch(detail: "the matrix is not square"))
        }
        try LAPACK.requireFinite(self, "matrix", .symmetricEigen, rows: n, columns: n)
        if n == 0 { return ([], []) }
        let ln = try LAPACK.int(n, "order", .symmetricEigen, rows: n, columns: n)
        _ = try LAPACK.int(n * n, "element count", .symmetricEigen, rows: n, columns: n)
        var a = storage
        var w = [Double](repeating: 0, count: n)
        // Column-major 'U' (i ≤ j) addresses our row-major lower triangle.
        let info = LAPACK.syevd(vectors: vectors, uplo: "U", n: ln, a: &a, lda: ln, w: &w)
        try LAPACK.check(info, .symmetricEigen, rows: n, columns: n) { _ in .didNotConverge }
        return (w, a)
    }
}

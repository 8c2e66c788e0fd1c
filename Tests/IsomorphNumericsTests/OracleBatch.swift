import IsomorphArrays
import IsomorphNumerics
import IsomorphTestSupport
import Testing

/// A batch of named cases for one numerics oracle script (`Tests/Oracles/numerics_*.py`), run in
/// one Python process. See `Tests/Oracles/numerics_common.py` for the protocol.
struct OracleBatch {
    private(set) var inputs = OrderedDictionary<String, NDArray>()

    /// One input field of a case.
    enum Field {
        case matrix(Matrix)
        case floatMatrix(FloatMatrix)
        case vector([Double])
        case scalar(Double)
        case integers([Int])
        case integer(Int)
        case text(String)
    }

    /// Adds a case: `op` is the oracle's operation, `fields` its named inputs.
    mutating func add(_ name: String, op: String, _ fields: KeyValuePairs<String, Field>) {
        precondition(!name.contains("__"), "case names must not contain '__'")
        inputs["\(name)__op"] = NDArray(scalar: op)
        for (key, field) in fields {
            let array: NDArray
            switch field {
            case .matrix(let m): array = NDArray(shape: [m.rowCount, m.columnCount], values: m.elements)
            case .floatMatrix(let m): array = NDArray(shape: [m.rowCount, m.columnCount], values: m.elements)
            case .vector(let v): array = NDArray(v)
            case .scalar(let x): array = NDArray(scalar: x)
            case .integers(let v): array = NDArray(v.map(Int64.init))
            case .integer(let x): array = NDArray(scalar: Int64(x))
            case .text(let s): array = NDArray(scalar: s)
            }
            inputs["\(name)__\(key)"] = array
        }
    }

    /// Runs the oracle script on every case.
    func run(_ script: String) throws -> OracleResults {
        OracleResults(arrays: try Oracle.run(script, inputs: inputs))
    }
}

/// The arrays an oracle wrote, looked up by case and output name.
struct OracleResults {
    let arrays: OrderedDictionary<String, NDArray>

    struct Missing: Error, CustomStringConvertible {
        let description: String
    }

    func array(_ name: String, _ key: String) throws -> NDArray {
        guard let a = arrays["\(name)__\(key)"] else { throw Missing(description: "oracle gave no \(name)__\(key)") }
        return a
    }

    /// A 2-D output as a `Matrix` (float32 outputs are widened exactly).
    func matrix(_ name: String, _ key: String) throws -> Matrix {
        let a = try array(name, key)
        guard a.rank == 2, let values = a.doubles else {
            throw Missing(
                description: "\(name)__\(key) has shape \(a.shape), dtype \(a.dtype); expected a 2-D number array")
        }
        return Matrix(rows: a.shape[0], columns: a.shape[1], elements: values)
    }

    /// A 1-D output.
    func vector(_ name: String, _ key: String) throws -> [Double] {
        let a = try array(name, key)
        guard a.rank == 1, let values = a.doubles else {
            throw Missing(description: "\(name)__\(key) has shape \(a.shape); expected a 1-D number array")
        }
        return values
    }

    /// A 0-d output.
    func scalar(_ name: String, _ key: String) throws -> Double {
        let a = try array(name, key)
        guard a.rank == 0, let values = a.doubles else {
            throw Missing(description: "\(name)__\(key) has shape \(a.shape); expected a scalar")
        }
        return values[0]
    }
}

/// Records an issue unless two matrices have the same shape and agree within `atol + rtol·|expected|`.
func expectMatrixClose<S: MatrixScalar, T: MatrixScalar>(
    _ actual: DenseMatrix<S>, _ expected: DenseMatrix<T>, rtol: Double, atol: Double, _ what: String,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    guard actual.rowCount == expected.rowCount && actual.columnCount == expected.columnCount else {
        Issue.record(
            "\(what): shape \(actual.rowCount)×\(actual.columnCount), expected \(expected.rowCount)×\(expected.columnCount)",
            sourceLocation: sourceLocation)
        return
    }
    expectAllClose(actual.elements, expected.elements, rtol: rtol, atol: atol, what, sourceLocation: sourceLocation)
}

/// Machine epsilon of `Double`, `2⁻⁵²`.
let eps = Double.ulpOfOne

/// Test matrices shared by the suites: seeded, described by name so failures say which one.
enum TestMatrices {
    /// A seeded standard normal matrix.
    static func normal(_ rows: Int, _ columns: Int, seed: UInt64) -> Matrix {
        var g = SeededGenerator(seed: seed)
        return .randomNormal(rows: rows, columns: columns, using: &g)
    }

    /// The `n×n` Hilbert matrix `1/(i + j + 1)`: symmetric positive definite and notoriously
    /// ill-conditioned (κ₂ ≈ 1.5e10 for n = 8, ≈ 1.7e16 for n = 12).
    static func hilbert(_ n: Int) -> Matrix {
        Matrix(rows: n, columns: n) { i, j in 1 / Double(i + j + 1) }
    }

    /// An `m×n` matrix of exact rank `r`: the product of seeded `m×r` and `r×n` normal factors.
    static func rankDeficient(_ m: Int, _ n: Int, rank r: Int, seed: UInt64) -> Matrix {
        normal(m, r, seed: seed).matmul(normal(r, n, seed: seed &+ 1))
    }

    /// A symmetric positive definite matrix `XᵀX + n·I` (well conditioned).
    static func spd(_ n: Int, seed: UInt64) -> Matrix {
        normal(2 * n, n, seed: seed).gram() + Double(n) * Matrix.identity(n)
    }

    /// The largest singular value of `m`, by LAPACK (for scaling tolerances).
    static func normTwo(_ m: Matrix) throws -> Double {
        try m.singularValues().first ?? 0
    }
}

/// Flips each column of `m` so that its largest-magnitude entry is positive: the sign convention
/// both sides are normalised to before singular/eigen vectors are compared.
func signNormalizedColumns(_ m: Matrix) -> Matrix {
    var out = m
    for j in 0..<m.columnCount {
        let col = m.column(j)
        guard let k = col.indices.max(by: { abs(col[$0]) < abs(col[$1]) }) else { continue }
        if col[k] < 0 { out.setColumn(j, to: col.map { -$0 }) }
    }
    return out
}

/// `‖a − b‖_F`.
func distance(_ a: Matrix, _ b: Matrix) -> Double { (a - b).frobeniusNorm() }

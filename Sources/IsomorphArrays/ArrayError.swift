/// Errors from building, converting, reading and writing arrays.
///
/// Each case carries the context needed to say what went wrong and where; `description` renders it.
public enum ArrayError: Error, Sendable, Equatable, CustomStringConvertible {
    /// An element count that does not fill a shape.
    case shapeMismatch(expected: Int, actual: Int, context: String)
    /// A shape with a negative extent.
    case invalidShape([Int])
    /// An axis list that is not valid for an array of `rank`.
    case invalidAxes([Int], rank: Int)
    /// An index outside `0..<extent`.
    case indexOutOfRange(Int, extent: Int)
    /// A dtype conversion that is not defined.
    case unsupportedConversion(from: DType, to: DType)
    /// A variable or coordinate whose dimensions disagree with the rest of the dataset.
    case dimensionMismatch(variable: String, dimension: String, expected: Int, actual: Int)
    /// A variable with a different number of dimension names than array axes.
    case rankMismatch(variable: String, dimensions: [String], shape: [Int])
    /// A name that is not allowed for a variable, coordinate or dimension.
    case invalidName(String, reason: String)
    /// A variable that the dataset does not contain.
    case missingVariable(String, available: [String])
    /// A malformed or unsupported file (.npy, .npz, .csv).
    case malformedFile(path: String, reason: String)
    /// An I/O failure on a file.
    case io(path: String, operation: String, reason: String)

    public var description: String {
        switch self {
        case .shapeMismatch(let expected, let actual, let context):
            return "\(actual) elements do not fill \(context) (\(expected) needed)"
        case .invalidShape(let shape):
            return "invalid shape \(shape): extents must be non-negative"
        case .invalidAxes(let axes, let rank):
            return "invalid axes \(axes) for an array of rank \(rank)"
        case .indexOutOfRange(let index, let extent):
            return "index \(index) is out of range 0..<\(extent)"
        case .unsupportedConversion(let from, let to):
            return "cannot convert \(from) to \(to)"
        case .dimensionMismatch(let variable, let dimension, let expected, let actual):
            return
                "variable '\(variable)' has length \(actual) along dimension '\(dimension)', "
                + "but the dataset has \(expected)"
        case .rankMismatch(let variable, let dimensions, let shape):
            return
                "variable '\(variable)' names \(dimensions.count) dimensions \(dimensions) for an array of shape \(shape)"
        case .invalidName(let name, let reason):
            return "invalid name '\(name)': \(reason)"
        case .missingVariable(let name, let available):
            return "no variable '\(name)' (available: \(available.joined(separator: ", ")))"
        case .malformedFile(let path, let reason):
            return "\(path): \(reason)"
        case .io(let path, let operation, let reason):
            return "cannot \(operation) '\(path)': \(reason)"
        }
    }
}

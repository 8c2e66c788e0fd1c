/// An error in the input of an RSA computation (RDMs, comparisons, ceilings, resampling).
public enum RSAError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Crossnobis needs at least two partitions (runs).
    case tooFewPartitions(Int)
    /// A condition has no observation in a partition, so that fold cannot be formed.
    case conditionMissingFromPartition(condition: Int, partition: Int)
    /// Two inputs that must agree in size do not.
    case sizeMismatch(what: String, expected: Int, actual: Int)
    /// A vector whose length is not `n(n−1)/2` for any `n`.
    case notCondensed(length: Int)
    /// Too few RDMs or conditions for the requested computation.
    case tooFew(what: String, minimum: Int, actual: Int)
    /// A parameter value outside its domain.
    case invalidArgument(String)

    public var description: String {
        switch self {
        case .tooFewPartitions(let k):
            return "crossnobis needs at least 2 partitions (runs); the data have \(k)"
        case .conditionMissingFromPartition(let c, let p):
            return
                "crossnobis: condition \(c) has no observation in partition \(p); every condition must occur in every partition"
        case .sizeMismatch(let what, let expected, let actual):
            return "\(what): expected \(expected), got \(actual)"
        case .notCondensed(let length):
            return "a condensed RDM vector has n(n−1)/2 entries; \(length) is not of that form"
        case .tooFew(let what, let minimum, let actual):
            return "\(what): need at least \(minimum), got \(actual)"
        case .invalidArgument(let text):
            return text
        }
    }
}

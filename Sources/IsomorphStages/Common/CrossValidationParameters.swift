import IsomorphArrays
import IsomorphCore
import IsomorphNumerics

/// The `cv:` parameter every cross-validating stage takes, one shape for all of them:
///
/// ```yaml
/// cv: { scheme: kfold, folds: 5, shuffle: false }
/// cv: { scheme: stratified-kfold, folds: 10, stratify: category }     # an auxiliary coordinate
/// cv: { scheme: leave-one-group-out, groups: run }
/// cv: { scheme: stratified-shuffle-split, splits: 10, test_fraction: 0.1, stratify: category }
/// cv: { scheme: kfold, folds: 5, shuffle: true, repeats: 3 }
/// cv: { scheme: explicit, tests: [[0, 1, 2], [3, 4, 5]] }
/// ```
/// `stratify` and `groups` name coordinates along the observation dimension of the stage's
/// main input (or the observation coordinate itself). The realised folds are stored in the
/// stage's output (see ``FoldRecord``).
public struct CrossValidationParameters: Codable, Hashable, Sendable {
    public var scheme: String
    public var folds: Int
    public var shuffle: Bool
    public var repeats: Int
    public var splits: Int
    public var test_fraction: Double
    public var stratify: String?
    public var groups: String?
    public var tests: [[Int]]?

    /// The schemes, as spelled in specs.
    public static let schemes = [
        "kfold", "stratified-kfold", "group-kfold", "leave-one-group-out", "shuffle-split",
        "stratified-shuffle-split", "explicit",
    ]

    /// A K-fold default, for stages that document another default.
    public init(
        scheme: String = "kfold", folds: Int = 5, shuffle: Bool = false, repeats: Int = 1, splits: Int = 10,
        test_fraction: Double = 0.1, stratify: String? = nil, groups: String? = nil, tests: [[Int]]? = nil
    ) {
        self.scheme = scheme
        self.folds = folds
        self.shuffle = shuffle
        self.repeats = repeats
        self.splits = splits
        self.test_fraction = test_fraction
        self.stratify = stratify
        self.groups = groups
        self.tests = tests
    }

    /// The documentation of the `cv` object's fields, with the given defaults.
    public static func docs(scheme: String = "kfold", folds: Int = 5, shuffle: Bool = false) -> [ParameterDoc] {
        [
            ParameterDoc("scheme", .choice(schemes), default: .string(scheme), "The cross-validation scheme."),
            ParameterDoc("folds", .int(min: 2), default: .int(folds), "Folds (K-fold schemes)."),
            ParameterDoc("shuffle", .bool, default: .bool(shuffle), "Shuffle before K-fold splitting (seeded)."),
            ParameterDoc("repeats", .int(min: 1), default: .int(1), "Repeat the scheme with independent shuffles."),
            ParameterDoc("splits", .int(min: 1), default: .int(10), "Splits (shuffle-split schemes)."),
            ParameterDoc(
                "test_fraction", .number(min: 0, max: 1), default: .double(0.1),
                "Held-out fraction (shuffle-split schemes)."),
            ParameterDoc(
                "stratify", .string, optional: true, "Coordinate holding class labels (stratified schemes)."),
            ParameterDoc("groups", .string, optional: true, "Coordinate holding group ids (group schemes)."),
            ParameterDoc("tests", .list(.list(.int(min: 0))), optional: true, "Test index lists (explicit scheme)."),
        ]
    }

    /// The splitter these parameters describe.
    /// - Throws: ``StageFailure`` naming the missing field (e.g. `explicit` without `tests`).
    public func splitter() throws -> Splitter {
        let base: Splitter
        switch scheme {
        case "kfold": base = .kFold(folds: folds, shuffle: shuffle)
        case "stratified-kfold": base = .stratifiedKFold(folds: folds, shuffle: shuffle)
        case "group-kfold": base = .groupKFold(folds: folds)
        case "leave-one-group-out": base = .leaveOneGroupOut
        case "shuffle-split": base = .shuffleSplit(splits: splits, testFraction: test_fraction)
        case "stratified-shuffle-split": base = .stratifiedShuffleSplit(splits: splits, testFraction: test_fraction)
        case "explicit":
            guard let tests else { throw StageFailure("cv scheme 'explicit' needs 'tests' (lists of test indices)") }
            base = .explicit(tests: tests)
        default: throw StageFailure("unknown cv scheme '\(scheme)'")
        }
        if scheme.hasPrefix("stratified"), stratify == nil {
            throw StageFailure("cv scheme '\(scheme)' needs 'stratify: COORDINATE' naming the class labels")
        }
        if scheme.contains("group"), groups == nil {
            throw StageFailure("cv scheme '\(scheme)' needs 'groups: COORDINATE' naming the group ids")
        }
        return repeats > 1 ? .repeated(base, repeats: repeats) : base
    }

    /// The splits of the observations of `dataset` (labels and groups read from its coordinates).
    /// - Parameters:
    ///   - count: Number of observations (after any join).
    ///   - coordinates: Where `stratify`/`groups` coordinates are looked up, already aligned to the observations.
    ///   - seed: The stage's seed.
    public func splits(count: Int, coordinates: [String: [String]], seed: UInt64) throws -> [Split] {
        func lookup(_ name: String?, _ role: String) throws -> [String]? {
            guard let name else { return nil }
            guard let values = coordinates[name] else {
                throw StageFailure(
                    "cv: no coordinate '\(name)' for '\(role)' (coordinates along the observations: "
                        + "\(coordinates.keys.sorted().joined(separator: ", ")))")
            }
            return values
        }
        do {
            return try splitter().splits(
                count: count, labels: lookup(stratify, "stratify"), groups: lookup(groups, "groups"), seed: seed)
        } catch let error as SplitError {
            throw StageFailure("cv: \(error.description)")
        }
    }

    /// The text values of every coordinate along `dimension` in `dataset` (for ``splits(count:coordinates:seed:)``).
    public static func observationCoordinates(of dataset: Dataset, dimension: String) -> [String: [String]] {
        var result = [String: [String]]()
        for (name, c) in dataset.coordinates where c.dimensions == [dimension] {
            result[name] = c.data.storage.textValues
        }
        return result
    }
}

/// Stores realised cross-validation splits in an artifact, so every score traces to its split.
public enum FoldRecord {
    /// Adds `fold_of` (observation → test fold, when the splits partition the observations) or
    /// `train_mask` (split × observation, 1 = train, 0 = test) to `dataset`.
    public static func add(
        _ splits: [Split], count: Int, observationDimension: String, to dataset: inout Dataset
    ) throws {
        if let fold = splits.foldAssignment(count: count) {
            try dataset.setVariable(
                "fold_of", Variable(dimensions: [observationDimension], data: NDArray(fold.map { Int32($0) })))
        } else {
            var mask = [UInt8](repeating: 0, count: splits.count * count)
            for (s, split) in splits.enumerated() { for i in split.train { mask[s * count + i] = 1 } }
            try dataset.setVariable(
                "train_mask",
                Variable(
                    dimensions: ["split", observationDimension],
                    data: NDArray(shape: [splits.count, count], values: mask)))
        }
    }
}

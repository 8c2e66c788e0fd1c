import IsomorphArrays
import IsomorphCore
import IsomorphNumerics

/// A representation read from an artifact: observations × features as a matrix, with the
/// observation labels and what the feature axis was made of (docs/conventions.md).
///
/// Activations, neural responses, voxel patterns and model latents all load through this type,
/// so every method sees the same orientation and the same labels.
public struct Representation: Sendable {
    /// Observations (rows) × features (columns), Float64.
    public var matrix: Matrix
    /// The observation dimension's name (`stimulus`).
    public var observationDimension: String
    /// The observation labels (the dimension coordinate), if the artifact has them.
    public var observationLabels: NDArray?
    /// The dimensions flattened into the feature axis, outermost first, and their lengths.
    public var featureDimensions: [(name: String, length: Int)]
    /// Labels of the feature axis when it is a single labelled dimension (unit or voxel ids).
    public var featureLabels: NDArray?
    /// The name of the variable read.
    public var variable: String

    /// Creates a representation from its parts.
    public init(
        matrix: Matrix, observationDimension: String = "stimulus", observationLabels: NDArray? = nil,
        featureDimensions: [(name: String, length: Int)]? = nil, featureLabels: NDArray? = nil, variable: String = "x"
    ) {
        self.matrix = matrix
        self.observationDimension = observationDimension
        self.observationLabels = observationLabels
        self.featureDimensions = featureDimensions ?? [("feature", matrix.columnCount)]
        self.featureLabels = featureLabels
        self.variable = variable
    }

    /// Number of observations.
    public var observationCount: Int { matrix.rowCount }
    /// Number of features.
    public var featureCount: Int { matrix.columnCount }

    /// The observation labels as text (`nil` if unlabelled).
    public var observationIDs: [String]? { observationLabels?.storage.textValues }

    /// Loads the representation in `dataset`.
    /// - Parameters:
    ///   - variable: The variable to read; `nil` = the only data variable.
    ///   - observations: The observation dimension; it is moved to the front if it is not first.
    ///   - port: The input port, for messages.
    /// - Throws: ``StageFailure`` naming the port, the variable and what is wrong.
    public static func load(
        from dataset: Dataset, variable: String? = nil, observations: String = "stimulus", port: String
    ) throws -> Representation {
        let name = try chooseVariable(in: dataset, variable, port: port)
        var v = dataset.variables[name]!
        guard v.dtype.isNumeric else {
            throw StageFailure("input '\(port)': variable '\(name)' holds strings, not numbers")
        }
        guard let axis = v.dimensions.firstIndex(of: observations) else {
            throw StageFailure(
                "input '\(port)': variable '\(name)' has no '\(observations)' dimension (dimensions: "
                    + "\(v.dimensions.joined(separator: ", "))); set 'observations:' to the one that indexes stimuli")
        }
        if axis != 0 {
            var perm = Array(0..<v.dimensions.count)
            perm.remove(at: axis)
            perm.insert(axis, at: 0)
            v = try Variable(dimensions: perm.map { v.dimensions[$0] }, data: v.data.transposed(perm))
        }
        let features = Array(zip(v.dimensions.dropFirst(), v.shape.dropFirst())).map { (name: $0.0, length: $0.1) }
        let featureLabels = features.count == 1 ? dataset.coordinates[features[0].name]?.data : nil
        return Representation(
            matrix: try v.data.matrix(), observationDimension: observations,
            observationLabels: dataset.coordinates[observations]?.data,
            featureDimensions: features.isEmpty ? [("feature", 1)] : features, featureLabels: featureLabels,
            variable: name)
    }

    /// Loads the representation bound to input `port`.
    public static func load(
        _ inputs: StageInputs, port: String, variable: String? = nil, observations: String = "stimulus"
    ) throws -> Representation {
        try load(from: inputs.dataset(port), variable: variable, observations: observations, port: port)
    }

    /// The data variable to read: `requested`, or the only one.
    public static func chooseVariable(in dataset: Dataset, _ requested: String?, port: String) throws -> String {
        let names = Array(dataset.variables.keys)
        if let requested {
            guard dataset.variables[requested] != nil else {
                let hint = Suggestion.closest(to: requested, in: names).map { ". Did you mean '\($0)'?" } ?? ""
                throw StageFailure(
                    "input '\(port)' has no variable '\(requested)' (variables: \(names.joined(separator: ", ")))\(hint)"
                )
            }
            return requested
        }
        guard names.count == 1 else {
            throw StageFailure(
                names.isEmpty
                    ? "input '\(port)' has no data variables"
                    : "input '\(port)' has \(names.count) variables (\(names.joined(separator: ", "))); "
                        + "set 'variable:' to choose one")
        }
        return names[0]
    }

    /// The observations at `indices`, in that order (labels follow).
    public func selecting(observations indices: [Int]) throws -> Representation {
        var copy = self
        copy.matrix = matrix.rows(at: indices)
        copy.observationLabels = try observationLabels?.selecting(rows: indices)
        return copy
    }

    /// A dataset holding `matrix` over (observation dimension, `featureDimension`), with this
    /// representation's observation labels and the given feature labels.
    public func dataset(
        variable name: String, _ matrix: Matrix, featureDimension: String, featureLabels: NDArray? = nil,
        attributes: Attributes = [:]
    ) throws -> Dataset {
        var labels = [String: NDArray]()
        if let observationLabels { labels[observationDimension] = observationLabels }
        if let featureLabels { labels[featureDimension] = featureLabels }
        return try Dataset(
            variable: name, dimensions: [observationDimension, featureDimension], data: NDArray(matrix),
            labels: labels, attributes: attributes)
    }
}

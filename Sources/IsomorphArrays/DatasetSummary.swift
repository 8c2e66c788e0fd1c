import OrderedCollections

/// What is known about one variable of an artifact without reading its values.
public struct VariableSummary: Sendable, Hashable {
    public var name: String
    public var dtype: DType
    public var dimensions: [String]
    public var shape: [Int]
    public var attributes: Attributes

    public init(name: String, dtype: DType, dimensions: [String], shape: [Int], attributes: Attributes = [:]) {
        self.name = name
        self.dtype = dtype
        self.dimensions = dimensions
        self.shape = shape
        self.attributes = attributes
    }
}

/// The structure of a dataset or an artifact file: its variables and coordinates, without values.
public struct DatasetSummary: Sendable, Hashable {
    public var variables: [VariableSummary]
    public var coordinates: [VariableSummary]
    public var attributes: Attributes

    public init(variables: [VariableSummary], coordinates: [VariableSummary], attributes: Attributes) {
        self.variables = variables
        self.coordinates = coordinates
        self.attributes = attributes
    }

    /// The summary of a dataset already in memory.
    public init(_ dataset: Dataset) {
        func summarize(_ pairs: [(key: String, value: Variable)]) -> [VariableSummary] {
            pairs.map {
                VariableSummary(
                    name: $0.key, dtype: $0.value.dtype, dimensions: $0.value.dimensions, shape: $0.value.shape,
                    attributes: $0.value.attributes)
            }
        }
        self.variables = summarize(Array(dataset.variables.elements))
        self.coordinates = summarize(Array(dataset.coordinates.elements))
        self.attributes = dataset.attributes
    }

    /// The data variable `name`.
    public func variable(_ name: String) -> VariableSummary? { variables.first { $0.name == name } }
}

import OrderedCollections

/// The logical content of an artifact: named variables over named dimensions, with coordinate
/// labels and attributes, as in an `xarray.Dataset` or a netCDF-4 file.
///
/// Data variables hold results (activations, RDMs, scores). Coordinates label axes: a coordinate
/// whose only dimension has its own name (`stimulus` over `stimulus`) is a *dimension
/// coordinate*; other coordinates are *auxiliary* (a `category` per stimulus). Dataset-level
/// ``attributes`` hold provenance and metadata and are not part of the content digest.
///
/// Every dimension has one length across all variables and coordinates; the initialiser and the
/// mutating setters enforce it.
public struct Dataset: Sendable, Hashable {
    /// Data variables, in insertion order.
    public private(set) var variables: OrderedDictionary<String, Variable>
    /// Coordinate variables, in insertion order.
    public private(set) var coordinates: OrderedDictionary<String, Variable>
    /// Dataset-level attributes (provenance, metadata). Not part of ``digest``.
    public var attributes: Attributes

    /// An empty dataset.
    public init() {
        self.variables = [:]
        self.coordinates = [:]
        self.attributes = [:]
    }

    /// Creates a dataset, checking names and dimension lengths.
    public init(
        variables: OrderedDictionary<String, Variable>,
        coordinates: OrderedDictionary<String, Variable> = [:],
        attributes: Attributes = [:]
    ) throws {
        self.init()
        self.attributes = attributes
        for (name, c) in coordinates { try setCoordinate(name, c) }
        for (name, v) in variables { try setVariable(name, v) }
    }

    /// A dataset with one data variable and labels for some of its dimensions.
    ///
    /// - Parameters:
    ///   - name: The variable name.
    ///   - dimensions: One name per axis of `data`.
    ///   - data: The values.
    ///   - labels: Coordinate labels per dimension (strings or numbers), each as long as its axis.
    public init(
        variable name: String, dimensions: [String], data: NDArray,
        labels: [String: NDArray] = [:], attributes: Attributes = [:]
    ) throws {
        self.init()
        self.attributes = attributes
        for dimension in dimensions {
            if let values = labels[dimension] {
                try setCoordinate(dimension, Variable(dimensions: [dimension], data: values))
            }
        }
        var v = try Variable(dimensions: dimensions, data: data)
        v.attributes = [:]
        try setVariable(name, v)
    }

    /// The length of every dimension, in order of first appearance (coordinates first).
    public var dimensions: OrderedDictionary<String, Int> {
        var dims = OrderedDictionary<String, Int>()
        for v in Array(coordinates.values) + Array(variables.values) {
            for (d, n) in zip(v.dimensions, v.shape) where dims[d] == nil { dims[d] = n }
        }
        return dims
    }

    /// Adds or replaces a data variable.
    /// - Throws: ``ArrayError`` if the name is invalid or a dimension length disagrees.
    public mutating func setVariable(_ name: String, _ variable: Variable) throws {
        try Dataset.checkName(name)
        guard variable.dimensions.count == variable.data.rank else {
            throw ArrayError.rankMismatch(variable: name, dimensions: variable.dimensions, shape: variable.shape)
        }
        if coordinates[name] != nil {
            throw ArrayError.invalidName(name, reason: "a coordinate has this name")
        }
        try checkDimensions(of: variable, named: name, replacing: variables[name])
        variables[name] = variable
    }

    /// Adds or replaces a coordinate variable.
    /// - Throws: ``ArrayError`` if the name is invalid or a dimension length disagrees.
    public mutating func setCoordinate(_ name: String, _ coordinate: Variable) throws {
        try Dataset.checkName(name)
        guard coordinate.dimensions.count == coordinate.data.rank else {
            throw ArrayError.rankMismatch(
                variable: name, dimensions: coordinate.dimensions, shape: coordinate.shape)
        }
        if variables[name] != nil {
            throw ArrayError.invalidName(name, reason: "a data variable has this name")
        }
        if coordinate.dimensions.contains(name) && coordinate.dimensions != [name] {
            throw ArrayError.invalidName(
                name, reason: "a coordinate named after a dimension must be one-dimensional over it")
        }
        try checkDimensions(of: coordinate, named: name, replacing: coordinates[name])
        coordinates[name] = coordinate
    }

    /// Removes a data variable, returning it.
    @discardableResult
    public mutating func removeVariable(_ name: String) -> Variable? {
        variables.removeValue(forKey: name)
    }

    /// The data variable `name`.
    /// - Throws: ``ArrayError/missingVariable(_:available:)`` naming the variables there are.
    public func variable(_ name: String) throws -> Variable {
        guard let v = variables[name] else {
            throw ArrayError.missingVariable(name, available: Array(variables.keys))
        }
        return v
    }

    /// The labels of `dimension` as text, from its dimension coordinate; `nil` if it has none.
    public func labels(of dimension: String) -> [String]? {
        guard let c = coordinates[dimension], c.dimensions == [dimension] else { return nil }
        return c.data.storage.textValues
    }

    /// The data variables and coordinates that use `dimension`.
    public func users(of dimension: String) -> [String] {
        allEntries.filter { $0.value.dimensions.contains(dimension) }.map(\.key)
    }

    /// Coordinates then data variables, as (name, variable) pairs.
    public var allEntries: [(key: String, value: Variable)] {
        Array(coordinates.elements) + Array(variables.elements)
    }

    /// Checks that a name can be a variable, coordinate or dimension name in an artifact.
    public static func checkName(_ name: String) throws {
        if name.isEmpty { throw ArrayError.invalidName(name, reason: "names must not be empty") }
        if name.contains("/") { throw ArrayError.invalidName(name, reason: "names must not contain '/'") }
        if name.unicodeScalars.contains(where: { $0.value < 0x20 }) {
            throw ArrayError.invalidName(name, reason: "names must not contain control characters")
        }
        if name == "." || name == ".." { throw ArrayError.invalidName(name, reason: "reserved name") }
        if name.hasPrefix("_") {
            throw ArrayError.invalidName(name, reason: "names starting with '_' are reserved for the file format")
        }
    }

    private func checkDimensions(of variable: Variable, named name: String, replacing old: Variable?) throws {
        // Lengths as they are without the variable being replaced.
        var current = OrderedDictionary<String, Int>()
        for (other, v) in allEntries where !(other == name && old != nil) {
            for (d, n) in zip(v.dimensions, v.shape) where current[d] == nil { current[d] = n }
        }
        for (d, n) in zip(variable.dimensions, variable.shape) {
            try Dataset.checkName(d)
            if variables[d] != nil && d != name {
                throw ArrayError.invalidName(d, reason: "a data variable has this name, so it cannot be a dimension")
            }
            if let expected = current[d], expected != n {
                throw ArrayError.dimensionMismatch(variable: name, dimension: d, expected: expected, actual: n)
            }
        }
        if Set(variable.dimensions).count != variable.dimensions.count {
            throw ArrayError.invalidName(name, reason: "dimension names \(variable.dimensions) repeat")
        }
    }
}

import OrderedCollections

/// An array with named dimensions and attributes: one variable of a ``Dataset``.
///
/// A variable whose single dimension has the variable's own name is a *dimension coordinate*:
/// it labels that axis (stimulus ids, unit ids, subject ids).
public struct Variable: Sendable, Hashable {
    /// One name per array axis, outermost first.
    public var dimensions: [String]
    /// The values.
    public var data: NDArray
    /// Metadata such as units or a description.
    public var attributes: Attributes

    /// Creates a variable.
    /// - Throws: ``ArrayError/rankMismatch(variable:dimensions:shape:)`` if the number of names
    ///   differs from the rank of `data`.
    public init(dimensions: [String], data: NDArray, attributes: Attributes = [:]) throws {
        guard dimensions.count == data.rank else {
            throw ArrayError.rankMismatch(variable: "?", dimensions: dimensions, shape: data.shape)
        }
        self.dimensions = dimensions
        self.data = data
        self.attributes = attributes
    }

    /// A one-dimensional variable of typed values along `dimension`.
    public init<T: ArrayElement>(_ dimension: String, _ values: [T], attributes: Attributes = [:]) {
        self.dimensions = [dimension]
        self.data = NDArray(values)
        self.attributes = attributes
    }

    /// The variable's shape.
    public var shape: [Int] { data.shape }
    /// The variable's element type.
    public var dtype: DType { data.dtype }
    /// The extent of `dimension`, if the variable has it.
    public func length(of dimension: String) -> Int? {
        dimensions.firstIndex(of: dimension).map { data.shape[$0] }
    }
}

import IsomorphArrays
import IsomorphCore
import IsomorphNumerics

/// RDMs read from an artifact (docs/conventions.md "RDMs"): a variable whose last two dimensions
/// are square (the conditions, `stimulus` × `stimulus_2`), possibly a stack of RDMs over leading
/// dimensions (`subject`, `session`, `layer`), held as condensed vectors (the upper triangle,
/// row-major, as `scipy.spatial.distance.squareform`) in row-major stack order.
struct RDMStack: Sendable {
    /// The variable read.
    var variable: String
    /// The leading (stack) dimensions and their lengths, outermost first.
    var stackDimensions: [(name: String, length: Int)]
    /// Labels of the stack dimensions that have them.
    var stackLabels: [String: NDArray]
    /// The condition labels (the coordinate of the first square dimension), if any.
    var conditionLabels: NDArray?
    /// The number of conditions.
    var conditionCount: Int
    /// One condensed RDM per stack element.
    var vectors: [[Double]]
    /// The artifact's `distance` attribute, if any.
    var distance: String?

    /// The number of RDMs in the stack.
    var count: Int { vectors.count }

    /// Loads the RDMs of `dataset` (input `port`, for messages).
    ///
    /// - Throws: ``StageFailure`` when the variable is missing or ambiguous, its last two
    ///   dimensions differ in length, or the matrices are clearly not symmetric (a sign of wrong axes).
    static func load(from dataset: Dataset, variable requested: String?, port: String) throws -> RDMStack {
        let name = try Representation.chooseVariable(in: dataset, requested, port: port)
        let v = dataset.variables[name]!
        guard v.dimensions.count >= 2, v.shape[v.shape.count - 1] == v.shape[v.shape.count - 2] else {
            throw StageFailure(
                "input '\(port)': variable '\(name)' is not an RDM: its last two dimensions "
                    + "(\(v.dimensions.suffix(2).joined(separator: ", ")) of lengths "
                    + "\(v.shape.suffix(2).map(String.init).joined(separator: ", "))) must have equal length")
        }
        guard let values = v.data.doubles else {
            throw StageFailure("input '\(port)': variable '\(name)' holds strings, not dissimilarities")
        }
        let n = v.shape[v.shape.count - 1]
        let stack = Array(zip(v.dimensions.dropLast(2), v.shape.dropLast(2))).map { (name: $0.0, length: $0.1) }
        let count = stack.reduce(1) { $0 * $1.length }
        var vectors = [[Double]]()
        vectors.reserveCapacity(count)
        for k in 0..<count {
            let m = Matrix(rows: n, columns: n, elements: Array(values[(k * n * n)..<((k + 1) * n * n)]))
            var worst = 0.0
            var scale = 0.0
            for i in 0..<n {
                for j in (i + 1)..<n {
                    let (a, b) = (m[i, j], m[j, i])
                    if a.isNaN != b.isNaN { worst = .infinity }
                    if !a.isNaN && !b.isNaN {
                        worst = max(worst, abs(a - b))
                        scale = max(scale, abs(a))
                    }
                }
            }
            guard worst <= 1e-6 * max(scale, 1e-300) else {
                throw StageFailure(
                    "input '\(port)': RDM \(k) of variable '\(name)' is not symmetric (largest |d(i,j) − d(j,i)| = \(worst)); "
                        + "check that its last two dimensions are the two stimulus axes")
            }
            vectors.append(CondensedRDM.vector(m))
        }
        var stackLabels = [String: NDArray]()
        for d in stack {
            if let c = dataset.coordinates[d.name], c.dimensions == [d.name] { stackLabels[d.name] = c.data }
        }
        let conditionDimension = v.dimensions[v.dimensions.count - 2]
        return RDMStack(
            variable: name, stackDimensions: stack, stackLabels: stackLabels,
            conditionLabels: dataset.coordinates[conditionDimension]?.data, conditionCount: n, vectors: vectors,
            distance: v.attributes["distance"]?.stringValue ?? dataset.attributes["distance"]?.stringValue)
    }

    /// The RDMs restricted to, and reordered by, the conditions `order`.
    func selecting(conditions order: [Int]) throws -> RDMStack {
        if order == Array(0..<conditionCount) { return self }
        var copy = self
        copy.vectors = vectors.map { CondensedRDM.subsample($0, conditions: conditionCount, indices: order) }
        copy.conditionLabels = try conditionLabels?.selecting(rows: order)
        copy.conditionCount = order.count
        return copy
    }

    /// Text labels of the stack elements (`"BE/1"` for subject BE, session 1), in stack order.
    var elementLabels: [String] {
        var labels = [""]
        for d in stackDimensions {
            let names = stackLabels[d.name]?.storage.textValues ?? (0..<d.length).map(String.init)
            labels = labels.flatMap { prefix in names.map { prefix.isEmpty ? $0 : prefix + "/" + $0 } }
        }
        return labels
    }

    /// The group of each RDM: its index along the stack dimension `dimension` (the subject),
    /// or its own index when the stack has no such dimension.
    func groups(by dimension: String) -> (groups: [Int], count: Int, labels: [String]) {
        guard let axis = stackDimensions.firstIndex(where: { $0.name == dimension }) else {
            return (Array(0..<count), count, elementLabels)
        }
        let inner = stackDimensions[(axis + 1)...].reduce(1) { $0 * $1.length }
        let length = stackDimensions[axis].length
        let labels = stackLabels[dimension]?.storage.textValues ?? (0..<length).map(String.init)
        return ((0..<count).map { ($0 / inner) % length }, length, labels)
    }

    /// Aligns the conditions of several RDM stacks by their labels (``ObservationJoin``'s rules:
    /// equal label sets, or `join: intersection`, or positional), so that condition `i` is the
    /// same stimulus in every stack.
    ///
    /// - Throws: ``StageFailure`` listing the ids missing on each side.
    static func align(_ named: [(port: String, stack: RDMStack)], mode: JoinMode) throws -> [RDMStack] {
        // Join proxies whose only column is the original condition index.
        let proxies = named.map { item in
            (
                port: item.port,
                representation: Representation(
                    matrix: Matrix(column: (0..<item.stack.conditionCount).map(Double.init)),
                    observationLabels: item.stack.conditionLabels)
            )
        }
        let joined = try ObservationJoin.align(proxies, mode: mode)
        return try zip(named, joined.representations).map { item, proxy in
            try item.stack.selecting(conditions: proxy.matrix.column(0).map { Int($0) })
        }
    }

    /// An RDM artifact: `rdm` over `[stack dims…, stimulus, stimulus_2]` with the labels, and a
    /// `distance` attribute (docs/conventions.md).
    static func dataset(
        vectors: [[Double]], conditions n: Int, stack: [(name: String, length: Int)], stackLabels: [String: NDArray],
        conditionLabels: NDArray?, distance: String, attributes: Attributes = [:]
    ) throws -> Dataset {
        var values = [Double]()
        values.reserveCapacity(vectors.count * n * n)
        for v in vectors { values += CondensedRDM.matrix(v).elements }
        var labels = stackLabels
        if let conditionLabels {
            labels["stimulus"] = conditionLabels
            labels["stimulus_2"] = conditionLabels
        }
        var d = try Dataset(
            variable: "rdm", dimensions: stack.map(\.name) + ["stimulus", "stimulus_2"],
            data: NDArray(shape: stack.map(\.length) + [n, n], values: values), labels: labels)
        var v = d.variables["rdm"]!
        v.attributes["distance"] = .string(distance)
        try d.setVariable("rdm", v)
        for (k, value) in attributes { d.attributes[k] = value }
        return d
    }
}

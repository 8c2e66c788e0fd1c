import Foundation
import IsomorphArrays

/// Streams one artifact to disk: coordinates whole, data variables in row blocks along their
/// first axis, so outputs larger than memory are written with bounded memory. The content digest
/// is computed while writing and equals ``IsomorphArrays/Dataset/digest`` of the same content,
/// whatever the block sizes.
///
/// ```swift
/// let writer = try ArtifactWriter(path: tmp)
/// try writer.setCoordinate("stimulus", Variable("stimulus", ids))
/// try writer.beginVariable("act", dtype: .float32, dimensions: ["stimulus", "unit"], shape: [n, d], attributes: [:])
/// for block in blocks { try writer.append("act", rows: block) }
/// let digest = try writer.finish()        // or writer.abort() on failure
/// ```
///
/// The file follows the netCDF-4 data model (see `docs/Architecture.md`): dimension scales for
/// every dimension, zstd-compressed chunks of whole rows, the digest as root attribute
/// `isomorph_digest`. Dimension scales are attached in ``finish()``, so coordinates may be set
/// before or after the variables that use their dimension.
public final class ArtifactWriter {
    /// The artifact's path.
    public let path: String
    /// The options it is written with.
    public let options: ArtifactWriteOptions

    private enum State { case open, finished, aborted }

    private final class Entry {
        let dataset: HDF5Dataset
        let dtype: DType
        let dimensions: [String]
        let shape: [Int]
        let digester: VariableDigester?
        /// Set for numeric variables chunked in whole rows: appends compress chunks in parallel.
        var layout: WholeRowZstdLayout?
        /// Compressed chunks of one append, reused across appends.
        let scratch = ChunkScratch()
        var digest: ContentDigest?
        var rowsWritten = 0

        init(dataset: HDF5Dataset, dtype: DType, dimensions: [String], shape: [Int], digester: VariableDigester?) {
            self.dataset = dataset
            self.dtype = dtype
            self.dimensions = dimensions
            self.shape = shape
            self.digester = digester
        }

        /// Rows along the first axis (1 for a scalar variable).
        var rowCount: Int { shape.first ?? 1 }
        var isComplete: Bool { shape.contains(0) || rowsWritten == rowCount }
    }

    private var file: HDF5File?
    private var state = State.open
    private var dimensionLengths = OrderedDictionary<String, Int>()
    private var coordinates = OrderedDictionary<String, Entry>()
    private var variables = OrderedDictionary<String, Entry>()

    /// Creates the artifact file.
    /// - Throws: ``HDF5Error`` of kind `fileExists` if `path` exists (unless
    ///   ``ArtifactWriteOptions/overwrite``), `invalidArgument` for a bad level or chunk size.
    public init(path: String, options: ArtifactWriteOptions = .init()) throws {
        self.path = path
        self.options = options
        guard (1...22).contains(options.compressionLevel) else {
            throw HDF5Error(
                .invalidArgument, file: path, operation: "create artifact",
                reason: "zstd level \(options.compressionLevel) is outside 1...22")
        }
        guard options.chunkTargetBytes >= 1 else {
            throw HDF5Error(
                .invalidArgument, file: path, operation: "create artifact",
                reason: "chunk target \(options.chunkTargetBytes) bytes is not positive")
        }
        file = try HDF5File.create(path, options: HDF5FileOptions(overwrite: options.overwrite))
    }

    deinit {
        if state == .open { try? file?.close() }
    }

    /// Writes a coordinate variable (labels) whole.
    /// - Throws: ``HDF5Error`` of kind `invalidArgument` for an invalid or taken name, a
    ///   dimension whose length disagrees, or a reserved attribute name.
    public func setCoordinate(_ name: String, _ coordinate: Variable) throws {
        let operation = "write coordinate"
        let root = try openRoot(operation, object: name)
        try checkNewName(name, dimensions: coordinate.dimensions, shape: coordinate.shape, operation: operation)
        if coordinate.dimensions.contains(name) && coordinate.dimensions != [name] {
            throw invalid(name, operation, "a coordinate named after a dimension must be one-dimensional over it")
        }
        if dimensionLengths[name] != nil && coordinate.dimensions != [name] {
            throw invalid(
                name, operation, "'\(name)' is a dimension, so a coordinate with its name must be over it alone")
        }
        if coordinate.dimensions != [name] && name.contains(where: \.isWhitespace) {
            throw invalid(
                name, operation, "auxiliary coordinate names cannot contain spaces (netCDF lists them space-separated)")
        }
        try checkAttributes(coordinate.attributes, object: name, operation: operation)
        let dataset = try createDataset(in: root, name, dtype: coordinate.dtype, shape: coordinate.shape)
        let entry = Entry(
            dataset: dataset, dtype: coordinate.dtype, dimensions: coordinate.dimensions, shape: coordinate.shape,
            digester: nil)
        coordinates[name] = entry
        register(coordinate.dimensions, coordinate.shape)
        try setAttributes(coordinate.attributes, on: dataset)
        if coordinate.data.count > 0 { try dataset.write(coordinate.data) }
        entry.rowsWritten = entry.rowCount
        entry.digest = coordinate.digest
    }

    /// Sets a dataset-level (root) attribute: provenance, not part of the digest.
    /// - Throws: ``HDF5Error`` of kind `invalidArgument` for a name the format reserves
    ///   (`isomorph_digest`, `coordinates`, `_NCProperties`, `_Netcdf4…`).
    public func setAttribute(_ name: String, _ value: AttributeValue) throws {
        let root = try openRoot("write attribute", object: nil)
        guard NetCDFConventions.isUserRootAttribute(name) else {
            throw HDF5Error(
                .invalidArgument, file: path, object: "/", attribute: name, operation: "write",
                reason: "the name is reserved by the artifact format")
        }
        try root.setAttribute(name, value)
    }

    /// Declares a data variable whose rows will be appended in order with ``append(_:rows:)``.
    /// - Parameters:
    ///   - name: The variable's name.
    ///   - dtype: Its element type.
    ///   - dimensions: One name per axis.
    ///   - shape: Its full shape (the first axis is the one rows are appended along).
    ///   - attributes: Its attributes (part of its digest).
    public func beginVariable(
        _ name: String, dtype: DType, dimensions: [String], shape: [Int], attributes: Attributes
    ) throws {
        let operation = "begin variable"
        let root = try openRoot(operation, object: name)
        guard dimensions.count == shape.count else {
            throw invalid(name, operation, "\(dimensions.count) dimension names \(dimensions) for shape \(shape)")
        }
        guard shape.allSatisfy({ $0 >= 0 }) else { throw invalid(name, operation, "negative extent in shape \(shape)") }
        try checkNewName(name, dimensions: dimensions, shape: shape, operation: operation)
        if dimensionLengths[name] != nil {
            throw invalid(name, operation, "a data variable cannot have the name of a dimension")
        }
        try checkAttributes(attributes, object: name, operation: operation)
        let dataset = try createDataset(in: root, name, dtype: dtype, shape: shape)
        let digester = VariableDigester(dtype: dtype, dimensions: dimensions, shape: shape, attributes: attributes)
        variables[name] = Entry(
            dataset: dataset, dtype: dtype, dimensions: dimensions, shape: shape, digester: digester)
        register(dimensions, shape)
        try setAttributes(attributes, on: dataset)
    }

    /// Appends the next rows of `variable`: an array of the variable's dtype whose shape is the
    /// variable's shape with any number of rows first. A scalar variable takes one rank-0 array.
    /// - Throws: ``HDF5Error`` of kind `objectNotFound` for an undeclared variable,
    ///   `typeMismatch` for another dtype, `shapeMismatch` for a row shape that differs or rows
    ///   beyond the declared count.
    /// - Complexity: Writes and digests only these rows; memory stays bounded by one chunk row.
    public func append(_ variable: String, rows: NDArray) throws {
        let operation = "append rows to variable"
        _ = try openRoot(operation, object: variable)
        guard let entry = variables[variable] else {
            throw HDF5Error(
                .objectNotFound, file: path, object: "/" + variable, operation: operation,
                reason: "no variable was begun with this name (begun: \(variables.keys.joined(separator: ", ")))")
        }
        guard rows.dtype == entry.dtype else {
            throw HDF5Error(
                .typeMismatch, file: path, object: "/" + variable, operation: operation,
                reason: "rows of \(rows.dtype) for a variable of \(entry.dtype)")
        }
        func shapeError(_ reason: String) -> HDF5Error {
            HDF5Error(.shapeMismatch, file: path, object: "/" + variable, operation: operation, reason: reason)
        }
        if entry.shape.isEmpty {
            guard rows.rank == 0 else {
                throw shapeError("a scalar variable takes one rank-0 array, not shape \(rows.shape)")
            }
            guard entry.rowsWritten == 0 else { throw shapeError("the scalar variable is already written") }
            entry.digester?.append(rows.storage)
            try entry.dataset.write(rows)
            entry.rowsWritten = 1
            return
        }
        guard rows.rank == entry.shape.count, Array(rows.shape.dropFirst()) == Array(entry.shape.dropFirst()) else {
            throw shapeError("rows of shape \(rows.shape) for a variable of shape \(entry.shape)")
        }
        let n = rows.shape[0]
        guard entry.rowsWritten + n <= entry.rowCount else {
            throw shapeError("\(n) rows after \(entry.rowsWritten) exceed the declared \(entry.rowCount)")
        }
        guard n > 0 else { return }
        if let layout = entry.layout, rows.count > 0 {
            switch rows.storage {
            case .float32(let v): try appendCompressing(v, to: entry, layout: layout)
            case .float64(let v): try appendCompressing(v, to: entry, layout: layout)
            case .int32(let v): try appendCompressing(v, to: entry, layout: layout)
            case .int64(let v): try appendCompressing(v, to: entry, layout: layout)
            case .uint8(let v): try appendCompressing(v, to: entry, layout: layout)
            case .string: break
            }
        } else {
            entry.digester?.append(rows.storage)
            if rows.count > 0 { try entry.dataset.writeRows(rows, at: entry.rowsWritten) }
        }
        entry.rowsWritten += n
    }

    /// Completes the artifact: checks every variable is complete, attaches dimension scales,
    /// writes the netCDF-4 bookkeeping and the digest (root attribute `isomorph_digest`),
    /// flushes and closes the file.
    /// - Returns: The content digest, equal to `Dataset.digest` of the same content.
    /// - Throws: ``HDF5Error`` of kind `invalidState` if a variable is incomplete (the file stays
    ///   open: call ``abort()``).
    public func finish() throws -> ContentDigest {
        let operation = "finish artifact"
        let root = try openRoot(operation, object: nil)
        let incomplete = variables.filter { !$0.value.isComplete }
        guard incomplete.isEmpty else {
            let list = incomplete.map { "'\($0.key)' has \($0.value.rowsWritten) of \($0.value.rowCount) rows" }
            throw HDF5Error(.invalidState, file: path, operation: operation, reason: list.joined(separator: ", "))
        }
        let dimensionIDs = Dictionary(uniqueKeysWithValues: dimensionLengths.keys.enumerated().map { ($1, Int32($0)) })
        var scales = [String: HDF5Dataset]()
        var phantoms = [HDF5Dataset]()
        defer { for p in phantoms { try? p.close() } }
        for (dimension, length) in dimensionLengths {
            let scale: HDF5Dataset
            if let coordinate = coordinates[dimension], coordinate.dimensions == [dimension] {
                scale = coordinate.dataset
                try scale.makeDimensionScale(name: dimension)
            } else {
                scale = try root.createDataset(dimension, type: .numeric(.float32), shape: [length])
                phantoms.append(scale)
                try scale.makeDimensionScale(name: NetCDFConventions.phantomName(length: length))
            }
            try scale.setAttribute(NetCDFConventions.dimidAttribute, values: [dimensionIDs[dimension]!], scalar: true)
            scales[dimension] = scale
        }
        let auxiliary = coordinates.filter { $0.value.dimensions != [$0.key] }
        var unclaimed = Set(auxiliary.keys)
        for (name, entry) in Array(coordinates.elements) + Array(variables.elements) {
            for (axis, dimension) in entry.dimensions.enumerated() where !(entry.dimensions == [name]) {
                try entry.dataset.attachDimensionScale(scales[dimension]!, axis: axis)
            }
            if !entry.dimensions.isEmpty {
                try entry.dataset.setAttribute(
                    NetCDFConventions.coordinatesIDsAttribute, values: entry.dimensions.map { dimensionIDs[$0]! })
            }
        }
        for (_, entry) in variables {
            let dims = Set(entry.dimensions)
            let listed = auxiliary.filter { Set($0.value.dimensions).isSubset(of: dims) }.map(\.key)
            guard !listed.isEmpty else { continue }
            unclaimed.subtract(listed)
            try entry.dataset.setAttribute(
                NetCDFConventions.coordinatesAttribute, .string(listed.joined(separator: " ")))
        }
        if !unclaimed.isEmpty {
            let names = auxiliary.keys.filter { unclaimed.contains($0) }
            try root.setAttribute(NetCDFConventions.coordinatesAttribute, .string(names.joined(separator: " ")))
        }
        for (_, entry) in variables where entry.digest == nil {
            entry.digest = entry.digester?.finalize()
        }
        let digest = Dataset.combine(
            coordinates: coordinates.map { ($0.key, $0.value.digest!) },
            variables: variables.map { ($0.key, $0.value.digest!) })
        try root.setFixedStringAttribute(
            NetCDFConventions.propertiesAttribute, NetCDFConventions.properties(hdf5Version: HDF5Library.version))
        try root.setAttribute(NetCDFConventions.digestAttribute, .string(digest.hex))
        try closeAll()
        state = .finished
        return digest
    }

    /// Closes and deletes the partial file. Safe to call in any state; does nothing after
    /// ``finish()`` succeeded.
    public func abort() {
        guard state == .open else { return }
        state = .aborted
        try? closeAll()
        try? FileManager.default.removeItem(atPath: path)
    }

    // MARK: - Helpers

    /// Appends rows of a whole-row zstd variable: full chunks compress on ``ArtifactWriteOptions/threads``
    /// cores while the rows are digested alongside.
    private func appendCompressing<T: HDF5Numeric & NumericArrayElement>(
        _ values: [T], to entry: Entry, layout: WholeRowZstdLayout
    ) throws {
        let threads = options.threads ?? ProcessInfo.processInfo.activeProcessorCount
        try values.withUnsafeBufferPointer { buffer in
            let digester = entry.digester
            try entry.dataset.writeRows(
                buffer, at: entry.rowsWritten, layout: layout, threads: threads, scratch: entry.scratch,
                alongside: digester.map { d in { d.append(buffer) } })
        }
    }

    private func openRoot(_ operation: String, object: String?) throws -> HDF5Group {
        guard state == .open, let file, !file.isClosed else {
            let what = state == .finished ? "finished" : "aborted"
            throw HDF5Error(
                .invalidState, file: path, object: object.map { "/" + $0 }, operation: operation,
                reason: "the writer is \(what)")
        }
        return file.root
    }

    private func invalid(_ name: String, _ operation: String, _ reason: String) -> HDF5Error {
        HDF5Error(.invalidArgument, file: path, object: "/" + name, operation: operation, reason: reason)
    }

    /// Checks a new variable or coordinate name and its dimensions against what was written.
    private func checkNewName(_ name: String, dimensions: [String], shape: [Int], operation: String) throws {
        do {
            try Dataset.checkName(name)
            for d in dimensions { try Dataset.checkName(d) }
        } catch let error as ArrayError {
            throw invalid(name, operation, "\(error)")
        }
        if coordinates[name] != nil || variables[name] != nil {
            throw invalid(name, operation, "a variable or coordinate with this name was already written")
        }
        if Set(dimensions).count != dimensions.count {
            throw invalid(name, operation, "dimension names \(dimensions) repeat")
        }
        for (d, n) in zip(dimensions, shape) {
            if variables[d] != nil {
                throw invalid(name, operation, "dimension '\(d)' has the name of a data variable")
            }
            if let c = coordinates[d], c.dimensions != [d] {
                throw invalid(name, operation, "dimension '\(d)' has the name of an auxiliary coordinate")
            }
            if let expected = dimensionLengths[d], expected != n {
                throw invalid(name, operation, "dimension '\(d)' has length \(n) here but \(expected) elsewhere")
            }
        }
    }

    private func checkAttributes(_ attributes: Attributes, object: String, operation: String) throws {
        for key in attributes.keys where !NetCDFConventions.isUserVariableAttribute(key) {
            throw HDF5Error(
                .invalidArgument, file: path, object: "/" + object, attribute: key, operation: operation,
                reason: "the name is reserved by netCDF-4 and dimension scales")
        }
    }

    private func register(_ dimensions: [String], _ shape: [Int]) {
        for (d, n) in zip(dimensions, shape) where dimensionLengths[d] == nil { dimensionLengths[d] = n }
    }

    private func setAttributes(_ attributes: Attributes, on dataset: HDF5Dataset) throws {
        for (key, value) in attributes { try dataset.setAttribute(key, value) }
    }

    /// Creates a variable's dataset: chunked in whole rows and zstd-compressed unless scalar or
    /// empty, with a chunk cache holding one band of chunks so partial-chunk appends compress
    /// each chunk once. String variables are chunked but not filtered: HDF5 refuses filters on
    /// variable-length types (a chunk would hold only references into the file's global heap).
    private func createDataset(in root: HDF5Group, _ name: String, dtype: DType, shape: [Int]) throws -> HDF5Dataset {
        let type = HDF5StorageType(dtype)
        let elementBytes = NetCDFConventions.storedElementBytes(type)
        var datasetOptions = HDF5DatasetOptions()
        if let chunks = NetCDFConventions.chunkShape(
            for: shape, elementBytes: elementBytes, targetBytes: options.chunkTargetBytes)
        {
            datasetOptions.chunks = chunks
            datasetOptions.zstdLevel = dtype == .string ? nil : options.compressionLevel
            let chunkBytes = chunks.reduce(elementBytes, *)
            let bandBytes = chunks[0] * shape.dropFirst().reduce(elementBytes, *)
            datasetOptions.chunkCacheBytes = max(1 << 20, bandBytes + chunkBytes)
        }
        return try root.createDataset(name, type: type, shape: shape, options: datasetOptions)
    }

    private func closeAll() throws {
        for entry in Array(coordinates.values) + Array(variables.values) { try entry.dataset.close() }
        if let file {
            try file.flush()
            try file.close()
        }
    }
}

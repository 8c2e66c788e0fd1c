import Foundation
import IsomorphArrays
import IsomorphCore
import OrderedCollections

/// Imports a data source (`data:`) into a dataset: one data variable named after the source,
/// with the declared axis names and coordinate labels, and the file's dtype.
///
/// `.npy` (any dtype NumPy's reader supports), `.npz` (the `variable:` array, or the only one),
/// CSV (a numeric table; a header row labels the columns, a text first column the rows), and
/// HDF5/netCDF/MATLAB v7.3 files through the artifact codec's foreign-file reader.
enum DataImporter {
    static func importDataset(_ source: DataSource) throws -> Dataset {
        var dataset: Dataset
        switch source.format {
        case .npy:
            dataset = try single(NPY.read(contentsOf: source.path), source: source)
        case .npz:
            let arrays = try NPZ.read(contentsOf: source.path)
            let name: String
            if let v = source.variable {
                name = v
            } else if arrays.count == 1 {
                name = arrays.keys[0]
            } else {
                throw DataImportError(
                    source: source,
                    reason: "the archive holds \(arrays.count) arrays (\(arrays.keys.joined(separator: ", "))); "
                        + "say which with 'variable:'")
            }
            guard let array = arrays[name] else {
                throw DataImportError(
                    source: source, reason: "no array '\(name)' (available: \(arrays.keys.joined(separator: ", ")))")
            }
            dataset = try single(array, source: source)
        case .csv:
            let table = try CSVImport.read(contentsOf: source.path)
            var values = table.values
            if source.axes?.count == 1, values.shape[1] == 1 { values = try values.reshaped([values.shape[0]]) }
            dataset = try single(values, source: source)
            let dims = try dataset.variable(source.name).dimensions
            if let rows = table.rowLabels, source.coordinates[dims[0]] == nil {
                try dataset.setCoordinate(dims[0], Variable(dims[0], rows))
            }
            if dims.count == 2, let columns = table.columnLabels, source.coordinates[dims[1]] == nil {
                try dataset.setCoordinate(dims[1], Variable(dims[1], columns))
            }
        case .hdf5, .mat:
            switch try ArtifactCodec.importForeign(
                source.path, variable: source.variable, matlab: source.format == .mat)
            {
            case .array(let array): dataset = try single(array, source: source)
            case .dataset(let foreign):
                guard foreign.variables.count == 1 else {
                    throw DataImportError(
                        source: source,
                        reason: "the file holds \(foreign.variables.count) variables "
                            + "(\(foreign.variables.keys.joined(separator: ", "))); say which with 'variable:'")
                }
                dataset = try renamed(foreign, axes: source.axes, source: source)
            }
        }
        for (axis, labels) in source.coordinates.sorted(by: { $0.key < $1.key }) {
            let values = try coordinate(labels, source: source)
            let length = dataset.dimensions[axis]
            guard let length else {
                throw DataImportError(
                    source: source,
                    reason: "coords: no axis '\(axis)' (axes: \(dataset.dimensions.keys.joined(separator: ", ")))")
            }
            guard values.count == length else {
                throw DataImportError(
                    source: source, reason: "coords: \(values.count) labels for axis '\(axis)' of length \(length)")
            }
            try dataset.setCoordinate(axis, Variable(dimensions: [axis], data: values))
        }
        dataset.attributes["isomorph_source"] = .string(source.declaredPath)
        return dataset
    }

    /// A dataset holding `array` as the variable named after the source.
    private static func single(_ array: NDArray, source: DataSource) throws -> Dataset {
        let axes = source.axes ?? (0..<array.rank).map { "dim_\($0)" }
        guard axes.count == array.rank else {
            throw DataImportError(
                source: source,
                reason: "axes names \(axes.count) axes (\(axes.joined(separator: ", "))) for an array of shape "
                    + "\(array.shape)")
        }
        do {
            return try Dataset(variable: source.name, dimensions: axes, data: array)
        } catch {
            throw DataImportError(source: source, reason: "\(error)")
        }
    }

    /// A foreign file's only variable, named after the source, with its dimensions renamed to
    /// the declared axes (if any); coordinates follow their dimensions.
    private static func renamed(_ dataset: Dataset, axes declared: [String]?, source: DataSource) throws -> Dataset {
        guard let (_, v) = dataset.variables.elements.first else { return dataset }
        let axes = declared ?? v.dimensions
        guard v.dimensions.count == axes.count else {
            throw DataImportError(
                source: source, reason: "axes names \(axes.count) axes for a variable of shape \(v.shape)")
        }
        var out = Dataset()
        let mapping = Dictionary(uniqueKeysWithValues: zip(v.dimensions, axes))
        for (cname, c) in dataset.coordinates {
            let dims = c.dimensions.map { mapping[$0] ?? $0 }
            let newName = c.dimensions == [cname] ? dims[0] : cname
            try out.setCoordinate(newName, Variable(dimensions: dims, data: c.data, attributes: c.attributes))
        }
        try out.setVariable(source.name, Variable(dimensions: axes, data: v.data, attributes: v.attributes))
        out.attributes = dataset.attributes
        return out
    }

    /// Coordinate labels from the spec: all integers → int64, all numbers → float64, else strings;
    /// a label file holds one label per line, or is an `.npy` array.
    private static func coordinate(_ source: DataSource.CoordinateSource, source data: DataSource) throws -> NDArray {
        switch source {
        case .inline(let values):
            if values.allSatisfy({ $0.intValue != nil }) { return NDArray(values.map { Int64($0.intValue!) }) }
            if values.allSatisfy({ $0.doubleValue != nil }) { return NDArray(values.map { $0.doubleValue! }) }
            return NDArray(values.map(\.compactText))
        case .file(let path):
            if path.hasSuffix(".npy") {
                let a = try NPY.read(contentsOf: path)
                return try a.reshaped([a.count])
            }
            let text = String(decoding: try Syscalls.readAll(path), as: UTF8.self)
            return NDArray(
                text.split(separator: "\n", omittingEmptySubsequences: false).map {
                    $0.hasSuffix("\r") ? String($0.dropLast()) : String($0)
                }.reversed().drop(while: { $0.isEmpty }).reversed())
        }
    }
}

/// A data file that cannot be imported as declared.
struct DataImportError: Error, CustomStringConvertible {
    var source: DataSource
    var reason: String
    var description: String { "cannot import data '\(source.name)' from '\(source.declaredPath)': \(reason)" }
}

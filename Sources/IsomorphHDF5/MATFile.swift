import Foundation
import IsomorphArrays

/// Reading variables of MATLAB v7.3 `.mat` files (HDF5 with a 512-byte user block).
///
/// MATLAB stores arrays column-major, so HDF5 sees every array with its axes reversed; ``read(_:variable:)``
/// returns arrays in MATLAB's own dimension order (a MATLAB `3×4` matrix is an ``NDArray`` of
/// shape `[3, 4]`, with `A(i,j)` at `[i, j]`). MATLAB keeps at least two dimensions, so a row
/// vector is `[1, n]`. Numeric classes widen as ``HDF5Import`` does (`double` → float64, `single`
/// → float32, `int8`/`int16`/`uint16` → int32, `uint32`/`int64`/`uint64` → int64), `logical` reads as
/// uint8, and a `char` matrix reads as one string per row. Cells, structs, sparse and complex
/// arrays, and objects fail with an error naming the variable and its class.
public enum MATFile {
    /// One top-level variable of a MAT-file.
    public struct VariableInfo: Sendable, Hashable {
        /// The variable's name.
        public var name: String
        /// Its MATLAB class (`double`, `char`, `cell`, `struct`, …).
        public var matlabClass: String
        /// Its size in MATLAB's order (`nil` for structs, which have no single array).
        public var size: [Int]?
    }

    /// Whether `path` starts with the header of a MATLAB v7.3 MAT-file.
    public static func isVersion73(_ path: String) -> Bool {
        header(path)?.hasPrefix("MATLAB 7.3 MAT-file") ?? false
    }

    /// The top-level variables, in the file's link order (MATLAB's internal `#refs#` and
    /// `#subsystem#` groups are not variables).
    public static func variables(_ path: String) throws -> [VariableInfo] {
        try withMATFile(path) { file in
            var result = [VariableInfo]()
            for (name, kind) in try file.root.children() where !name.hasPrefix("#") {
                switch kind {
                case .group:
                    let cls = try file.root.withGroup(name) { try matlabClass(of: $0) ?? "struct" }
                    result.append(VariableInfo(name: name, matlabClass: cls, size: nil))
                case .dataset:
                    try file.root.withDataset(name) { d in
                        let cls = try matlabClass(of: d) ?? "unknown"
                        let size = try d.hasAttribute("MATLAB_empty") ? try emptySize(d) : try d.shape.reversed()
                        result.append(VariableInfo(name: name, matlabClass: cls, size: size))
                    }
                case .other:
                    continue
                }
            }
            return result
        }
    }

    /// Reads variable `variable` in MATLAB's dimension order.
    /// - Throws: ``HDF5Error`` of kind `objectNotFound` (naming the variables there are),
    ///   `unsupported` for cells, structs, sparse and complex arrays and objects, or a file error
    ///   (also for a pre-7.3 MAT-file, which is not HDF5).
    public static func read(_ path: String, variable: String) throws -> NDArray {
        try withMATFile(path) { file in
            let operation = "read MATLAB variable"
            func unsupported(_ cls: String, _ what: String) -> HDF5Error {
                HDF5Error(
                    .unsupported, file: path, object: "/" + variable, operation: operation,
                    reason: "the variable is a MATLAB \(what) (class '\(cls)'), which Isomorph does not read; "
                        + "save it as a numeric or char array")
            }
            switch try file.root.kind(of: variable) {
            case .dataset:
                break
            case .group:
                let cls = try file.root.withGroup(variable) { g in
                    try g.hasAttribute("MATLAB_sparse") ? "sparse" : try matlabClass(of: g) ?? "struct"
                }
                throw unsupported(cls, cls == "sparse" ? "sparse matrix" : "struct")
            case .other, nil:
                let names = try variables(path).map(\.name)
                throw HDF5Error(
                    .objectNotFound, file: path, object: "/" + variable, operation: operation,
                    reason: "no such variable (the file has: \(names.joined(separator: ", ")))")
            }
            return try file.root.withDataset(variable) { d in
                let cls = try matlabClass(of: d) ?? "unknown"
                switch cls {
                case "cell": throw unsupported(cls, "cell array")
                case "function_handle": throw unsupported(cls, "function handle")
                case "double", "single", "int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "uint64",
                    "logical", "char":
                    break
                default:
                    throw unsupported(cls, "object")
                }
                if case .other("compound") = try d.elementType { throw unsupported(cls, "complex array") }
                if try d.hasAttribute("MATLAB_empty"),
                    try !d.readAttribute("MATLAB_empty", as: Int64.self).allSatisfy({ $0 == 0 })
                {
                    let size = try emptySize(d)
                    return NDArray.zeros(cls == "char" ? .string : cls == "single" ? .float32 : .float64, shape: size)
                }
                if cls == "char" { return try readChars(d, path: path, variable: variable) }
                let stored = try d.readArray()
                return try stored.transposed(Array((0..<stored.rank).reversed()))
            }
        }
    }

    // MARK: - Helpers

    private static func withMATFile<R>(_ path: String, _ body: (HDF5File) throws -> R) throws -> R {
        if FileManager.default.fileExists(atPath: path), let text = header(path), text.hasPrefix("MATLAB 5.0 MAT-file"),
            !HDF5File.isHDF5(path)
        {
            throw HDF5Error(
                .notHDF5, file: path, operation: "open MAT-file",
                reason: "a MAT-file older than v7.3 is not HDF5; re-save it in MATLAB with save(..., '-v7.3')")
        }
        return try HDF5File.withFile(path, body)
    }

    private static func header(_ path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: 116) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    private static func matlabClass(of object: HDF5Object) throws -> String? {
        guard try object.hasAttribute("MATLAB_class") else { return nil }
        return try object.readStringAttribute("MATLAB_class").first
    }

    /// The size of an empty array: MATLAB stores it as the array's data (uint64, MATLAB order).
    private static func emptySize(_ d: HDF5Dataset) throws -> [Int] {
        try d.readArray().storage.doubles?.map { Int($0) } ?? [0, 0]
    }

    /// A `char` matrix (UTF-16 code units, column-major) as one string per MATLAB row.
    private static func readChars(_ d: HDF5Dataset, path: String, variable: String) throws -> NDArray {
        let stored = try d.shape
        guard stored.count == 2 else {
            throw HDF5Error(
                .unsupported, file: path, object: "/" + variable, operation: "read MATLAB variable",
                reason: "char arrays of \(stored.count) dimensions are not supported (only char matrices)")
        }
        let (columns, rows) = (stored[0], stored[1])  // HDF5 sees MATLAB's rows × columns reversed
        let units = try d.read(UInt16.self)
        var strings = [String]()
        strings.reserveCapacity(rows)
        for i in 0..<rows {
            let row = (0..<columns).map { units[$0 * rows + i] }
            strings.append(String(decoding: row, as: UTF16.self))
        }
        return NDArray(strings)
    }
}

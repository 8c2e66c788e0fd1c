import IsomorphArrays
import IsomorphTestSupport

/// Files written by other tools through `Tests/Oracles/hdf5_foreign_files.py`, with the values
/// the writer saved for comparison.
struct ForeignFiles {
    let directory: TemporaryDirectory
    let expected: OrderedDictionary<String, NDArray>

    /// Runs the writer for `kind` (`zstd`, `foreign`, `xarray`, `matlab`) in a fresh directory.
    init(_ kind: String) throws {
        directory = try TemporaryDirectory(prefix: "foreign-\(kind)")
        expected = try Oracle.run("hdf5_foreign_files", arguments: [directory.path(""), kind])
    }

    func path(_ name: String) -> String { directory.path(name) }

    func value(_ name: String) throws -> NDArray {
        guard let v = expected[name] else { throw MissingExpectation(name: name) }
        return v
    }
}

/// The oracle did not save a value a test asked for.
struct MissingExpectation: Error, CustomStringConvertible {
    let name: String
    var description: String { "the writer saved no '\(name)'" }
}

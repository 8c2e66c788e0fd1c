/// The rules for names in a spec: stages, data sources, parameters, matrix keys, ports,
/// output files and environment variables.
///
/// Names stay plain so that they can appear in node ids (`rdm[features.6]`), references
/// (`act.out`, `data.hit`), interpolations (`${matrix.layer}`) and file names without quoting.
public enum NameRules {
    /// Whether `name` is a valid stage, data source, parameter, matrix key or command input
    /// name: one or more ASCII letters, digits, `_` or `-` (no dots, no slashes).
    public static func isPlainName(_ name: String) -> Bool {
        !name.isEmpty
            && name.utf8.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }
    }

    /// Whether `name` is a valid command output name (it becomes a file name): letters, digits,
    /// `_`, `-` and `.`, not starting with `.`, never `..` (no path traversal, no hidden files).
    public static func isOutputName(_ name: String) -> Bool {
        guard let first = name.utf8.first, first != UInt8(ascii: "."), !name.contains("..") else { return false }
        return name.utf8.allSatisfy {
            isAlphanumeric($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".")
        }
    }

    /// Whether `name` is a portable environment variable name (`[A-Za-z_][A-Za-z0-9_]*`).
    public static func isEnvironmentName(_ name: String) -> Bool {
        guard let first = name.utf8.first, !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else {
            return false
        }
        return name.utf8.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: "_") }
    }

    /// Names that `${...}` interpolation gives a meaning of its own, so parameters may not use them.
    public static let reservedParameterNames: [String] = ["data_root", "in", "matrix", "out", "params", "scratch"]

    private static func isAlphanumeric(_ c: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(c) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(c)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(c)
    }
}

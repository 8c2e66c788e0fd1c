import Foundation
import OrderedCollections

/// Renders a variable of a ``Dataset`` as CSV (RFC 4180: comma-separated, CRLF-free `\n` lines,
/// fields with commas, quotes or line breaks quoted).
///
/// Two layouts:
/// - ``Layout/wide`` (rank 0–2): a 2-D variable becomes a table whose header row is the first
///   dimension's name followed by the second dimension's labels, and whose rows start with the
///   first dimension's label; a 1-D variable becomes two columns (label, value).
/// - ``Layout/long`` (any rank): one row per element, one column per dimension holding that
///   element's labels, then a column of values named after the variable.
///
/// Labels come from dimension coordinates; a dimension without one is labelled by index.
/// Numbers are written in the shortest form that reads back exactly.
public enum CSVExport {
    /// How a variable is laid out as rows and columns.
    public enum Layout: String, Sendable, CaseIterable {
        /// `wide` up to rank 2, `long` above.
        case automatic
        case wide
        case long
    }

    /// Renders `variable` of `dataset` as CSV text.
    public static func render(_ dataset: Dataset, variable name: String, layout: Layout = .automatic) throws -> String {
        let variable = try dataset.variable(name)
        let labels = variable.dimensions.enumerated().map { axis, dim in
            dataset.labels(of: dim) ?? (0..<variable.shape[axis]).map(String.init)
        }
        let values = variable.data.storage.textValues
        let resolved: Layout = layout == .automatic ? (variable.data.rank <= 2 ? .wide : .long) : layout
        var out = ""
        switch (resolved, variable.data.rank) {
        case (.wide, 0):
            out += row([name])
            out += row(values)
        case (.wide, 1):
            out += row([variable.dimensions[0], name])
            for (label, value) in zip(labels[0], values) { out += row([label, value]) }
        case (.wide, 2):
            let columns = variable.shape[1]
            out += row([variable.dimensions[0]] + labels[1])
            for r in 0..<variable.shape[0] {
                out += row([labels[0][r]] + values[(r * columns)..<((r + 1) * columns)])
            }
        case (.wide, let rank):
            throw ArrayError.invalidAxes(Array(0..<rank), rank: rank)
        default:
            out += row(variable.dimensions + [name])
            let shape = variable.shape
            var counter = Array(repeating: 0, count: shape.count)
            for value in values {
                out += row(counter.enumerated().map { labels[$0.offset][$0.element] } + [value])
                var axis = shape.count - 1
                while axis >= 0 {
                    counter[axis] += 1
                    if counter[axis] < shape[axis] { break }
                    counter[axis] = 0
                    axis -= 1
                }
            }
        }
        return out
    }

    /// Quotes a field if it needs quoting.
    public static func field(_ text: String) -> String {
        if text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return text
    }

    private static func row<S: Sequence>(_ fields: S) -> String where S.Element == String {
        fields.map(field).joined(separator: ",") + "\n"
    }
}

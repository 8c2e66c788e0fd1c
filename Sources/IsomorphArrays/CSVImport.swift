import Foundation

/// Reads a numeric table from a CSV file (RFC 4180: commas, double-quoted fields with `""`
/// escapes, `\n` or `\r\n` line ends), the inverse of ``CSVExport``'s wide layout.
///
/// - A first row with any non-numeric field is a header: it labels the columns.
/// - A first column that is non-numeric in every data row labels the rows (the header's first
///   field then names the row axis and is not a column label).
/// - Every other field must be a number; empty fields and `NaN`/`nan` read as NaN.
public enum CSVImport {
    /// A table read from CSV.
    public struct Table: Sendable, Hashable {
        /// The values, shape `[rows, columns]`, float64.
        public var values: NDArray
        /// Column labels from the header row, if there is one.
        public var columnLabels: [String]?
        /// Row labels from a non-numeric first column, if there is one.
        public var rowLabels: [String]?
        /// The header's name for the row-label column, if both exist.
        public var rowAxisName: String?
    }

    /// Reads the table in `path`.
    /// - Throws: ``ArrayError`` naming the file, row and column of a bad field.
    public static func read(contentsOf path: String) throws -> Table {
        try parse(String(decoding: FileBytes.read(path), as: UTF8.self), path: path)
    }

    /// Parses CSV text; `path` names the source in errors.
    public static func parse(_ text: String, path: String = "<memory>") throws -> Table {
        var rows = records(text)
        while let last = rows.last, last.allSatisfy({ $0.isEmpty }) { rows.removeLast() }
        guard !rows.isEmpty else { throw ArrayError.malformedFile(path: path, reason: "empty CSV file") }
        var header: [String]?
        if rows[0].contains(where: { number($0) == nil }) { header = rows.removeFirst() }
        guard !rows.isEmpty else {
            throw ArrayError.malformedFile(path: path, reason: "CSV file has a header but no rows")
        }
        let labelled = rows.allSatisfy { !$0.isEmpty && number($0[0]) == nil }
        var rowLabels: [String]?
        if labelled {
            rowLabels = rows.map { $0[0] }
            rows = rows.map { Array($0.dropFirst()) }
        }
        let width = rows[0].count
        var values = [Double]()
        values.reserveCapacity(rows.count * width)
        for (r, row) in rows.enumerated() {
            guard row.count == width else {
                throw ArrayError.malformedFile(
                    path: path,
                    reason: "row \(r + 1 + (header == nil ? 0 : 1)) has \(row.count) fields, expected \(width)")
            }
            for (c, field) in row.enumerated() {
                guard let v = number(field) else {
                    throw ArrayError.malformedFile(
                        path: path,
                        reason:
                            "row \(r + 1 + (header == nil ? 0 : 1)), column \(c + 1 + (labelled ? 1 : 0)): '\(field)' is not a number"
                    )
                }
                values.append(v)
            }
        }
        var columnLabels = header
        var rowAxisName: String?
        if labelled, let h = header {
            rowAxisName = h.first
            columnLabels = Array(h.dropFirst())
        }
        if let labels = columnLabels, labels.count != width {
            throw ArrayError.malformedFile(
                path: path, reason: "the header has \(labels.count) column labels for \(width) columns")
        }
        return Table(
            values: NDArray(shape: [rows.count, width], values: values), columnLabels: columnLabels,
            rowLabels: rowLabels, rowAxisName: rowAxisName)
    }

    private static func number(_ field: String) -> Double? {
        let t = field.trimmingCharacters(in: .whitespaces)
        if t.isEmpty || t == "NaN" || t == "nan" { return .nan }
        return Double(t)
    }

    /// Splits CSV text into records of fields.
    static func records(_ text: String) -> [[String]] {
        var rows = [[String]]()
        var row = [String]()
        var field = ""
        var quoted = false
        var chars = text.makeIterator()
        var pending: Character?
        while let c = pending ?? chars.next() {
            pending = nil
            if quoted {
                if c == "\"" {
                    if let n = chars.next() {
                        if n == "\"" {
                            field.append("\"")
                        } else {
                            quoted = false
                            pending = n
                        }
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(c)
                }
                continue
            }
            switch c {
            case "\"" where field.isEmpty: quoted = true
            case ",":
                row.append(field)
                field = ""
            case "\n", "\r\n", "\r":
                row.append(field)
                rows.append(row)
                row = []
                field = ""
            default: field.append(c)
            }
        }
        if !field.isEmpty || !row.isEmpty {
            row.append(field)
            rows.append(row)
        }
        return rows
    }
}

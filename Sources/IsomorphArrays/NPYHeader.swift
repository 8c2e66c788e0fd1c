/// The parsed header of a NumPy `.npy` file: element type, byte order, memory order and shape.
public struct NPYHeader: Sendable, Hashable {
    /// Byte order of the elements in the file.
    public enum ByteOrder: Sendable, Hashable { case little, big }
    /// Memory order of the elements in the file.
    public enum MemoryOrder: Sendable, Hashable { case c, fortran }

    /// The NumPy type string, for example `<f8` or `>i4`.
    public var descr: String
    /// Whether the elements are stored in column-major order.
    public var order: MemoryOrder
    /// The array's shape.
    public var shape: [Int]
    /// Offset of the first element from the start of the file.
    public var dataOffset: Int

    /// The element kind, size and byte order the `descr` names.
    struct ElementFormat {
        enum Kind { case float, signed, unsigned, bool, unicode, bytes }
        var kind: Kind
        var size: Int  // bytes per element (for unicode: 4 × characters)
        var byteOrder: ByteOrder
    }

    /// Parses `descr` into an element format; throws for types Isomorph cannot hold.
    func elementFormat(path: String) throws -> ElementFormat {
        var chars = Array(descr)
        guard !chars.isEmpty else { throw ArrayError.malformedFile(path: path, reason: "empty dtype descr") }
        var byteOrder: ByteOrder = .little
        switch chars[0] {
        case "<", "|", "=": chars.removeFirst()
        case ">":
            byteOrder = .big
            chars.removeFirst()
        default: break
        }
        guard let kindChar = chars.first else {
            throw ArrayError.malformedFile(path: path, reason: "unsupported dtype '\(descr)'")
        }
        let count = Int(String(chars.dropFirst()))
        let kind: ElementFormat.Kind
        var size = count ?? -1
        switch kindChar {
        case "f": kind = .float
        case "i": kind = .signed
        case "u": kind = .unsigned
        case "b": kind = .bool
        case "U":
            kind = .unicode
            size = 4 * (count ?? 0)
        case "S", "a": kind = .bytes
        default:
            let reason: String
            switch kindChar {
            case "O": reason = "object arrays (dtype '\(descr)') hold pickled Python objects and cannot be read"
            case "c": reason = "complex arrays (dtype '\(descr)') are not supported"
            default: reason = "unsupported dtype '\(descr)'"
            }
            throw ArrayError.malformedFile(path: path, reason: reason)
        }
        let valid: Bool
        if count == nil {
            throw ArrayError.malformedFile(path: path, reason: "unsupported dtype '\(descr)'")
        }
        switch kind {
        case .float: valid = [2, 4, 8].contains(size)
        case .signed, .unsigned: valid = [1, 2, 4, 8].contains(size)
        case .bool: valid = size == 1
        case .unicode, .bytes: valid = size >= 0
        }
        guard valid else { throw ArrayError.malformedFile(path: path, reason: "unsupported dtype '\(descr)'") }
        return ElementFormat(kind: kind, size: size, byteOrder: byteOrder)
    }

    /// Renders the header dictionary the way NumPy writes it.
    func dictionaryLiteral() -> String {
        let shapeText: String
        switch shape.count {
        case 0: shapeText = "()"
        case 1: shapeText = "(\(shape[0]),)"
        default: shapeText = "(" + shape.map(String.init).joined(separator: ", ") + ")"
        }
        let fortran = order == .fortran ? "True" : "False"
        return "{'descr': '\(descr)', 'fortran_order': \(fortran), 'shape': \(shapeText), }"
    }

    /// Parses the Python dictionary literal of an `.npy` header.
    static func parse(dictionary text: String, dataOffset: Int, path: String) throws -> NPYHeader {
        var parser = LiteralParser(text: Array(text.unicodeScalars), path: path)
        let dict = try parser.parseDictionary()
        guard case .string(let descr)? = dict["descr"] else {
            throw ArrayError.malformedFile(
                path: path, reason: "header has no string 'descr' (structured dtypes are not supported)")
        }
        guard case .bool(let fortran)? = dict["fortran_order"] else {
            throw ArrayError.malformedFile(path: path, reason: "header has no 'fortran_order'")
        }
        guard case .tuple(let shape)? = dict["shape"] else {
            throw ArrayError.malformedFile(path: path, reason: "header has no 'shape' tuple")
        }
        guard shape.allSatisfy({ $0 >= 0 }) else {
            throw ArrayError.malformedFile(path: path, reason: "negative extent in shape \(shape)")
        }
        return NPYHeader(descr: descr, order: fortran ? .fortran : .c, shape: shape, dataOffset: dataOffset)
    }
}

/// A parser for the small subset of Python literals `.npy` headers use.
private struct LiteralParser {
    enum Value {
        case string(String)
        case bool(Bool)
        case tuple([Int])
        case other
    }

    let text: [Unicode.Scalar]
    let path: String
    var i = 0

    init(text: [Unicode.Scalar], path: String) {
        self.text = text
        self.path = path
    }

    mutating func skipSpace() {
        while i < text.count, text[i] == " " || text[i] == "\n" || text[i] == "\t" || text[i] == "\r" { i += 1 }
    }

    mutating func expect(_ c: Unicode.Scalar) throws {
        skipSpace()
        guard i < text.count, text[i] == c else {
            throw ArrayError.malformedFile(path: path, reason: "malformed .npy header: expected '\(c)' at offset \(i)")
        }
        i += 1
    }

    mutating func parseDictionary() throws -> [String: Value] {
        try expect("{")
        var result = [String: Value]()
        while true {
            skipSpace()
            if i < text.count, text[i] == "}" {
                i += 1
                return result
            }
            guard case .string(let key) = try parseValue() else {
                throw ArrayError.malformedFile(path: path, reason: "malformed .npy header: non-string key")
            }
            try expect(":")
            result[key] = try parseValue()
            skipSpace()
            if i < text.count, text[i] == "," { i += 1 }
        }
    }

    mutating func parseValue() throws -> Value {
        skipSpace()
        guard i < text.count else {
            throw ArrayError.malformedFile(path: path, reason: "malformed .npy header: unexpected end")
        }
        let c = text[i]
        if c == "'" || c == "\"" {
            i += 1
            var s = String.UnicodeScalarView()
            while i < text.count, text[i] != c {
                s.append(text[i])
                i += 1
            }
            i += 1
            return .string(String(s))
        }
        if c == "(" {
            i += 1
            var items = [Int]()
            while true {
                skipSpace()
                if i < text.count, text[i] == ")" {
                    i += 1
                    return .tuple(items)
                }
                var digits = ""
                while i < text.count, text[i].properties.numericType != nil || text[i] == "L" {
                    if text[i] != "L" { digits.unicodeScalars.append(text[i]) }
                    i += 1
                }
                guard let n = Int(digits) else {
                    throw ArrayError.malformedFile(path: path, reason: "malformed .npy header: bad shape entry")
                }
                items.append(n)
                skipSpace()
                if i < text.count, text[i] == "," { i += 1 }
            }
        }
        var word = ""
        while i < text.count, text[i].properties.isAlphabetic || text[i] == "_" {
            word.unicodeScalars.append(text[i])
            i += 1
        }
        switch word {
        case "True": return .bool(true)
        case "False": return .bool(false)
        default:
            throw ArrayError.malformedFile(path: path, reason: "malformed .npy header: unexpected '\(word)'")
        }
    }
}

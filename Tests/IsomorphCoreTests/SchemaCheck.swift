import Foundation
import IsomorphTestSupport

/// The real JSON Schema validator (check-jsonschema), run through `Tests/Oracles/schema_check.py`.
enum SchemaCheck {
    struct Result: Decodable {
        let file: String
        let ok: Bool
        let errors: [String]
    }

    /// Checks a schema file against the 2020-12 metaschema.
    static func metaschema(_ schema: String) throws -> Result {
        try parse(Oracle.runScript("schema_check", arguments: ["metaschema", schema]))[0]
    }

    /// Validates YAML files against a schema file, one result per file, in order.
    static func validate(schema: String, files: [String]) throws -> [Result] {
        try parse(Oracle.runScript("schema_check", arguments: ["validate", schema] + files))
    }

    private static func parse(_ output: String) throws -> [Result] {
        try output.split(separator: "\n").map { try JSONDecoder().decode(Result.self, from: Data($0.utf8)) }
    }
}

import Foundation
import IsomorphArrays
import IsomorphCore
import Testing

@testable import IsomorphEngine

@Suite("Key records and canonical JSON")
struct KeyRecordTests {
    static let components = CacheKeyComponents(
        kind: "ridge", version: 2,
        parameters: .object([
            "alpha": .double(1.0), "folds": .int(5), "name": .string("tab\there \"q\" é"),
            "nested": .object(["list": .array([.int(1), .double(2.5), .null, .bool(true)])]),
        ]),
        inputs: ["x": [SHA256Hasher.hash("a"), SHA256Hasher.hash("b")]], seed: UInt64.max,
        command: .init(
            argv: ["python3", "${in.x}"], code: ["s.py": SHA256Hasher.hash("code")], environment: ["A": "1"]),
        dataImport: .init(
            file: SHA256Hasher.hash("file"), format: "npy", variable: nil, axes: ["stimulus"],
            coordinates: ["stimulus": .array([.string("s1")])]))

    @Test func componentsRoundTripThroughCanonicalTextKeepingFloatsFloats() throws {
        let text = Self.components.canonicalText
        let parsed = try #require(CacheKeyComponents(canonicalValue: try CanonicalJSONParser.parse(text)))
        #expect(parsed == Self.components)
        #expect(parsed.key == Self.components.key)
        // 1.0 must not come back as the integer 1 (a plan would report "alpha changed 1 → 1.0").
        #expect(parsed.parameters.objectValue?["alpha"] == .double(1.0))
    }

    @Test func recordRoundTrips() throws {
        let record = KeyRecord(
            key: Self.components.key, components: Self.components,
            outputs: ["out": OutputRecord(digest: SHA256Hasher.hash("o"), bytes: 1234)], node: "fit[alpha=1]",
            started: Date(timeIntervalSince1970: 1_700_000_000.25), duration: 1.5, host: "h", engineVersion: "0.1.0",
            run: "r1")
        let parsed = try KeyRecord(jsonBytes: Array(record.jsonText.utf8), path: "x.json")
        #expect(parsed == record)
    }

    @Test func malformedRecordsAreErrorsNamingTheFile() {
        #expect(throws: RecordError.self) { try KeyRecord(jsonBytes: Array("{\"format\":".utf8), path: "k.json") }
        do {
            _ = try KeyRecord(jsonBytes: Array("{\"format\":\"other\"}".utf8), path: "k.json")
            Issue.record("expected an error")
        } catch {
            #expect("\(error)" == "unreadable key record 'k.json': unknown record format other")
        }
    }

    @Test(arguments: [
        ("[1,2.0,-3e2,\"\\u00e9\\n\"]", CanonicalValue.array([.int(1), .double(2), .double(-300), .string("é\n")])),
        ("{\"a\":{\"b\":[]},\"c\":null}", .object(["a": .object(["b": .array([])]), "c": .null])),
        ("\"\\ud83d\\ude00\"", .string("😀")),
    ])
    func parserReadsJSON(_ text: String, _ expected: CanonicalValue) throws {
        #expect(try CanonicalJSONParser.parse(text) == expected)
    }
}

import IsomorphCore
import Testing

/// The libyaml-backed reader: typing, locations, and every YAML-level error.
@Suite struct YAMLReaderTests {
    private func errors(_ text: String) -> [String] {
        do {
            _ = try YAMLReader.parse(text, file: "y.yaml")
            Issue.record("expected an error")
            return []
        } catch let error as SpecError {
            return error.diagnostics.map(\.description)
        } catch {
            Issue.record("\(error)")
            return []
        }
    }

    @Test func scalarsFollowTheCoreSchema() throws {
        let node = try YAMLReader.parse(
            """
            a: [1, -2, 0x1f, 1.5, 1e3, .inf, true, False, null, ~, yes, on, "1", '2', conv1, 1.2.3, 0o17, +3]
            b: !!str 12
            c: |
              two
              lines
            """, file: "y.yaml")
        #expect(
            node["a"]?.plain
                == .array([
                    1, -2, 31, 1.5, 1000.0, .double(.infinity), true, false, .null, .null, "yes", "on", "1", "2",
                    "conv1",
                    "1.2.3", 15, 3,
                ]))
        #expect(node["b"]?.plain == "12")
        #expect(node["c"]?.plain == "two\nlines")  // clip chomping; the text ends without a newline
    }

    @Test func everyNodeKnowsWhereItIs() throws {
        let node = try YAMLReader.parse("stages:\n  rdm:\n    with: { distance: corr }\n", file: "y.yaml")
        let rdm = try #require(node["stages"]?.entries?.first)
        #expect(rdm.keyLocation.description == "y.yaml:2:3")
        #expect(rdm.value.location.description == "y.yaml:3:5")
        let distance = try #require(rdm.value["with"]?.entries?.first)
        #expect(distance.keyLocation.description == "y.yaml:3:13")
        #expect(distance.value.location.description == "y.yaml:3:23")
    }

    @Test func emptyDocumentsAreNull() throws {
        #expect(try YAMLReader.parse("", file: "y.yaml").value == .null)
        #expect(try YAMLReader.parse("# only a comment\n", file: "y.yaml").value == .null)
    }

    @Test func duplicateKeysAreAllReportedAtTheSecondOccurrence() {
        #expect(
            errors("a: 1\nb:\n  c: 1\n  c: 2\na: 3\n") == [
                "y.yaml:4:3: error: duplicate key 'c' (first defined at line 3)",
                "y.yaml:5:1: error: duplicate key 'a' (first defined at line 1)",
            ])
    }

    @Test func aliasesNonScalarKeysAndSeveralDocumentsAreErrors() {
        #expect(errors("a: &x 1\nb: *x\n") == ["y.yaml:2:4: error: YAML aliases are not supported in pipeline specs"])
        #expect(errors("? [a, b]\n: 1\nc: 2\n") == ["y.yaml:1:3: error: mapping keys must be plain strings"])
        #expect(
            errors("a: 1\n---\nb: 2\n") == ["y.yaml:2:1: error: a spec file holds one YAML document; remove this '---'"]
        )
    }

    @Test func syntaxErrorsNameTheProblemAndItsPlace() throws {
        do {
            _ = try YAMLReader.parse("stages:\n  a: [1, 2\n  b: 3\n", file: "y.yaml")
            Issue.record("expected an error")
        } catch let error as SpecError {
            #expect(
                error.diagnostics.map(\.description) == [
                    "y.yaml:3:4: error: invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence at line 2)"
                ])
            #expect(error.diagnostics.first?.sourceLine == "  b: 3")
        }
    }
}

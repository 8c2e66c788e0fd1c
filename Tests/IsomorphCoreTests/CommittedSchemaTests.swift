import Foundation
import IsomorphTestSupport
import Testing

/// `schemas/pipeline.schema.json` is a valid schema and every `pipelines/*.yaml` follows it.
/// (That the committed file equals the generated one is checked in IsomorphCLITests, which
/// knows the built-in stages.)
@Suite struct CommittedSchemaTests {
    @Test func committedSchemaIsValidAndPipelinesFollowIt() throws {
        let root = Oracle.repositoryRoot
        let schema = root.appendingPathComponent("schemas/pipeline.schema.json").path
        let meta = try SchemaCheck.metaschema(schema)
        #expect(meta.ok, "\(meta.errors)")
        let dir = root.appendingPathComponent("pipelines")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        let specs = names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted().map {
            dir.appendingPathComponent($0).path
        }
        guard !specs.isEmpty else { return }
        for r in try SchemaCheck.validate(schema: schema, files: specs) {
            #expect(r.ok, "\(r.file) does not follow schemas/pipeline.schema.json: \(r.errors)")
        }
    }
}

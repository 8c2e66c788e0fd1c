import Foundation
import IsomorphCLI
import IsomorphCore
import IsomorphTestSupport
import Testing

@Suite struct SchemaCommandTests {
    @Test func printsTheSchemaOfTheRegistry() async {
        let r = await runCLI(["schema"])
        #expect(r.status == 0)
        #expect(r.output == PipelineSchema.generate(registry: TestStages.registry))
    }

    @Test func committedSchemaIsUpToDate() throws {
        let path = Oracle.repositoryRoot.appendingPathComponent("schemas/pipeline.schema.json")
        let committed = try String(contentsOf: path, encoding: .utf8)
        #expect(
            committed == PipelineSchema.generate(registry: IsomorphCommand.builtinRegistry),
            "schemas/pipeline.schema.json is stale; regenerate it with: swift run isomorph schema > schemas/pipeline.schema.json"
        )
    }
}

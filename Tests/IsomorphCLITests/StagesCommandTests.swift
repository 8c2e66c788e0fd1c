import Foundation
import IsomorphCLI
import IsomorphCore
import IsomorphTestSupport
import Testing

@Suite struct StagesCommandTests {
    @Test func oneKindAsText() async {
        let r = await runCLI(["stages", "test.scale"])
        #expect(r.status == 0)
        #expect(
            r.output == """
                test.scale (version 1): Multiplies a vector by a factor.
                  parameters:
                    factor: number, default 1.0. The factor.
                  inputs:
                    x: one artifact. The vector.
                  outputs:
                    out: The scaled vector.

                """)
    }

    @Test func requiredAndResultIrrelevantParametersAndStochasticKinds() async {
        let constant = await runCLI(["stages", "test.constant"])
        #expect(
            constant.output == """
                test.constant (version 1): Outputs a fixed vector.
                  parameters:
                    values: list of number, required. The values to output.
                    chunk: integer ≥ 1, default 64, not in the cache key. Ignored; never in the key.
                  inputs:
                    (none)
                  outputs:
                    (depend on the parameters)

                """)
        let noise = await runCLI(["stages", "test.noise"])
        #expect(
            noise.output.hasPrefix(
                "test.noise (version 1): Draws normal deviates from the seed.\n  stochastic: its seed enters the cache key\n"
            ))
        let sum = await runCLI(["stages", "test.sum"])
        #expect(sum.output.contains("    xs: a collection. The vectors.\n"))
        let sleep = await runCLI(["stages", "test.sleep"])
        #expect(sleep.output.contains("    x: one artifact, optional. Passed through.\n"))
    }

    @Test func allKindsInOrder() async {
        let r = await runCLI(["stages"])
        let headers = r.output.split(separator: "\n").filter { !$0.hasPrefix(" ") }.map { $0.prefix { $0 != " " } }
        #expect(headers == ["test.constant", "test.fail", "test.noise", "test.scale", "test.sleep", "test.sum"])
        let empty = await runCLI(["stages"], registry: StageRegistry())
        #expect(empty.output == "no stage kinds are registered\n")
    }

    @Test func json() async throws {
        let r = await runCLI(["stages", "--json"])
        #expect(r.status == 0)
        let kinds = try #require(try JSONSerialization.jsonObject(with: Data(r.output.utf8)) as? [[String: Any]])
        #expect(kinds.map { $0["kind"] as? String } == TestStages.registry.kinds)
        let constant = try #require(kinds.first)
        #expect(constant["version"] as? Int == 1)
        let parameters = try #require(constant["parameters"] as? [[String: Any]])
        #expect(parameters.map { $0["name"] as? String } == ["values", "chunk"])
        #expect(parameters[1]["default"] as? Int == 64)
        #expect(parameters[1]["affectsResult"] as? Bool == false)
        #expect(parameters[0]["required"] as? Bool == true)
        #expect(constant["outputs"] is NSNull)
        let scale = kinds[3]
        #expect((scale["inputs"] as? [[String: Any]])?.first?["arity"] as? String == "single")
        #expect((scale["outputs"] as? [[String: Any]])?.first?["name"] as? String == "out")
    }

    @Test func unknownKind() async {
        let r = await runCLI(["stages", "test.scal"])
        #expect(r.status == 64)
        #expect(r.errors.hasPrefix("Error: unknown stage kind 'test.scal'. Did you mean 'test.scale'?\n"))
    }
}

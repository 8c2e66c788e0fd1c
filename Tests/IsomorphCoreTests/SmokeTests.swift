import IsomorphCore
import Testing

@Suite struct SmokeTests {
    @Test func smoke() throws {
        let p = try loadSpec(
            """
            isomorph: 1
            params: { seed: 7, factors: [1, 10] }
            stages:
              act:
                uses: test.constant
                with: { values: [1, 2, 3] }
              scaled:
                uses: test.scale
                matrix: { factor: "${factors}", include: [{ factor: 100 }], exclude: [{ factor: 10 }] }
                in: { x: act }
                with: { factor: "${matrix.factor}" }
              total:
                uses: test.sum
                in: { xs: scaled }
            """)
        for n in p.graph.nodes { print(n.id, n.kindName, n.inputs, n.outputs, n.seed) }
        print(p.warnings)
    }
}

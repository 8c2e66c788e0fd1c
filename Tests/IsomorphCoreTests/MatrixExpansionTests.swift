import IsomorphCore
import Testing

/// `matrix:` fan-out with GitHub Actions semantics.
@Suite struct MatrixExpansionTests {
    private func instances(_ matrix: String, params: String = "{}") throws -> [String] {
        let p = try loadSpec(
            """
            isomorph: 1
            params: \(params)
            stages:
              s:
                uses: test.noise
                matrix: \(matrix)
                with: { count: 1 }
            """)
        return p.graph.instances(of: "s").map(\.id.rawValue)
    }

    @Test func productVariesTheFirstKeySlowest() throws {
        #expect(
            try instances("{ a: [1, 2], b: [x, y] }") == ["s[a=1,b=x]", "s[a=1,b=y]", "s[a=2,b=x]", "s[a=2,b=y]"])
    }

    @Test func includeAddsBackWhatExcludeRemoved() throws {
        // The example of the spec reference: exclude runs first, then include adds a combination.
        #expect(
            try instances("{ factor: [1, 10], include: [{ factor: 100 }], exclude: [{ factor: 10 }] }") == [
                "s[1]", "s[100]",
            ])
    }

    @Test func excludeMatchesPartiallyAndNumerically() throws {
        #expect(try instances("{ a: [1, 2], b: [x, y], exclude: [{ a: 1.0 }] }") == ["s[a=2,b=x]", "s[a=2,b=y]"])
        #expect(try instances("{ a: [1, 2], b: [x, y], exclude: [{ a: 1, b: y }] }").count == 3)
    }

    /// The worked example of GitHub's documentation ("Expanding or adding matrix configurations").
    @Test func includeFollowsGitHubActions() throws {
        let matrix = """

                  fruit: [apple, pear]
                  animal: [cat, dog]
                  include:
                    - color: green
                    - color: pink
                      animal: cat
                    - fruit: apple
                      shape: circle
                    - fruit: banana
                    - fruit: banana
                      animal: cat
            """
        #expect(
            try instances(matrix) == [
                "s[fruit=apple,animal=cat,color=pink,shape=circle]",
                "s[fruit=apple,animal=dog,color=green,shape=circle]",
                "s[fruit=pear,animal=cat,color=pink]",
                "s[fruit=pear,animal=dog,color=green]",
                "s[banana]",
                "s[fruit=banana,animal=cat]",
            ])
    }

    @Test func valuesMayComeFromAParameter() throws {
        #expect(
            try instances("{ alpha: \"${alphas}\" }", params: "{ alphas: [0.1, 1, 10] }") == [
                "s[0.1]", "s[1]", "s[10]",
            ])
    }

    @Test func instancesCarryTheirAssignment() throws {
        let p = try loadSpec(
            """
            isomorph: 1
            stages:
              s:
                uses: test.noise
                matrix: { n: [2, 3], tag: [a] }
                with: { count: "${matrix.n}" }
            """)
        let s = try #require(p.graph[NodeID("s[n=3,tag=a]")])
        #expect(s.matrix.keys == ["n", "tag"])
        #expect(s.matrix["n"] == .int(3))
        #expect(s.matrix["tag"] == .string("a"))
        guard case .builtin(let stage) = s.action else {
            Issue.record("expected a built-in stage")
            return
        }
        #expect(stage.keyParameters == .object(["count": .int(3)]))
    }

    @Test func tenThousandValuesExpand() throws {
        let values = (0..<10_000).map(String.init).joined(separator: ", ")
        let p = try loadSpec(
            """
            isomorph: 1
            stages:
              s:
                uses: test.noise
                matrix: { n: [\(values)] }
                with: { count: 1 }
              total:
                uses: test.sum
                in: { xs: s }
            """)
        #expect(p.graph.nodes.count == 10_001)
        guard case .collection(let items)? = p.graph[NodeID("total")]?.inputs["xs"] else {
            Issue.record("expected a collection")
            return
        }
        #expect(items.count == 10_000)
        #expect(items.last?.ref == OutputRef(node: NodeID("s[9999]"), port: "out"))
    }
}

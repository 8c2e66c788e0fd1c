import IsomorphCore
import Testing

/// How `in:` references become ``InputBinding``s (the rule documented on ``PipelineLoader``).
@Suite struct BindingTests {
    private func ref(_ node: String, _ port: String = "out") -> OutputRef { OutputRef(node: NodeID(node), port: port) }

    private func item(
        _ node: String, _ labels: [(String, CanonicalValue)], port: String = "out"
    )
        -> InputBinding.CollectionItem
    {
        InputBinding.CollectionItem(
            ref: ref(node, port), labels: MatrixAssignment(labels.map { .init(key: $0.0, value: $0.1) }))
    }

    private let producers = """
        isomorph: 1
        stages:
          act:
            uses: test.constant
            with: { values: [1, 2] }
          fit:
            uses: test.scale
            matrix: { layer: [a, b], factor: [1, 2] }
            in: { x: act }
            with: { factor: "${matrix.factor}" }
        """

    @Test func consumerWithAllProducerKeysReadsOneInstance() throws {
        let p = try loadSpec(
            producers + """

                  pick:
                    uses: test.scale
                    matrix: { factor: [2], layer: [b], extra: [z] }
                    in: { x: fit }
                """)
        #expect(p.graph[NodeID("pick[factor=2,layer=b,extra=z]")]?.inputs["x"] == .single(ref("fit[layer=b,factor=2]")))
    }

    @Test func consumerWithSomeKeysFansInOverTheOthers() throws {
        let p = try loadSpec(
            producers + """

                  per-layer:
                    uses: test.sum
                    matrix: { layer: [a, b] }
                    in: { xs: fit }
                """)
        #expect(
            p.graph[NodeID("per-layer[b]")]?.inputs["xs"]
                == .collection([
                    item("fit[layer=b,factor=1]", [("layer", "b"), ("factor", 1)]),
                    item("fit[layer=b,factor=2]", [("layer", "b"), ("factor", 2)]),
                ]))
    }

    @Test func consumerWithoutMatrixReadsEveryInstanceInMatrixOrder() throws {
        let p = try loadSpec(
            producers + """

                  total:
                    uses: test.sum
                    in: { xs: fit }
                """)
        let ids = p.graph[NodeID("total")]?.inputs["xs"]?.refs.map(\.node.rawValue)
        #expect(
            ids == ["fit[layer=a,factor=1]", "fit[layer=a,factor=2]", "fit[layer=b,factor=1]", "fit[layer=b,factor=2]"])
        #expect(p.graph[NodeID("total")]?.dependencies.count == 4)
    }

    @Test func explicitListsAreCollections() throws {
        let p = try loadSpec(
            producers + """

                  both:
                    uses: test.sum
                    matrix: { layer: [a] }
                    in: { xs: [act, fit] }
                """)
        #expect(
            p.graph[NodeID("both[a]")]?.inputs["xs"]
                == .collection([
                    item("act", []),
                    item("fit[layer=a,factor=1]", [("layer", "a"), ("factor", 1)]),
                    item("fit[layer=a,factor=2]", [("layer", "a"), ("factor", 2)]),
                ]))
    }

    @Test func singleArtifactOnACollectionPortIsACollectionOfOne() throws {
        let p = try loadSpec(
            producers + """

                  one:
                    uses: test.sum
                    in: { xs: act }
                """)
        #expect(p.graph[NodeID("one")]?.inputs["xs"] == .collection([item("act", [])]))
    }

    @Test func collectionOfOneOnASinglePortIsThatArtifact() throws {
        let p = try loadSpec(
            producers + """

                  again:
                    uses: test.scale
                    in: { x: [act] }
                """)
        #expect(p.graph[NodeID("again")]?.inputs["x"] == .single(ref("act")))
    }

    @Test func dataReferencesAndPortsWithDots() throws {
        let fixture = try SpecFixture()
        let p = try fixture.load(
            """
            isomorph: 1
            data:
              stimuli: stimuli.npy
            stages:
              net:
                run: [extract, "${in.images}", "${out.features.6}", "${out.features.18}"]
                in: { images: data.stimuli }
                out: [features.6, features.18]
              rdm:
                uses: test.scale
                matrix: { layer: [features.6, features.18] }
                in: { x: "net.${matrix.layer}" }
            """)
        #expect(p.graph[NodeID("net")]?.inputs["images"] == .single(OutputRef(node: .data("stimuli"), port: "data")))
        #expect(p.graph[NodeID("rdm[features.18]")]?.inputs["x"] == .single(ref("net", "features.18")))
        #expect(p.graph[NodeID("rdm[features.6]")]?.inputs["x"] == .single(ref("net", "features.6")))
    }

    @Test func graphIsOrderedDataFirstThenDeclarationOrderWherePossible() throws {
        let p = try loadSpec(
            """
            isomorph: 1
            data:
              z: z.npy
            stages:
              c:
                uses: test.scale
                matrix: { f: [2, 1] }
                in: { x: b }
              a:
                uses: test.constant
                with: { values: [1] }
              b:
                uses: test.scale
                in: { x: data.z }
            """)
        #expect(p.graph.nodes.map(\.id.rawValue) == ["data.z", "a", "b", "c[2]", "c[1]"])
        #expect(p.graph.dependents(of: NodeID("b")) == [NodeID("c[2]"), NodeID("c[1]")])
    }
}

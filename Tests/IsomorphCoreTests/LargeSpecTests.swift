import IsomorphCore
import Testing

/// Specs at the scale the engine targets (a 10,000-stage no-op rerun in under a second): they
/// must load; the time is measured in release mode outside the test suite (no timing here).
@Suite struct LargeSpecTests {
    /// 10,000 stages: a chain where every stage reads its predecessor, and every hundredth
    /// stage also sums the 99 before it through an explicit list.
    static func chainSpec(stages n: Int) -> String {
        var lines = ["isomorph: 1", "params: { seed: 3 }", "stages:"]
        lines.reserveCapacity(4 * n + 3)
        lines += ["  s0:", "    uses: test.constant", "    with: { values: [1, 2, 3] }"]
        for i in 1..<n {
            if i % 100 == 0 {
                let list = ((i - 99)..<i).map { "s\($0)" }.joined(separator: ", ")
                lines += ["  s\(i):", "    uses: test.sum", "    in: { xs: [\(list)] }"]
            } else {
                lines += ["  s\(i):", "    uses: test.scale", "    in: { x: s\(i - 1) }", "    with: { factor: \(i) }"]
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func tenThousandStagesLoad() throws {
        let p = try loadSpec(Self.chainSpec(stages: 10_000))
        #expect(p.graph.nodes.count == 10_000)
        #expect(p.graph.nodes.first?.id == NodeID("s0"))
        #expect(p.graph.nodes.last?.id == NodeID("s9999"))
        #expect(p.graph[NodeID("s200")]?.inputs["xs"]?.refs.count == 99)
        #expect(p.graph.dependents(of: NodeID("s150")).map(\.rawValue) == ["s151", "s200"])
    }
}

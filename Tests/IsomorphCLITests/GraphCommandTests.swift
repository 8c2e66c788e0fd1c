import IsomorphCLI
import Testing

@Suite struct GraphCommandTests {
    static let spec = """
        isomorph: 1
        name: g
        data:
          stim: s.npy
        stages:
          act:
            uses: test.scale
            in: { x: data.stim }
          s:
            uses: test.scale
            matrix: { f: [1, 2] }
            in: { x: act }
            with: { factor: "${matrix.f}" }
          two:
            run: [x, "${in.a}", "${out.p}", "${out.q}"]
            in: { a: act }
            out: [p, q]
          total:
            uses: test.sum
            in: { xs: [s, two.q] }
        """

    @Test func dot() async throws {
        let files = try SpecFiles(["g.yaml": Self.spec])
        let r = await runCLI(["graph", files.path("g.yaml")])
        #expect(r.status == 0)
        #expect(
            r.output == #"""
                digraph "g" {
                  rankdir=LR;
                  node [shape=box];
                  "data.stim" [shape=cylinder];
                  "act" [label="act\ntest.scale"];
                  subgraph "cluster_s" {
                    label="s (test.scale)";
                    "s[1]";
                    "s[2]";
                  }
                  "two" [label="two\ncommand"];
                  "total" [label="total\ntest.sum"];
                  "data.stim" -> "act" [label="x"];
                  "act" -> "s[1]" [label="x"];
                  "act" -> "s[2]" [label="x"];
                  "act" -> "two" [label="a"];
                  "s[1]" -> "total" [label="xs"];
                  "s[2]" -> "total" [label="xs"];
                  "two" -> "total" [label="q → xs"];
                }

                """#)
    }

    @Test func mermaid() async throws {
        let files = try SpecFiles(["g.yaml": Self.spec])
        let r = await runCLI(["graph", files.path("g.yaml"), "--format", "mermaid"])
        #expect(r.status == 0)
        #expect(
            r.output == """
                flowchart LR
                  n0[("data.stim")]
                  n1["act<br/>test.scale"]
                  subgraph g2["s (test.scale)"]
                    n2["s[1]"]
                    n3["s[2]"]
                  end
                  n4["two<br/>command"]
                  n5["total<br/>test.sum"]
                  n0 -->|"x"| n1
                  n1 -->|"x"| n2
                  n1 -->|"x"| n3
                  n1 -->|"a"| n4
                  n2 -->|"xs"| n5
                  n3 -->|"xs"| n5
                  n4 -->|"q → xs"| n5

                """)
    }

    @Test func unknownFormat() async throws {
        let r = await runCLI(["graph", "x.yaml", "--format", "svg"])
        #expect(r.status == 64)
        #expect(r.errors.hasPrefix("Error: The value 'svg' is invalid for '--format <format>'"))
    }
}

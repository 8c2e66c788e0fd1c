import Foundation
import IsomorphArrays
import IsomorphCore
import IsomorphTestSupport
import Testing

/// Pins the cache-key record format: canonical texts written by hand from the documented
/// format (sorted keys, typed numbers, digests as hex), and their SHA-256 computed by Python's
/// hashlib (`Tests/Oracles/cachekey_sha256.py`), both live and as pinned literals. A failure
/// here means the key format changed: bump `CacheKeyComponents.currentFormat`.
@Suite struct CacheKeyGoldenTests {
    static let a = ContentDigest(hex: String(repeating: "a1", count: 32))!
    static let b = ContentDigest(hex: String(repeating: "b2", count: 32))!
    static let c = ContentDigest(hex: String(repeating: "c3", count: 32))!
    static let d = ContentDigest(hex: String(repeating: "d4", count: 32))!

    struct Golden: Sendable, CustomTestStringConvertible {
        let id: String
        let node: String
        let spec: String
        /// Relative path → digest of the files the node depends on.
        let files: [String: ContentDigest]
        let text: String
        /// SHA-256 of `text` by Python's hashlib (pinned).
        let key: String
        var testDescription: String { id }
    }

    static let act = """
          act:
            uses: test.constant
            with: { values: [1, 2] }
        """

    static let cases: [Golden] = [
        Golden(
            id: "built-in stage", node: "scaled",
            spec: """
                isomorph: 1
                stages:
                \(act)
                  scaled:
                    uses: test.scale
                    in: { x: act }
                    with: { factor: 10 }
                """,
            files: [:],
            text:
                #"{"format":"isomorph-cachekey-1","inputs":{"x":["\#(a.hex)"]},"kind":"test.scale","parameters":{"factor":10.0},"version":1}"#,
            key: "b9a1fd2175d1746b3160bec6a40f76d7c65a5dfb4b8edeaca4cfabbe0c0d969e"),
        Golden(
            id: "command", node: "train",
            spec: """
                isomorph: 1
                params: { beta: 4 }
                stages:
                \(act)
                  train:
                    run: [python3, scripts/train.py, --beta, "${beta}", --in, "${in.x}", "--out=${out.latents}"]
                    code: [scripts/train.py]
                    env: { OMP_NUM_THREADS: "1" }
                    in: { x: act }
                    out: [latents]
                """,
            files: ["scripts/train.py": b],
            text:
                #"{"command":{"argv":["python3","scripts/train.py","--beta","4","--in","${in.x}","--out=${out.latents}"],"code":{"scripts/train.py":"\#(b.hex)"},"environment":{"OMP_NUM_THREADS":"1"}},"format":"isomorph-cachekey-1","inputs":{"x":["\#(a.hex)"]},"kind":"command","parameters":{},"version":1}"#,
            key: "adae703908fb0f69fbbbd7f45b673076dcee54cbbbb9bcdbad77546c75f3bbfc"),
        Golden(
            id: "data import", node: "data.stimuli",
            spec: """
                isomorph: 1
                data:
                  stimuli: { path: stimuli.npy, axes: [stimulus, channel], coords: { stimulus: labels.txt, channel: [r, g, b] } }
                stages:
                  s:
                    uses: test.scale
                    in: { x: data.stimuli }
                """,
            files: ["stimuli.npy": c, "labels.txt": d],
            text:
                #"{"data":{"axes":["stimulus","channel"],"coordinates":{"channel":["r","g","b"],"stimulus":"\#(d.hex)"},"file":"\#(c.hex)","format":"npy"},"format":"isomorph-cachekey-1","inputs":{},"kind":"data","parameters":{},"version":1}"#,
            key: "b5e4816c593a1a462f0a15e7221807c64d2241ef982f536f7d52af5e651062b1"),
        Golden(
            id: "stochastic stage", node: "noise",
            spec: """
                isomorph: 1
                params: { seed: 7 }
                stages:
                  noise:
                    uses: test.noise
                    with: { count: 3 }
                """,
            files: [:],
            text:
                #"{"format":"isomorph-cachekey-1","inputs":{},"kind":"test.noise","parameters":{"count":3},"seed":"7","version":1}"#,
            key: "4659b20c88371a7b8a65b1d7f9d1b94bc0c9a7377c441c6ee0f19766ee65a2c8"),
    ]

    @Test(arguments: cases)
    func golden(_ g: Golden) throws {
        let fixture = try SpecFixture(["scripts/train.py": "print('train')\n"])
        let p = try fixture.load(g.spec)
        let node = try #require(p.graph[NodeID(g.node)])
        var files = [String: ContentDigest]()
        for (path, digest) in g.files { files[fixture.path(path)] = digest }
        let key = try CacheKeyComponents(
            node: node, inputDigests: [OutputRef(node: "act", port: "out"): Self.a], fileDigests: files)
        #expect(key.canonicalText == g.text)
        #expect(key.key.hex == g.key)
        let python = try Oracle.runScript("cachekey_sha256", arguments: [g.text])
        #expect(python.trimmingCharacters(in: .whitespacesAndNewlines) == g.key)
    }

    @Test func missingDigestsAreReported() throws {
        let p = try loadSpec(Self.cases[0].spec)
        #expect(throws: CacheKeyComponents.MissingDigest.self) {
            try CacheKeyComponents(node: p.graph[NodeID("scaled")]!, inputDigests: [:])
        }
        do {
            _ = try CacheKeyComponents(node: p.graph[NodeID("scaled")]!, inputDigests: [:])
        } catch {
            #expect("\(error)" == "cannot key node 'scaled': no digest for input act.out")
        }
    }
}

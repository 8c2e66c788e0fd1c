import IsomorphCore
import Testing

/// `resources:` memory sizes and durations.
@Suite struct ResourcesSyntaxTests {
    @Test(arguments: [
        ("512M", Int64(512) << 20), ("16G", Int64(16) << 30), ("1.5G", Int64(3) << 29), ("64k", Int64(64) << 10),
        ("16GB", Int64(16) << 30), ("16GiB", Int64(16) << 30), ("2T", Int64(2) << 40), (" 4 G ", Int64(4) << 30),
    ])
    func memory(_ text: String, _ bytes: Int64) {
        #expect(Resources.parseMemory(text) == bytes)
    }

    @Test(arguments: ["16", "G", "-1G", "16X", "0M", "1.2.3G", "", "16 GB B"])
    func invalidMemory(_ text: String) {
        #expect(Resources.parseMemory(text) == nil)
    }

    @Test(arguments: [
        ("90", 90), ("90s", 90), ("30m", 1_800), ("2h", 7_200), ("1h30m", 5_400), ("1d12h", 129_600),
        ("1h0m30s", 3_630), ("1:30:00", 5_400), ("05:00", 300), ("2H", 7_200),
    ])
    func duration(_ text: String, _ seconds: Int) {
        #expect(Resources.parseDuration(text) == seconds)
    }

    @Test(arguments: ["", "0", "0s", "1m2h", "2x", "1:61", "h", "1h1h", "1::2", "-5"])
    func invalidDuration(_ text: String) {
        #expect(Resources.parseDuration(text) == nil)
    }

    @Test func resourcesReachTheNodes() throws {
        let p = try loadSpec(
            """
            isomorph: 1
            stages:
              a:
                uses: test.noise
                matrix: { mem: [2G, 4G] }
                with: { count: 1 }
                resources: { cpus: 2, memory: "${matrix.mem}", time: 1h30m, gpus: 1, partition: gpu }
            """)
        #expect(
            p.graph[NodeID("a[4G]")]?.resources
                == Resources(cpus: 2, memoryBytes: Int64(4) << 30, gpus: 1, timeSeconds: 5_400, partition: "gpu"))
        #expect(p.graph[NodeID("a[2G]")]?.resources.memoryBytes == Int64(2) << 30)
    }
}

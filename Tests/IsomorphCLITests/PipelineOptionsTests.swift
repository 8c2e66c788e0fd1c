import IsomorphCLI
import IsomorphCore
import Testing

@Suite struct PipelineOptionsTests {
    @Test(arguments: [
        ("seed=8", "seed", CanonicalValue.int(8)), ("alphas=[1, 10]", "alphas", .array([1, 10])),
        ("layer=conv1", "layer", "conv1"), ("f=1.5", "f", 1.5), ("s='8'", "s", "8"), ("e=", "e", ""),
        ("b=true", "b", true), ("n=null", "n", .null), ("url=a=b", "url", "a=b"), ("t=1h30m", "t", "1h30m"),
    ])
    func assignments(_ text: String, _ name: String, _ value: CanonicalValue) throws {
        let (n, v) = try PipelineOptions.parseAssignment(text)
        #expect(n == name)
        #expect(v == value)
    }

    @Test(arguments: ["seed", "=3", ""])
    func malformed(_ text: String) {
        #expect(throws: (any Error).self) { try PipelineOptions.parseAssignment(text) }
    }
}

import Foundation
import IsomorphArrays
import IsomorphCLI
import IsomorphHDF5
import IsomorphTestSupport
import Testing

/// The built-in example the README's first command runs: it must work with no data, cache
/// everything on a second run, and recover the ranking its simulation builds in.
@Suite("pipelines/quickstart.yaml")
struct QuickstartTests {
    @Test("runs, reruns from the cache, and ranks the models by their true noise")
    func quickstart() async throws {
        let spec = Oracle.repositoryRoot.appendingPathComponent("pipelines/quickstart.yaml").path
        let dir = try TemporaryDirectory(prefix: "quickstart")
        let cache = dir.path("cache")
        // A reduced bootstrap keeps the test fast; everything else is the example as shipped.
        let arguments = [spec, "--cache", cache, "-p", "bootstrap_samples=20"]
        let registry = IsomorphCommand.builtinRegistry
        let first = await runCLI(["run"] + arguments + ["-j", "2"], registry: registry)
        #expect(first.status == 0, "\(first.errors)")
        #expect(first.output.hasPrefix("ran 9, cached 0"))
        let second = await runCLI(["run"] + arguments, registry: registry)
        #expect(second.output == "nothing to do: 9 cached\n")

        let exported = await runCLI(
            [
                "export", "compare.scores", "--variable", "score_mean", "--format", "npy", "--output",
                dir.path("m.npy"),
                "--cache", cache,
            ], registry: registry)
        #expect(exported.status == 0, "\(exported.errors)")
        let means = try #require(NPY.read(contentsOf: dir.path("m.npy")).doubles)
        // Models with unit noise 0.2, 1.0, 3.0: by construction less noise is more brain-like.
        #expect(means.count == 3)
        #expect(means[0] > means[1] && means[1] > means[2], "scores \(means)")
    }
}

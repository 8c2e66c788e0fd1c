import Foundation
import IsomorphArrays
import IsomorphCore
import IsomorphNumerics
import IsomorphStages
import IsomorphTestSupport
import Testing

@Suite("align.udr: Unsupervised Disentanglement Ranking over a fan-in of models")
struct AlignUDRStageTests {
    /// A simulate-style VAE "trained" with one seed: latent means `Z·A + noise` where the first
    /// round(disentanglement · units) units read one latent each (as `simulate`'s mixing), the rest
    /// random mixtures; units permuted per seed; two extra collapsed latents (posterior = prior:
    /// mean ≈ 0, log-variance ≈ 0, KL ≈ 0). Log-variances of live latents are log 0.1 (KL ≫ 0.01).
    static func vae(_ z: Matrix, disentanglement: Double, seed: UInt64) throws -> Dataset {
        var g = SeededGenerator(seed: seed)
        let (n, k) = (z.rowCount, z.columnCount)
        let units = k
        let aligned = Int((disentanglement * Double(units)).rounded())
        var mixing = Matrix.zeros(rows: k, columns: units)
        for j in 0..<units {
            for i in 0..<k {
                mixing[i, j] = j < aligned ? (i == j % k ? 1 : 0) : g.nextNormal() / Double(k).squareRoot()
            }
        }
        let live = (z.matmul(mixing) + 0.05 * Matrix.randomNormal(rows: n, columns: units, using: &g)).columns(
            at: g.permutation(units))
        let dead = 1e-3 * Matrix.randomNormal(rows: n, columns: 2, using: &g)
        let means = Matrix.hstack([live, dead])
        let logvar = Matrix(rows: n, columns: units + 2) { _, j in j < units ? log(0.1) : 0 }
        var d = try StageFixtures.representation(means, variable: "means", dimension: "latent", prefix: "z")
        try d.setVariable("logvar", Variable(dimensions: ["stimulus", "latent"], data: NDArray(logvar)))
        return d
    }

    static func collection(levels: [Double], seeds: [UInt64], n: Int = 250) throws -> StageInputs {
        var g = SeededGenerator(seed: 99)
        let z = Matrix.randomNormal(rows: n, columns: 5, using: &g)
        var items = [(labels: [String: CanonicalValue], dataset: Dataset)]()
        for level in levels {
            for seed in seeds {
                items.append(
                    (
                        ["disentanglement": .double(level), "seed": .int(Int(seed))],
                        try vae(z, disentanglement: level, seed: seed)
                    ))
            }
        }
        return StageInputs(["latents": StageFixtures.collection(items, source: "vae")])
    }

    @Test("passes the stage conformance kit")
    func conformance() async throws {
        try await StageConformance.check(
            AlignUDRStage.self, parameters: "{ group_by: [disentanglement] }",
            inputs: try Self.collection(levels: [0.2, 1], seeds: [1, 2], n: 60))
    }

    @Test("end to end: UDR ranks simulated models by their true disentanglement; collapsed latents are filtered by KL")
    func ranksByDisentanglement() async throws {
        let levels = [0.0, 0.4, 0.6, 1.0]
        let out = try await StageFixtures.run(
            try AlignUDRStage(parameters: .init(group_by: ["disentanglement"])),
            try Self.collection(levels: levels, seeds: [1, 2, 3, 4]))
        let scores = try StageFixtures.values(out["scores"], "score")
        let ids = try #require(out["scores"]?.labels(of: "model"))
        #expect(ids.first == "disentanglement=0.0,seed=1")
        let counts = try #require(out["scores"]?.variable("informative_count").data.values(as: Int32.self))
        #expect(counts.allSatisfy { $0 == 5 }, "the two collapsed latents (KL ≈ 0) are not informative")
        let means = (0..<4).map { l in scores[(l * 4)..<(l * 4 + 4)].reduce(0, +) / 4 }
        #expect(means == means.sorted() && Set(means).count == 4, "mean UDR per level \(means) increases")
        // Perfectly disentangled models still score below 1: independent latents have sample
        // correlations of ~1/√250 that enter every column sum (5 latents: ≈ 1/(1 + 4·0.05)).
        #expect(means.last! > 0.75 && means.first! < means.last! - 0.2)
        // Pairs form only within a level: 4 seeds give 3 partners each.
        let pairs = try #require(out["scores"]).variable("pair_score").data.matrix()
        #expect(pairs[0, 1].isFinite && pairs[0, 4].isNaN)
        let groups = try #require(out["scores"]?.coordinates["group"]?.data.storage.textValues)
        #expect(groups[0] == "disentanglement=0.0" && groups[15] == "disentanglement=1.0")
    }

    @Test("informative latents from a kl variable, by variance, or all; a missing criterion is an error naming the fix")
    func informativeModes() async throws {
        var g = SeededGenerator(seed: 4)
        let z = Matrix.randomNormal(rows: 80, columns: 3, using: &g)
        var a = try StageFixtures.representation(z, variable: "means", dimension: "latent", prefix: "z")
        try a.setVariable("kl", Variable(dimensions: ["latent"], data: NDArray([0.5, 0.001, 0.3])))
        let b = try StageFixtures.representation(
            z.columns(at: [2, 1, 0]), variable: "means", dimension: "latent", prefix: "z")
        let binding: [String: StageInputs.Binding] = [
            "latents": StageFixtures.collection([(["seed": 1], a), (["seed": 2], a)], source: "m")
        ]
        let kl = try await StageFixtures.run(try AlignUDRStage(parameters: .init()), StageInputs(binding))
        #expect(try #require(kl["scores"]?.variable("informative_count").data.values(as: Int32.self)) == [2, 2])
        let all = StageInputs(["latents": StageFixtures.collection([(["seed": 1], b), (["seed": 2], b)], source: "m")])
        let everything = try await StageFixtures.run(try AlignUDRStage(parameters: .init(informative: "all")), all)
        #expect(
            try #require(everything["scores"]?.variable("informative_count").data.values(as: Int32.self)) == [3, 3])
        await #expect(
            throws: StageFailure(
                "input 'latents' item 'seed=1' has neither 'kl' nor 'logvar' for the KL criterion; "
                    + "add one, or set 'informative: variance' or 'informative: all'")
        ) {
            try await StageFixtures.run(try AlignUDRStage(parameters: .init()), all)
        }
        await #expect(throws: StageFailure("input 'latents' has 1 model(s); UDR compares at least 2")) {
            try await StageFixtures.run(
                try AlignUDRStage(parameters: .init(informative: "all")),
                StageInputs(["latents": StageFixtures.collection([(["seed": 1], b)], source: "m")]))
        }
    }
}

// RSABenchmark: RDMs of 10 layers (1,000 conditions × 10,000 units, correlation distance) and the
// Spearman comparison of each layer RDM with a brain RDM over 1,000 bootstrap samples of the
// stimuli, Isomorph against rsatoolbox on the same data and the same bootstrap index lists, at the
// same explicit thread count, in one run.
//
// Usage: RSABenchmark [--conditions 1000] [--units 10000] [--layers 10] [--bootstraps 1000]
//                     [--peer-bootstraps K] [--threads T] [--repeats 3]
// Python: $ISOMORPH_PYTHON, else ../.venv/bin/python (run from Benchmarks/), else ./.venv/bin/python.
//
// Method. Both sides build bitwise-identical inputs from one integer formula (nothing large is
// passed between them); Isomorph draws the bootstrap index lists (seeded) and hands them to the
// peer as a .npy file. Isomorph: RDMBuilder (one dsyrk per layer) and RDMBootstrap.evaluate (each
// RDM sorted once, one weighted-rank pass per sample, samples in parallel over T tasks), timed as a
// whole including preparation, best of `repeats`. rsatoolbox: calc_rdm(method='correlation') per
// layer, then per sample `subsample_pattern` of the model and brain RDMs and one
// `compare(models, brain, 'spearman')` for all layers at once (rsatoolbox's own
// eval_bootstrap_pattern calls compare once per model, which is slower), after a warm-up on small
// data. The peer's bootstrap takes ~1-3 s per sample here, so `--peer-bootstraps K` times it on the
// first K samples and scales the mean per-sample time to all samples (samples are independent and
// equally expensive); the report says when it did. Agreement of the RDMs and of the bootstrap
// scores (on the samples both computed) is printed as the largest absolute difference.
import Foundation
import IsomorphArrays
import IsomorphNumerics

struct Options {
    var conditions = 1000
    var units = 10000
    var layers = 10
    var bootstraps = 1000
    var peerBootstraps: Int?
    var threads = ProcessInfo.processInfo.activeProcessorCount
    var repeats = 3

    init(arguments: [String]) {
        var i = 1
        while i < arguments.count {
            let value = i + 1 < arguments.count ? Int(arguments[i + 1]) : nil
            switch (arguments[i], value) {
            case ("--conditions", let v?): conditions = v
            case ("--units", let v?): units = v
            case ("--layers", let v?): layers = v
            case ("--bootstraps", let v?): bootstraps = v
            case ("--peer-bootstraps", let v?): peerBootstraps = v
            case ("--threads", let v?): threads = v
            case ("--repeats", let v?): repeats = v
            default:
                FileHandle.standardError.write(Data("unknown or incomplete argument \(arguments[i])\n".utf8))
                exit(64)
            }
            i += 2
        }
    }
}

/// The shared input formula: `x_l[i, j] = h(i, j, l) + h(i mod 20, j, 1000 + l)`, a per-element
/// noise term plus a prototype shared by the stimuli of one of 20 categories, where `h` is a
/// SplitMix-style 64-bit hash scaled to [0, 1) with 53 bits. The brain uses `h(i, j, 100)` and
/// layer 3's prototypes. The hash is integer arithmetic modulo 2⁶⁴ and the scaling exact, so NumPy
/// (uint64) builds the same bits.
enum Inputs {
    static func h(_ i: Int, _ j: Int, _ l: Int) -> Double {
        var x =
            (UInt64(i) &* 0x9E37_79B9_7F4A_7C15) ^ (UInt64(j) &* 0xBF58_476D_1CE4_E5B9)
            ^ (UInt64(l) &* 0x94D0_49BB_1331_11EB)
        x ^= x >> 31
        x = x &* 0xD6E8_FEB8_6659_FD93
        x ^= x >> 32
        return Double(x >> 11) / 9_007_199_254_740_992
    }
    static func layer(_ l: Int, rows n: Int, columns p: Int, prototypes: Int? = nil) -> Matrix {
        Matrix(rows: n, columns: p) { i, j in h(i, j, l) + h(i % 20, j, 1000 + (prototypes ?? l)) }
    }
}

let peerSource = """
    import json, sys, time
    n, p, layers, peer_boot, threads, index_path, out_path = sys.argv[1:8]
    n, p, layers, peer_boot, threads = int(n), int(p), int(layers), int(peer_boot), int(threads)
    try:
        from threadpoolctl import threadpool_limits, threadpool_info
        limiter = threadpool_limits(limits=threads, user_api="blas")
    except ImportError:
        threadpool_info = lambda: []  # OPENBLAS_NUM_THREADS (set by the caller) still applies
    import numpy as np
    import rsatoolbox
    from rsatoolbox.rdm import RDMs, compare
    i = np.arange(n, dtype=np.uint64)[:, None]
    j = np.arange(p, dtype=np.uint64)[None, :]
    def h(i, j, l):
        x = (i * np.uint64(0x9E3779B97F4A7C15)) ^ (j * np.uint64(0xBF58476D1CE4E5B9)) ^ np.uint64((l * 0x94D049BB133111EB) % 2**64)
        x ^= x >> np.uint64(31)
        x *= np.uint64(0xD6E8FEB86659FD93)
        x ^= x >> np.uint64(32)
        return (x >> np.uint64(11)).astype(np.float64) / 9007199254740992.0
    def data(l, prototypes=None):
        return h(i, j, l) + h(i % np.uint64(20), j, 1000 + (l if prototypes is None else prototypes))
    def rdm(x): return rsatoolbox.rdm.calc_rdm(rsatoolbox.data.Dataset(x), method="correlation")
    # Warm-up (imports, first BLAS and einsum calls) on small data.
    rdm(np.random.default_rng(0).random((50, 100)))
    t_rdm = 0.0
    vectors = []
    for l in range(layers):
        x = data(l)
        t0 = time.perf_counter()
        r = rdm(x)
        t_rdm += time.perf_counter() - t0
        vectors.append(r.get_vectors()[0])
    models = RDMs(np.array(vectors))
    brain = RDMs(rdm(data(100, prototypes=3)).get_vectors())
    stim = np.load(index_path)
    scores = np.full((peer_boot, layers), np.nan)
    t_boot = 0.0
    for b in range(peer_boot):
        idx = stim[b].astype(int)
        t0 = time.perf_counter()
        if len(np.unique(idx)) >= 3:
            scores[b] = compare(models.subsample_pattern("index", idx), brain.subsample_pattern("index", idx), "spearman")[:, 0]
        t_boot += time.perf_counter() - t0
    np.savez(out_path, rdms=np.array(vectors), brain=brain.get_vectors()[0], scores=scores)
    blas = [x.get("num_threads", 0) for x in threadpool_info() if x.get("user_api") == "blas"]
    print(json.dumps({"t_rdm": t_rdm, "t_boot": t_boot, "numpy": np.__version__, "blas_threads": blas}), flush=True)
    """

func pythonPath() -> String {
    if let p = ProcessInfo.processInfo.environment["ISOMORPH_PYTHON"], !p.isEmpty { return p }
    for candidate in ["../.venv/bin/python", ".venv/bin/python"]
    where FileManager.default.isExecutableFile(atPath: candidate) {
        return candidate
    }
    return "python3"
}

func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18 }

func loadAverage() -> String {
    (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3)
        .joined(separator: " ") ?? "unknown"
}

struct PeerResult: Decodable {
    let t_rdm: Double
    let t_boot: Double
    let numpy: String
    let blas_threads: [Int]
}

func runPeer(_ o: Options, peerBootstraps: Int, indexPath: String, outPath: String) throws -> PeerResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: pythonPath())
    process.arguments = [
        "-c", peerSource, String(o.conditions), String(o.units), String(o.layers), String(peerBootstraps),
        String(o.threads), indexPath, outPath,
    ]
    var environment = ProcessInfo.processInfo.environment
    environment["OPENBLAS_NUM_THREADS"] = String(o.threads)
    environment["OMP_NUM_THREADS"] = String(o.threads)
    environment["MPLBACKEND"] = "Agg"
    process.environment = environment
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0, let line = String(data: data, encoding: .utf8)?.split(separator: "\n").last
    else {
        throw NSError(
            domain: "RSABenchmark", code: 1, userInfo: [NSLocalizedDescriptionKey: "the rsatoolbox peer failed"])
    }
    return try JSONDecoder().decode(PeerResult.self, from: Data(line.utf8))
}

func main() async throws {
    let o = Options(arguments: CommandLine.arguments)
    let peerBootstraps = min(o.peerBootstraps ?? o.bootstraps, o.bootstraps)
    BLAS.threadCount = o.threads
    let clock = ContinuousClock()
    print(
        "RSABenchmark: \(o.conditions) conditions × \(o.units) units × \(o.layers) layers (correlation RDMs); "
            + "Spearman vs a brain RDM over \(o.bootstraps) bootstrap samples of the stimuli; threads \(o.threads) "
            + "(OpenBLAS \(BLAS.threadCount), \(BLAS.coreName))")
    print("load average at start: \(loadAverage())")

    // Isomorph: RDMs.
    _ = RDMBuilder(measure: .correlation).rdm(Inputs.layer(0, rows: 50, columns: 100))  // warm-up
    var rdmTime = 0.0
    var models = [[Double]]()
    for l in 0..<o.layers {
        let x = Inputs.layer(l, rows: o.conditions, columns: o.units)
        var best = Double.infinity
        var vector = [Double]()
        for _ in 0..<o.repeats {
            let start = clock.now
            vector = CondensedRDM.vector(RDMBuilder(measure: .correlation).rdm(x))
            best = min(best, seconds(clock.now - start))
        }
        rdmTime += best
        models.append(vector)
    }
    let brain = CondensedRDM.vector(
        RDMBuilder(measure: .correlation).rdm(Inputs.layer(100, rows: o.conditions, columns: o.units, prototypes: 3)))

    // Isomorph: bootstrap (index lists drawn here, shared with the peer).
    let samples = RDMBootstrap.draw(o.bootstraps, conditions: o.conditions, groups: 1, scheme: .stimuli, seed: 2026)
    var bootTime = Double.infinity
    var evaluation: RDMBootstrap.Evaluation?
    for _ in 0..<o.repeats {
        let start = clock.now
        let prepared = models.map(RDMVector.init)
        evaluation = try await RDMBootstrap.evaluate(
            models: prepared, references: [RDMVector(brain)], groups: [0], groupCount: 1, method: .spearman,
            samples: samples, noiseCeiling: false, threads: o.threads)
        bootTime = min(bootTime, seconds(clock.now - start))
    }
    print(
        String(
            format: "isomorph done: RDMs %.3f s, bootstrap %.3f s; load average %@", rdmTime, bootTime, loadAverage()))

    // The peer.
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rsabench-\(getpid())")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let indexPath = dir.appendingPathComponent("stim.npy").path
    try NPY.write(
        NDArray(
            shape: [o.bootstraps, o.conditions], values: samples.flatMap { $0.stimuli!.map { Int32($0) } }),
        to: indexPath)
    let outPath = dir.appendingPathComponent("peer.npz").path
    let peer = try runPeer(o, peerBootstraps: peerBootstraps, indexPath: indexPath, outPath: outPath)
    let result = try NPZ.read(contentsOf: outPath)

    // Agreement.
    let peerRDMs = result["rdms"]!.doubles!
    let rdmDiff = maxAbs(zip(models.flatMap { $0 }, peerRDMs).map { $0 - $1 })
    let peerScores = result["scores"]!.doubles!
    var scoreDiff = 0.0
    for b in 0..<peerBootstraps {
        for l in 0..<o.layers {
            scoreDiff = max(scoreDiff, abs(evaluation!.scores[b, l] - peerScores[b * o.layers + l]))
        }
    }
    let peerBoot = peer.t_boot / Double(peerBootstraps) * Double(o.bootstraps)
    let note = peerBootstraps < o.bootstraps ? " (measured on \(peerBootstraps) samples, scaled)" : ""
    print(
        "rsatoolbox peer (numpy \(peer.numpy), BLAS threads \(peer.blas_threads)) done; load average \(loadAverage())")
    print("")
    print("phase                       isomorph (s)   rsatoolbox (s)   ratio")
    print(
        String(
            format: "RDMs, %2d layers             %12.3f   %14.3f   %6.1f×", o.layers, rdmTime, peer.t_rdm,
            peer.t_rdm / rdmTime))
    print(
        String(
            format: "Spearman bootstrap, %4d    %12.3f   %14.3f   %6.1f×%@", o.bootstraps, bootTime, peerBoot,
            peerBoot / bootTime, note))
    let total = rdmTime + bootTime
    let peerTotal = peer.t_rdm + peerBoot
    print(String(format: "total                       %12.3f   %14.3f   %6.1f×", total, peerTotal, peerTotal / total))
    print(
        String(
            format: "agreement: max |ΔRDM| = %.2e, max |Δscore| = %.2e over %d samples × %d layers", rdmDiff, scoreDiff,
            peerBootstraps, o.layers))
}

func maxAbs(_ values: [Double]) -> Double { values.reduce(0) { max($0, abs($1)) } }

do {
    try await main()
} catch {
    FileHandle.standardError.write(Data("RSABenchmark: \(error.localizedDescription)\n".utf8))
    exit(1)
}

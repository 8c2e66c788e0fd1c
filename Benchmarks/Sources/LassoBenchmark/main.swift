// LassoBenchmark: cross-validated LASSO for many targets sharing one design — Isomorph's
// LassoCrossValidation against scikit-learn's LassoCV looped over the targets, on the same data,
// the same folds, the same α grid size, tolerance and max_iter, at the same thread counts.
//
// Usage: LassoBenchmark [--targets 159] [--features 50] [--samples 2100] [--alphas 100] [--folds 10]
//                       [--threads 1,2] [--repeats 3] [--peer-repeats 1]
// Python: $ISOMORPH_PYTHON, else ../.venv/bin/python (run from Benchmarks/), else ./.venv/bin/python.
//
// Method. Data: features are 50 correlated columns (10 shared factors plus noise), targets a
// sparse random mix of features plus noise, drawn from a seeded generator and written to an .npz
// that the scikit-learn peer reads, with the 10 contiguous K-fold test folds, so both sides fit
// the very same problems. Threads: both sides use T worker threads with single-threaded BLAS
// inside them — Isomorph fits T targets at a time (task group), scikit-learn runs LassoCV with
// n_jobs=T (its threads over folds) under threadpoolctl's BLAS limit of 1. Timing: one warm-up on
// a few targets per side, then the best of N full runs (Isomorph) and of M full runs (peer, slower).
// Check: the α each side selects per target (same index on the same grid) and the largest
// coefficient difference of the refits, which must be at rounding level (same coordinate descent).
import Foundation
import IsomorphArrays
import IsomorphNumerics

struct Options {
    var targets = 159
    var features = 50
    var samples = 2100
    var alphas = 100
    var folds = 10
    var threadCounts = [1, ProcessInfo.processInfo.activeProcessorCount]
    var repeats = 3
    var peerRepeats = 1

    init(arguments: [String]) {
        var i = 1
        while i < arguments.count {
            let value = i + 1 < arguments.count ? arguments[i + 1] : ""
            switch arguments[i] {
            case "--targets": targets = Int(value) ?? targets
            case "--features": features = Int(value) ?? features
            case "--samples": samples = Int(value) ?? samples
            case "--alphas": alphas = Int(value) ?? alphas
            case "--folds": folds = Int(value) ?? folds
            case "--repeats": repeats = Int(value) ?? repeats
            case "--peer-repeats": peerRepeats = Int(value) ?? peerRepeats
            case "--threads":
                threadCounts = value.split(separator: ",").compactMap {
                    $0 == "all" ? ProcessInfo.processInfo.activeProcessorCount : Int($0)
                }
            default:
                FileHandle.standardError.write(Data("unknown argument \(arguments[i])\n".utf8))
                exit(64)
            }
            i += 2
        }
    }
}

/// The scikit-learn peer: reads X, Y, fold_of; runs LassoCV per target `repeats` times; writes JSON.
let peerSource = """
    import json, sys, time, warnings
    import numpy as np
    from threadpoolctl import threadpool_limits
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.linear_model import LassoCV
    from sklearn.model_selection import PredefinedSplit
    import sklearn
    warnings.simplefilter("ignore", ConvergenceWarning)
    data = np.load(sys.argv[1])
    threads, repeats, n_alphas = int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
    X, Y = data["X"], data["Y"]
    splits = list(PredefinedSplit(data["fold_of"]).split())
    kw = dict(alphas=n_alphas, eps=1e-3, tol=1e-4, max_iter=1000, cv=splits, n_jobs=threads)
    with threadpool_limits(limits=1, user_api="blas"):
        for j in range(min(3, Y.shape[1])):
            LassoCV(**kw).fit(X, Y[:, j])  # warm-up
        times = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            models = [LassoCV(**kw).fit(X, Y[:, j]) for j in range(Y.shape[1])]
            times.append(time.perf_counter() - t0)
    index = [int(np.argmin(m.mse_path_.mean(axis=1))) for m in models]
    json.dump({"sklearn": sklearn.__version__, "times": times, "index": index,
               "coef": [m.coef_.tolist() for m in models]}, open(sys.argv[2], "w"))
    """

struct PeerResult: Decodable {
    let sklearn: String
    let times: [Double]
    let index: [Int]
    let coef: [[Double]]
}

func pythonPath() -> String {
    if let p = ProcessInfo.processInfo.environment["ISOMORPH_PYTHON"], !p.isEmpty { return p }
    for candidate in ["../.venv/bin/python", ".venv/bin/python"]
    where FileManager.default.isExecutableFile(atPath: candidate) {
        return candidate
    }
    return "python3"
}

func runPeer(data: String, threads: Int, repeats: Int, alphas: Int) throws -> PeerResult {
    let output = NSTemporaryDirectory() + "lasso-peer-\(getpid()).json"
    let process = Process()
    process.executableURL = URL(fileURLWithPath: pythonPath())
    process.arguments = ["-c", peerSource, data, output, String(threads), String(repeats), String(alphas)]
    var environment = ProcessInfo.processInfo.environment
    environment["OPENBLAS_NUM_THREADS"] = "1"
    environment["OMP_NUM_THREADS"] = "1"
    process.environment = environment
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw NSError(
            domain: "LassoBenchmark", code: Int(process.terminationStatus),
            userInfo: [NSLocalizedDescriptionKey: "peer failed"])
    }
    defer { try? FileManager.default.removeItem(atPath: output) }
    return try JSONDecoder().decode(PeerResult.self, from: Data(contentsOf: URL(fileURLWithPath: output)))
}

/// Correlated features and sparse targets (seeded).
func problem(_ o: Options) -> (x: Matrix, y: Matrix) {
    var g = SeededGenerator(seed: 2020)
    let factors = Matrix.randomNormal(rows: o.samples, columns: 10, using: &g)
    let loading = Matrix.randomNormal(rows: 10, columns: o.features, using: &g)
    let x = factors.matmul(loading) * 0.5 + Matrix.randomNormal(rows: o.samples, columns: o.features, using: &g)
    var w = Matrix.zeros(rows: o.features, columns: o.targets)
    for t in 0..<o.targets {
        for j in 0..<o.features where g.nextUniform() < 0.15 { w[j, t] = g.nextNormal() }
    }
    let noise = Double(2) * Matrix.randomNormal(rows: o.samples, columns: o.targets, using: &g)
    return (x, x.matmul(w) + noise)
}

func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18 }
func format(_ x: Double, _ digits: Int = 2) -> String { String(format: "%.\(digits)f", x) }
func pad(_ s: String, _ width: Int) -> String {
    s.count >= width ? s : String(repeating: " ", count: width - s.count) + s
}

let options = Options(arguments: CommandLine.arguments)
let (x, y) = problem(options)
let splits = try Splitter.kFold(folds: options.folds, shuffle: false).splits(count: options.samples)
let foldOf = splits.foldAssignment(count: options.samples)!
let directory = NSTemporaryDirectory() + "lasso-benchmark-\(getpid())"
try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
let dataPath = directory + "/data.npz"
try NPZ.write(["X": NDArray(x), "Y": NDArray(y), "fold_of": NDArray(foldOf.map(Int64.init))], to: dataPath)
defer { try? FileManager.default.removeItem(atPath: directory) }

print(
    "LassoBenchmark: LassoCV for \(options.targets) targets × \(options.features) features × \(options.samples) samples,"
)
print(
    "\(options.alphas) alphas × \(options.folds) folds, tol 1e-4, max_iter 1000; T worker threads, BLAS 1 thread inside"
)
print(
    "Isomorph: LassoCrossValidation (Gram per fold shared by all targets, T targets at a time); best of \(options.repeats)"
)
print("scikit-learn: LassoCV(n_jobs=T) per target, same folds; best of \(options.peerRepeats)")
print("")
print(
    pad("threads", 7) + pad("Isomorph s", 12) + pad("sklearn s", 12) + pad("speed-up", 10) + pad("same α", 9)
        + pad("max |Δcoef|", 13))
BLAS.threadCount = 1
let cv = LassoCrossValidation(
    alphaCount: options.alphas, eps: 1e-3, options: LassoOptions(tolerance: 1e-4, maxIterations: 1000))
for threads in options.threadCounts {
    // Warm-up.
    _ = try await cv.fit(x: x, y: y.columns(0..<min(3, options.targets)), splits: splits, concurrency: threads)
    var best = Double.infinity
    var result: LassoCrossValidationResult?
    let clock = ContinuousClock()
    for _ in 0..<options.repeats {
        let start = clock.now
        result = try await cv.fit(x: x, y: y, splits: splits, concurrency: threads)
        best = min(best, seconds(clock.now - start))
    }
    let peer = try runPeer(data: dataPath, threads: threads, repeats: options.peerRepeats, alphas: options.alphas)
    let ours = result!
    let same = (0..<options.targets).filter { ours.selections[$0].minimumIndex == peer.index[$0] }.count
    let coefficients = ours.coefficients(.minimum)
    var worst = 0.0
    for t in 0..<options.targets {
        for j in 0..<options.features { worst = max(worst, abs(coefficients[j, t] - peer.coef[t][j])) }
    }
    let theirs = peer.times.min()!
    print(
        pad(String(threads), 7) + pad(format(best), 12) + pad(format(theirs), 12)
            + pad(format(theirs / best, 1) + "×", 10)
            + pad("\(same)/\(options.targets)", 9) + pad(String(format: "%.1e", worst), 13))
    if threads == options.threadCounts.last { print("(scikit-learn \(peer.sklearn))") }
}

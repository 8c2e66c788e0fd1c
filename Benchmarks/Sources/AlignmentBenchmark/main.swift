// AlignmentBenchmark: the variance-explained and alignment analysis of Higgins et al. 2020 for
// many models against the same neurons — Isomorph's LassoAlignment against the scikit-learn loop a
// scientist writes for it, on the same data, folds, grid, tolerance and max_iter, at the same
// thread count.
//
// Usage: AlignmentBenchmark [--models 50] [--neurons 159] [--images 2100] [--units 50]
//                           [--alphas 100] [--folds 10] [--threads N] [--peer-models 2]
// Python: $ISOMORPH_PYTHON, else ../.venv/bin/python (run from Benchmarks/), else ./.venv/bin/python.
//
// The work per model (both sides): units whose variance is below 1% of the model's most variable
// unit are uninformative and zeroed; units and neurons are z-scored (ddof 0); per neuron, 10-fold
// cross-validated LASSO over 100 α; the α of the one-standard-error rule (SE = std(ddof 1)/√10);
// the refit on all images at that α (the weights), held-out predictions at that α (variance
// explained = 1 − SSE/SST); DCI completeness of |weights|. scikit-learn: LassoCV(n_jobs=T) per
// neuron, the one-SE index from its mse_path_, Lasso(alpha_1se).fit for the weights and
// cross_val_predict(Lasso(alpha_1se)) with the same folds for the held-out predictions.
//
// scikit-learn needs about a minute per model on a quiet 2-core machine, so by default it runs on
// the first `--peer-models` models and Isomorph on all of them: the table compares both on the same
// models (times and ratio; each scikit-learn model runs right after Isomorph's on it, so both see
// the same load), then gives Isomorph's time for all models and the scikit-learn time for
// all models extrapolated from its per-model time (labelled as such). `--peer-models 50` runs the
// full comparison. Threads: T worker threads with single-threaded BLAS inside on both sides
// (Isomorph: T neurons at a time; scikit-learn: LassoCV's n_jobs=T threads over folds).
// Check: the completeness of each compared model on both sides (same coordinate descent: rounding
// level) and the mean variance explained (cold- vs warm-started fold fits: within the tolerance).
import Foundation
import IsomorphArrays
import IsomorphNumerics

struct Options {
    var models = 50
    var neurons = 159
    var images = 2100
    var units = 50
    var alphas = 100
    var folds = 10
    var threads = ProcessInfo.processInfo.activeProcessorCount
    var peerModels = 2

    init(arguments: [String]) {
        var i = 1
        while i < arguments.count {
            let value = Int(i + 1 < arguments.count ? arguments[i + 1] : "")
            switch arguments[i] {
            case "--models": models = value ?? models
            case "--neurons": neurons = value ?? neurons
            case "--images": images = value ?? images
            case "--units": units = value ?? units
            case "--alphas": alphas = value ?? alphas
            case "--folds": folds = value ?? folds
            case "--threads": threads = value ?? threads
            case "--peer-models": peerModels = value ?? peerModels
            default:
                FileHandle.standardError.write(Data("unknown argument \(arguments[i])\n".utf8))
                exit(64)
            }
            i += 2
        }
        peerModels = min(peerModels, models)
    }
}

let peerSource = """
    import json, sys, time, warnings
    import numpy as np
    from threadpoolctl import threadpool_limits
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.linear_model import Lasso, LassoCV
    from sklearn.model_selection import PredefinedSplit, cross_val_predict
    import sklearn
    warnings.simplefilter("ignore", ConvergenceWarning)
    data = np.load(sys.argv[1])
    threads, models, n_alphas = int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
    neurons = data["neurons"]
    splits = list(PredefinedSplit(data["fold_of"]).split())
    kw = dict(tol=1e-4, max_iter=1000)

    def zscore(a):
        sd = a.std(axis=0)
        return np.where(sd > 0, (a - a.mean(axis=0)) / np.where(sd > 0, sd, 1), 0.0)

    def completeness(w):
        r = np.abs(w)
        p = r / r.sum(axis=0)
        with np.errstate(divide="ignore", invalid="ignore"):
            h = -np.nansum(np.where(p > 0, p * np.log(p), 0), axis=0) / np.log(r.shape[0])
        return float(np.sum(r.sum(axis=0) / r.sum() * (1 - h)))

    def analyse(units):
        var = units.var(axis=0)
        x = zscore(units)
        x[:, var / var.max() < 0.01] = 0
        y = zscore(neurons)
        weights, ve = np.zeros((x.shape[1], y.shape[1])), []
        for j in range(y.shape[1]):
            cv = LassoCV(alphas=n_alphas, eps=1e-3, cv=splits, n_jobs=threads, **kw).fit(x, y[:, j])
            mean = cv.mse_path_.mean(axis=1)
            se = cv.mse_path_.std(axis=1, ddof=1) / np.sqrt(len(splits))
            best = int(np.argmin(mean))
            alpha = cv.alphas_[int(np.nonzero(mean <= mean[best] + se[best])[0][0])]
            weights[:, j] = Lasso(alpha=alpha, **kw).fit(x, y[:, j]).coef_
            held = cross_val_predict(Lasso(alpha=alpha, **kw), x, y[:, j], cv=splits, n_jobs=threads)
            ve.append(1 - np.sum((y[:, j] - held) ** 2) / np.sum((y[:, j] - y[:, j].mean()) ** 2))
        return completeness(weights), float(np.mean(ve))

    with threadpool_limits(limits=1, user_api="blas"):
        LassoCV(alphas=n_alphas, cv=splits, **kw).fit(zscore(data["model0"]), zscore(neurons)[:, 0])  # warm-up
        print(json.dumps({"sklearn": sklearn.__version__}), flush=True)
        for line in sys.stdin:
            if not line.startswith("run"):
                break
            units = data["model" + line.split()[1]]
            t0 = time.perf_counter()
            c, v = analyse(units)
            print(json.dumps({"time": time.perf_counter() - t0, "completeness": c, "ve": v}), flush=True)
    """

struct PeerHello: Decodable {
    let sklearn: String
}

struct PeerResult: Decodable {
    let time: Double
    let completeness: Double
    let ve: Double
}

/// The scikit-learn peer process, driven one model at a time over stdin/stdout so that each of its
/// timed models runs right after Isomorph's on the same model (both see the same machine load).
final class Peer {
    let process = Process()
    let input = Pipe()
    let output = Pipe()
    var buffer = Data()

    init(arguments: [String]) throws {
        process.executableURL = URL(fileURLWithPath: pythonPath())
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["OPENBLAS_NUM_THREADS"] = "1"
        environment["OMP_NUM_THREADS"] = "1"
        process.environment = environment
        process.standardInput = input
        process.standardOutput = output
        try process.run()
    }

    func readLine() throws -> Data {
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = buffer[buffer.startIndex..<newline]
                buffer.removeSubrange(buffer.startIndex...newline)
                return Data(line)
            }
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { fatalError("the scikit-learn peer (\(pythonPath())) stopped unexpectedly") }
            buffer.append(chunk)
        }
    }

    func run(model m: Int) throws -> PeerResult {
        input.fileHandleForWriting.write(Data("run \(m)\n".utf8))
        return try JSONDecoder().decode(PeerResult.self, from: readLine())
    }

    func close() {
        input.fileHandleForWriting.write(Data("quit\n".utf8))
        process.waitUntilExit()
    }
}

func pythonPath() -> String {
    if let p = ProcessInfo.processInfo.environment["ISOMORPH_PYTHON"], !p.isEmpty { return p }
    for candidate in ["../.venv/bin/python", ".venv/bin/python"]
    where FileManager.default.isExecutableFile(atPath: candidate) {
        return candidate
    }
    return "python3"
}

/// A face-like study: 12 latent factors; each neuron reads 1–2 factors plus noise; model m has
/// 8–14 informative units, a fraction of which read one factor each (more for later models), the
/// rest mixtures; its other units are collapsed (variance ≈ 1e-6 of the informative ones).
func study(_ o: Options) -> (neurons: Matrix, models: [Matrix]) {
    var g = SeededGenerator(seed: 2021)
    let k = 12
    let z = Matrix.randomNormal(rows: o.images, columns: k, using: &g)
    var reading = Matrix.zeros(rows: k, columns: o.neurons)
    for j in 0..<o.neurons {
        reading[j % k, j] = 1
        if g.nextUniform() < 0.4 { reading[Int(g.nextUniform() * Double(k)), j] += 0.5 * g.nextNormal() }
    }
    let neurons = z.matmul(reading) + Matrix.randomNormal(rows: o.images, columns: o.neurons, using: &g)
    var models = [Matrix]()
    for m in 0..<o.models {
        let informative = min(o.units, 8 + m % 7)
        let aligned = Int(Double(informative) * Double(m) / Double(max(1, o.models - 1)))
        var mixing = Matrix.zeros(rows: k, columns: o.units)
        for u in 0..<o.units {
            for f in 0..<k {
                if u < aligned {
                    mixing[f, u] = f == u % k ? 1 : 0
                } else if u < informative {
                    mixing[f, u] = g.nextNormal() / Double(k).squareRoot()
                }
            }
        }
        var units = z.matmul(mixing) + 0.1 * Matrix.randomNormal(rows: o.images, columns: o.units, using: &g)
        for i in 0..<o.images { for u in informative..<o.units { units[i, u] *= 1e-2 } }
        models.append(units)
    }
    return (neurons, models)
}

func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18 }
func format(_ x: Double, _ digits: Int = 2) -> String { String(format: "%.\(digits)f", x) }
func pad(_ s: String, _ width: Int) -> String {
    s.count >= width ? s : String(repeating: " ", count: width - s.count) + s
}

let options = Options(arguments: CommandLine.arguments)
let (neurons, models) = study(options)
let splits = try Splitter.kFold(folds: options.folds, shuffle: false).splits(count: options.images)
let directory = NSTemporaryDirectory() + "alignment-benchmark-\(getpid())"
try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(atPath: directory) }
var arrays = OrderedDictionary<String, NDArray>()
arrays["neurons"] = NDArray(neurons)
arrays["fold_of"] = NDArray(splits.foldAssignment(count: options.images)!.map(Int64.init))
for m in 0..<options.peerModels { arrays["model\(m)"] = NDArray(models[m]) }
let dataPath = directory + "/data.npz"
try NPZ.write(arrays, to: dataPath)

print(
    "AlignmentBenchmark: \(options.models) models × \(options.units) units, \(options.neurons) neurons × \(options.images) images;"
)
print(
    "per model and neuron: \(options.folds)-fold LASSO CV over \(options.alphas) α, one-SE α, refit, held-out VE; DCI completeness"
)
print(
    "\(options.threads) worker thread(s) on both sides, BLAS 1 thread inside; load average at start: \(loadAverage())")
BLAS.threadCount = 1
let settings = LassoAlignment.Settings(alphaCount: options.alphas)
_ = try await LassoAlignment(
    units: models[0], neurons: neurons.columns(0..<4), splits: splits, settings: settings, concurrency: options.threads)
let peer = try Peer(arguments: ["-c", peerSource, dataPath, "", String(options.threads), "0", String(options.alphas)])
let hello = try JSONDecoder().decode(PeerHello.self, from: peer.readLine())
let clock = ContinuousClock()
var ours = [(time: Double, completeness: Double, ve: Double)]()
var theirs = [PeerResult]()
for m in 0..<options.models {
    let start = clock.now
    let a = try await LassoAlignment(
        units: models[m], neurons: neurons, splits: splits, settings: settings, concurrency: options.threads)
    let ve = a.varianceExplained.reduce(0, +) / Double(a.varianceExplained.count)
    ours.append((seconds(clock.now - start), a.completeness.score, ve))
    if m < options.peerModels { theirs.append(try peer.run(model: m)) }
}
peer.close()

print("")
print(
    pad("model", 6) + pad("Isomorph s", 12) + pad("sklearn s", 11) + pad("speed-up", 10) + pad("C Isomorph", 12)
        + pad("C sklearn", 11) + pad("VE Isomorph", 13) + pad("VE sklearn", 12))
for m in 0..<options.peerModels {
    print(
        pad(String(m), 6) + pad(format(ours[m].time), 12) + pad(format(theirs[m].time), 11)
            + pad(format(theirs[m].time / ours[m].time, 1) + "×", 10) + pad(format(ours[m].completeness, 6), 12)
            + pad(format(theirs[m].completeness, 6), 11) + pad(format(ours[m].ve, 5), 13)
            + pad(format(theirs[m].ve, 5), 12)
    )
}
let oursSubset = ours.prefix(options.peerModels).reduce(0) { $0 + $1.time }
let peerSubset = theirs.reduce(0) { $0 + $1.time }
let oursAll = ours.reduce(0) { $0 + $1.time }
print("")
print(
    "same \(options.peerModels) model(s): Isomorph \(format(oursSubset)) s, scikit-learn \(format(peerSubset)) s, speed-up \(format(peerSubset / oursSubset, 1))×"
)
print(
    "all \(options.models) models: Isomorph \(format(oursAll)) s measured; scikit-learn ≈ \(format(peerSubset / Double(options.peerModels) * Double(options.models), 0)) s "
        + (options.peerModels == options.models ? "measured" : "extrapolated from \(options.peerModels) model(s)"))
let scores = ours.map(\.completeness)
print(
    "completeness over models: min \(format(scores.min()!, 3)), max \(format(scores.max()!, 3)) (rises with the aligned fraction)"
)
print("(scikit-learn \(hello.sklearn); load average at end: \(loadAverage()))")

func loadAverage() -> String {
    (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(
        separator: " ") ?? "?"
}

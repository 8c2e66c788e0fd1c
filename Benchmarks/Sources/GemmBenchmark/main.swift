// GemmBenchmark: dgemm and sgemm throughput of Isomorph (BLAS.gemm over the system OpenBLAS)
// against NumPy (np.matmul over its bundled OpenBLAS), on the same matrices, at the same explicit
// thread counts, in one run.
//
// Usage: GemmBenchmark [--sizes 512,1024,2048,4096] [--repeats N] [--threads 1,all]
// Python: $ISOMORPH_PYTHON, else ../.venv/bin/python (run from Benchmarks/), else ./.venv/bin/python.
//
// Method: C = A·B for n×n matrices whose entries both sides compute from the same integer formula
// (so they are bitwise identical), C preallocated (no allocation inside the timed region), one
// warm-up call, then the best of N timed calls (N grows for small n so each row takes ~1 s).
// GFLOP/s = 2n³ / best time. Each side sets its BLAS thread count explicitly (Isomorph through
// BLAS.threadCount, NumPy through threadpoolctl and OPENBLAS_NUM_THREADS) and reports the count in
// effect. The trace of C is compared between the two sides as a check that both computed the
// same product.
import Foundation
import IsomorphNumerics

struct Options {
    var sizes = [512, 1024, 2048, 4096]
    var repeats = 3
    var threadCounts = [1, ProcessInfo.processInfo.activeProcessorCount]

    init(arguments: [String]) {
        var i = 1
        while i < arguments.count {
            let flag = arguments[i]
            let value = i + 1 < arguments.count ? arguments[i + 1] : ""
            switch flag {
            case "--sizes": sizes = value.split(separator: ",").compactMap { Int($0) }
            case "--repeats": repeats = Int(value) ?? repeats
            case "--threads":
                threadCounts = value.split(separator: ",").compactMap {
                    $0 == "all" ? ProcessInfo.processInfo.activeProcessorCount : Int($0)
                }
            default:
                FileHandle.standardError.write(Data("unknown argument \(flag)\n".utf8))
                exit(64)
            }
            i += 2
        }
    }

    /// Timed repetitions for size n: at least `repeats`, more for small n (capped at 50).
    func repeats(for n: Int) -> Int {
        let perCall = 2 * pow(Double(n), 3) / 50e9  // seconds at a rough 50 GFLOP/s
        return max(repeats, min(50, Int(1.0 / perCall)))
    }
}

/// One measurement: the best time of one configuration and the trace of C.
struct Measurement: Decodable {
    let n: Int
    let dtype: String
    let seconds: Double
    let trace: Double

    var gflops: Double { 2 * pow(Double(n), 3) / seconds / 1e9 }
}

/// The benchmark inputs, computed from integers so NumPy builds bitwise the same matrices.
func inputs(_ n: Int) -> (Matrix, Matrix) {
    let a = Matrix(rows: n, columns: n) { i, j in Double((i * 7 + j * 13) % 101) / 101 - 0.5 }
    let b = Matrix(rows: n, columns: n) { i, j in Double((i * 11 + j * 5) % 97) / 97 - 0.5 }
    return (a, b)
}

func trace<S: MatrixScalar>(_ c: DenseMatrix<S>) -> Double { c.diagonal.reduce(0.0) { $0 + Double($1) } }

/// Best-of-`repeats` time of `BLAS.gemm(a, b, into: &c)` after one warm-up call.
func bestTime<S: MatrixScalar>(_ a: DenseMatrix<S>, _ b: DenseMatrix<S>, repeats: Int) -> (Double, Double) {
    var c = DenseMatrix<S>.zeros(rows: a.rowCount, columns: b.columnCount)
    BLAS.gemm(a, b, into: &c)
    let clock = ContinuousClock()
    var best = Double.infinity
    for _ in 0..<repeats {
        let elapsed = clock.measure { BLAS.gemm(a, b, into: &c) }
        best = min(best, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
    }
    return (best, trace(c))
}

func measureIsomorph(threads: Int, options: Options) -> [Measurement] {
    BLAS.threadCount = threads
    if BLAS.threadCount != threads {
        print("warning: OpenBLAS runs \(BLAS.threadCount) threads, \(threads) requested")
    }
    var results: [Measurement] = []
    for n in options.sizes {
        let (a, b) = inputs(n)
        let repeats = options.repeats(for: n)
        let (td, trd) = bestTime(a, b, repeats: repeats)
        results.append(Measurement(n: n, dtype: "float64", seconds: td, trace: trd))
        let (ts, trs) = bestTime(FloatMatrix(a), FloatMatrix(b), repeats: repeats)
        results.append(Measurement(n: n, dtype: "float32", seconds: ts, trace: trs))
    }
    return results
}

/// The NumPy peer, run as `python -c PEER threads sizes repeats`; prints one JSON object.
let peer = """
    import json, math, sys, time
    threads = int(sys.argv[1])
    sizes = [int(s) for s in sys.argv[2].split(",")]
    repeats = [int(s) for s in sys.argv[3].split(",")]
    import numpy as np
    info = []
    try:
        from threadpoolctl import threadpool_info, threadpool_limits
        limiter = threadpool_limits(limits=threads, user_api="blas")
        info = [i for i in threadpool_info() if i.get("user_api") == "blas"]
    except ImportError:
        pass  # OPENBLAS_NUM_THREADS (set by the caller) still applies
    results = []
    for n, r in zip(sizes, repeats):
        i = np.arange(n)[:, None]
        j = np.arange(n)[None, :]
        a = ((i * 7 + j * 13) % 101) / 101 - 0.5
        b = ((i * 11 + j * 5) % 97) / 97 - 0.5
        for dtype in ("float64", "float32"):
            A, B = a.astype(dtype), b.astype(dtype)
            C = np.empty((n, n), dtype=dtype)
            np.matmul(A, B, out=C)
            best = math.inf
            for _ in range(r):
                t0 = time.perf_counter()
                np.matmul(A, B, out=C)
                best = min(best, time.perf_counter() - t0)
            results.append({"n": n, "dtype": dtype, "seconds": best, "trace": float(np.trace(C, dtype=np.float64))})
    print(json.dumps({"numpy": np.__version__, "blas": info, "results": results}))
    """

struct PeerOutput: Decodable {
    struct BLASInfo: Decodable {
        let version: String?
        let architecture: String?
        let threads: Int?
        enum CodingKeys: String, CodingKey {
            case version, architecture
            case threads = "num_threads"
        }
    }
    let numpy: String
    let blas: [BLASInfo]
    let results: [Measurement]
}

func pythonPath() -> String {
    if let p = ProcessInfo.processInfo.environment["ISOMORPH_PYTHON"], !p.isEmpty { return p }
    for candidate in ["../.venv/bin/python", ".venv/bin/python"]
    where FileManager.default.isExecutableFile(atPath: candidate) {
        return candidate
    }
    return "python3"
}

func measureNumpy(threads: Int, options: Options) throws -> PeerOutput {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: pythonPath())
    process.arguments = [
        "-c", peer, String(threads), options.sizes.map(String.init).joined(separator: ","),
        options.sizes.map { String(options.repeats(for: $0)) }.joined(separator: ","),
    ]
    var environment = ProcessInfo.processInfo.environment
    environment["OPENBLAS_NUM_THREADS"] = String(threads)
    environment["OMP_NUM_THREADS"] = String(threads)
    process.environment = environment
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw NSError(
            domain: "GemmBenchmark", code: Int(process.terminationStatus),
            userInfo: [
                NSLocalizedDescriptionKey:
                    "the NumPy peer (\(pythonPath())) exited with status \(process.terminationStatus)"
            ])
    }
    return try JSONDecoder().decode(PeerOutput.self, from: data)
}

func pad(_ s: String, _ width: Int) -> String {
    s.count >= width ? s : String(repeating: " ", count: width - s.count) + s
}

func format(_ x: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f", x) }

let options = Options(arguments: CommandLine.arguments)
print("GemmBenchmark: C = A·B, n×n, best of N after 1 warm-up (N ≥ \(options.repeats)); GFLOP/s = 2n³/t")
print("Isomorph: \(BLAS.configuration) (kernel \(BLAS.coreName)); \(BLAS.processorCount) processors")
for threads in options.threadCounts {
    let numpy = try measureNumpy(threads: threads, options: options)
    if threads == options.threadCounts.first {
        let blas = numpy.blas.first
        print(
            "NumPy \(numpy.numpy): OpenBLAS \(blas?.version ?? "?") (kernel \(blas?.architecture ?? "?"))")
        print("")
        print(
            "threads  op     " + pad("n", 5) + pad("Isomorph GFLOP/s", 18) + pad("NumPy GFLOP/s", 15)
                + pad("Isomorph/NumPy", 16) + pad("trace rel. diff", 17))
    }
    if let reported = numpy.blas.first?.threads, reported != threads {
        print("warning: NumPy's OpenBLAS runs \(reported) threads, \(threads) requested")
    }
    Thread.sleep(forTimeInterval: 0.5)  // let the peer's threads wind down before measuring ours
    let ours = measureIsomorph(threads: threads, options: options)
    for mine in ours {
        guard let theirs = numpy.results.first(where: { $0.n == mine.n && $0.dtype == mine.dtype }) else { continue }
        let diff = abs(mine.trace - theirs.trace) / max(abs(theirs.trace), 1e-300)
        let op = mine.dtype == "float64" ? "dgemm" : "sgemm"
        print(
            pad(String(threads), 7) + "  " + op + " " + pad(String(mine.n), 5) + pad(format(mine.gflops), 18)
                + pad(format(theirs.gflops), 15) + pad(format(mine.gflops / theirs.gflops, 2), 16)
                + pad(String(format: "%.1e", diff), 17))
    }
}

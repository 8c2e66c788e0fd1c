// GemmBenchmark: dgemm and sgemm throughput of Isomorph (BLAS.gemm over the system OpenBLAS)
// against NumPy (np.matmul over its bundled OpenBLAS), on the same matrices, at the same explicit
// thread counts, in one run.
//
// Usage: GemmBenchmark [--sizes 512,1024,2048,4096] [--repeats N] [--threads 1,all] [--pause S]
// Python: $ISOMORPH_PYTHON, else ../.venv/bin/python (run from Benchmarks/), else ./.venv/bin/python.
//
// Method: C = A·B for n×n matrices whose entries both sides compute from the same integer formula
// (so they are bitwise identical), C preallocated (no allocation inside the timed region). NumPy
// runs in a long-lived peer process driven over a pipe, so after one warm-up call per side the N
// timed calls alternate (NumPy, Isomorph, NumPy, ...): on a shared machine both sides then see the
// same load. Each side's best time counts; N grows for small n (up to 20). GFLOP/s = 2n³ / best.
// Each side sets its BLAS thread count explicitly (Isomorph through BLAS.threadCount, NumPy
// through threadpoolctl and OPENBLAS_NUM_THREADS) and reports the count in effect. The trace of
// C is compared between the two sides as a check that both computed the same product.
import Foundation
import IsomorphNumerics

struct Options {
    var sizes = [512, 1024, 2048, 4096]
    var repeats = 3
    var threadCounts = [1, ProcessInfo.processInfo.activeProcessorCount]
    /// Seconds to pause between the two sides' calls when running several threads, so that the
    /// other library's idle worker threads (OpenBLAS spins ~0.1 s before sleeping) do not steal cores.
    var pause = 0.15

    init(arguments: [String]) {
        var i = 1
        while i < arguments.count {
            let flag = arguments[i]
            let value = i + 1 < arguments.count ? arguments[i + 1] : ""
            switch flag {
            case "--sizes": sizes = value.split(separator: ",").compactMap { Int($0) }
            case "--repeats": repeats = Int(value) ?? repeats
            case "--pause": pause = Double(value) ?? pause
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
        return max(repeats, min(20, Int(1.0 / perCall)))
    }
}

/// One row of the table: both sides' best times for one size, type and thread count.
struct Row {
    let threads: Int
    let n: Int
    let dtype: String
    var isomorph = Double.infinity
    var numpy = Double.infinity
    var isomorphTrace = 0.0
    var numpyTrace = 0.0

    func gflops(_ seconds: Double) -> Double { 2 * pow(Double(n), 3) / seconds / 1e9 }
}

/// The benchmark inputs, computed from integers so NumPy builds bitwise the same matrices.
func inputs(_ n: Int) -> (Matrix, Matrix) {
    let a = Matrix(rows: n, columns: n) { i, j in Double((i * 7 + j * 13) % 101) / 101 - 0.5 }
    let b = Matrix(rows: n, columns: n) { i, j in Double((i * 11 + j * 5) % 97) / 97 - 0.5 }
    return (a, b)
}

func trace<S: MatrixScalar>(_ c: DenseMatrix<S>) -> Double { c.diagonal.reduce(0.0) { $0 + Double($1) } }

func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18 }

/// The NumPy peer: a long-running `python -c PEER` process driven line by line over stdin/stdout,
/// so its timed calls can alternate with ours (both sides then see the same machine load).
/// Commands: `setup N DTYPE` (build the inputs, one warm-up matmul), `time` (one timed matmul,
/// replies seconds), `trace` (replies the trace of C); the first line it prints describes its BLAS.
let peerSource = """
    import json, sys, time
    threads = int(sys.argv[1])
    import numpy as np
    info = []
    try:
        from threadpoolctl import threadpool_info, threadpool_limits
        limiter = threadpool_limits(limits=threads, user_api="blas")
        info = [i for i in threadpool_info() if i.get("user_api") == "blas"]
    except ImportError:
        pass  # OPENBLAS_NUM_THREADS (set by the caller) still applies
    print(json.dumps({"numpy": np.__version__, "blas": info}), flush=True)
    A = B = C = None
    for line in sys.stdin:
        cmd = line.split()
        if cmd[0] == "setup":
            n, dtype = int(cmd[1]), cmd[2]
            i = np.arange(n)[:, None]
            j = np.arange(n)[None, :]
            A = (((i * 7 + j * 13) % 101) / 101 - 0.5).astype(dtype)
            B = (((i * 11 + j * 5) % 97) / 97 - 0.5).astype(dtype)
            C = np.empty((n, n), dtype=dtype)
            np.matmul(A, B, out=C)
            print("ok", flush=True)
        elif cmd[0] == "time":
            t0 = time.perf_counter()
            np.matmul(A, B, out=C)
            print(repr(time.perf_counter() - t0), flush=True)
        elif cmd[0] == "trace":
            print(repr(float(np.trace(C, dtype=np.float64))), flush=True)
        else:
            break
    """

struct PeerInfo: Decodable {
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
}

struct PeerError: Error, CustomStringConvertible {
    let description: String
}

/// A running NumPy peer process.
final class Peer {
    let process = Process()
    let input = Pipe()
    let output = Pipe()
    var buffer = Data()
    let info: PeerInfo

    init(threads: Int) throws {
        process.executableURL = URL(fileURLWithPath: pythonPath())
        process.arguments = ["-c", peerSource, String(threads)]
        var environment = ProcessInfo.processInfo.environment
        environment["OPENBLAS_NUM_THREADS"] = String(threads)
        environment["OMP_NUM_THREADS"] = String(threads)
        process.environment = environment
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        buffer = Data()
        info = try JSONDecoder().decode(PeerInfo.self, from: Data(Peer.readLine(output, &buffer, process).utf8))
    }

    static func readLine(_ pipe: Pipe, _ buffer: inout Data, _ process: Process) throws -> String {
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self)
                buffer.removeSubrange(buffer.startIndex...newline)
                return line
            }
            let chunk = pipe.fileHandleForReading.availableData
            if chunk.isEmpty {
                throw PeerError(description: "the NumPy peer (\(pythonPath())) stopped unexpectedly")
            }
            buffer.append(chunk)
        }
    }

    func send(_ command: String) throws -> String {
        input.fileHandleForWriting.write(Data((command + "\n").utf8))
        return try Peer.readLine(output, &buffer, process)
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

/// Measures one size and type on both sides, alternating timed calls.
func measure<S: MatrixScalar>(
    _ a: DenseMatrix<S>, _ b: DenseMatrix<S>, dtype: String, threads: Int, repeats: Int, pause: Double, peer: Peer
) throws -> Row {
    var row = Row(threads: threads, n: a.rowCount, dtype: dtype)
    guard try peer.send("setup \(a.rowCount) \(dtype)") == "ok" else { throw PeerError(description: "setup failed") }
    var c = DenseMatrix<S>.zeros(rows: a.rowCount, columns: b.columnCount)
    BLAS.gemm(a, b, into: &c)  // warm-up
    let clock = ContinuousClock()
    for _ in 0..<repeats {
        guard let t = Double(try peer.send("time")) else { throw PeerError(description: "bad timing reply") }
        row.numpy = min(row.numpy, t)
        if pause > 0 { Thread.sleep(forTimeInterval: pause) }
        row.isomorph = min(row.isomorph, seconds(clock.measure { BLAS.gemm(a, b, into: &c) }))
        if pause > 0 { Thread.sleep(forTimeInterval: pause) }
    }
    row.isomorphTrace = trace(c)
    row.numpyTrace = Double(try peer.send("trace")) ?? .nan
    return row
}

func pad(_ s: String, _ width: Int) -> String {
    s.count >= width ? s : String(repeating: " ", count: width - s.count) + s
}

func format(_ x: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f", x) }

let options = Options(arguments: CommandLine.arguments)
print("GemmBenchmark: C = A·B, n×n; one warm-up, then N timed calls per side, alternating; best time each")
print("(N ≥ \(options.repeats), more for small n; \(options.pause) s pauses between sides when multi-threaded)")
print("GFLOP/s = 2n³/t")
print("Isomorph: \(BLAS.configuration) (kernel \(BLAS.coreName)); \(BLAS.processorCount) processors")
var printedHeader = false
for threads in options.threadCounts {
    BLAS.threadCount = threads
    if BLAS.threadCount != threads {
        print("warning: Isomorph's OpenBLAS runs \(BLAS.threadCount) threads, \(threads) requested")
    }
    let peer = try Peer(threads: threads)
    defer { peer.close() }
    if !printedHeader {
        let blas = peer.info.blas.first
        print("NumPy \(peer.info.numpy): OpenBLAS \(blas?.version ?? "?") (kernel \(blas?.architecture ?? "?"))")
        print("")
        print(
            "threads  op     " + pad("n", 5) + pad("Isomorph GFLOP/s", 18) + pad("NumPy GFLOP/s", 15)
                + pad("Isomorph/NumPy", 16) + pad("trace rel. diff", 17))
        printedHeader = true
    }
    if let reported = peer.info.blas.first?.threads, reported != threads {
        print("warning: NumPy's OpenBLAS runs \(reported) threads, \(threads) requested")
    }
    let pause = threads > 1 ? options.pause : 0
    for n in options.sizes {
        let (a, b) = inputs(n)
        let repeats = options.repeats(for: n)
        let rows = [
            try measure(a, b, dtype: "float64", threads: threads, repeats: repeats, pause: pause, peer: peer),
            try measure(
                FloatMatrix(a), FloatMatrix(b), dtype: "float32", threads: threads, repeats: repeats, pause: pause,
                peer: peer),
        ]
        for row in rows {
            let diff = abs(row.isomorphTrace - row.numpyTrace) / max(abs(row.numpyTrace), 1e-300)
            let ours = row.gflops(row.isomorph)
            let theirs = row.gflops(row.numpy)
            print(
                pad(String(threads), 7) + "  " + (row.dtype == "float64" ? "dgemm" : "sgemm") + " " + pad(String(n), 5)
                    + pad(format(ours), 18) + pad(format(theirs), 15) + pad(format(ours / theirs, 2), 16)
                    + pad(String(format: "%.1e", diff), 17))
        }
    }
}

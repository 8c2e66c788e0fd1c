// Writes then reads a 1 GiB float32 activation matrix (65,536 × 4,096) with zstd level 3 and
// chunks of 64 whole rows (1 MiB), in Isomorph (ArtifactWriter streaming 1,024-row blocks,
// ArtifactReader reading 1,024-row blocks) and in h5py + hdf5plugin (the same blocks, the same
// chunk shape and level), on the same bytes: Swift generates them and saves a .npy that Python
// loads before timing. Prints MB/s for both sides, the ratios and the file sizes.
//
//   Benchmarks/run.sh HDF5Benchmark            (ISOMORPH_BENCH_ROWS=8192 for a quick run)
import Foundation
import IsomorphArrays
import IsomorphHDF5

let rows = Int(ProcessInfo.processInfo.environment["ISOMORPH_BENCH_ROWS"] ?? "") ?? 65_536
let columns = 4_096
let blockRows = 1_024
let level = 3
let chunkRows = 64
let totalBytes = Double(rows * columns * 4)
let megabyte = 1_000_000.0

/// Deterministic activation-like data: per row, a smooth AR(1) walk along the units driven by
/// xorshift noise, shifted by a per-row offset and rectified (about half the units are zero, as
/// after a ReLU); the rest are smooth positive floats with full-entropy low mantissa bits.
func makeBlock(_ index: Int) -> NDArray {
    let first = index * blockRows
    let count = min(blockRows, rows - first)
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15 &+ UInt64(first) &* 0xBF58_476D_1CE4_E5B9
    func uniform() -> Float {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return Float(state >> 40) / Float(1 << 24)
    }
    let values = [Float](unsafeUninitializedCapacity: count * columns) { buffer, initialized in
        for r in 0..<count {
            var x = uniform()
            let offset = uniform() * 0.3 + 0.85
            for c in 0..<columns {
                x = 0.92 * x + 0.08 * uniform() * 2
                buffer[r * columns + c] = max(0, x - offset) * 3.7
            }
        }
        initialized = count * columns
    }
    return NDArray(shape: [count, columns], values: values)
}

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func fileSize(_ path: String) -> Int {
    ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
}

/// Writes the blocks as one .npy file (version 1.0 header, little-endian float32, C order).
func writeNPY(_ blocks: [NDArray], to path: String) throws {
    var header = "{'descr': '<f4', 'fortran_order': False, 'shape': (\(rows), \(columns)), }"
    let unpadded = 10 + header.utf8.count + 1
    header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
    var data = Data([0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0])
    withUnsafeBytes(of: UInt16(header.utf8.count).littleEndian) { data.append(contentsOf: $0) }
    data.append(contentsOf: header.utf8)
    _ = FileManager.default.createFile(atPath: path, contents: data)
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    defer { try? handle.close() }
    try handle.seekToEnd()
    for block in blocks {
        guard let values = block.values(as: Float.self) else { continue }
        try values.withUnsafeBytes { try handle.write(contentsOf: Data($0)) }
    }
}

let pythonPeer = """
    import json, sys, time
    import h5py, hdf5plugin, numpy as np
    npy, out, block, chunk_rows, level = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
    a = np.load(npy)
    rows = a.shape[0]
    t0 = time.perf_counter()
    with h5py.File(out, "w") as f:
        d = f.create_dataset("act", shape=a.shape, dtype="<f4", chunks=(chunk_rows, a.shape[1]),
                             **hdf5plugin.Zstd(clevel=level))
        for i in range(0, rows, block):
            d[i:i + block] = a[i:i + block]
    t1 = time.perf_counter()
    with h5py.File(out, "r") as f:
        d = f["act"]
        for i in range(0, rows, block):
            x = d[i:i + block]
    t2 = time.perf_counter()
    with h5py.File(out, "r") as f:
        ok = bool(np.array_equal(f["act"][:block], a[:block]) and np.array_equal(f["act"][-block:], a[-block:]))
    print(json.dumps({"write": t1 - t0, "read": t2 - t1, "ok": ok}))
    """

func runPython(_ arguments: [String]) throws -> String {
    let python =
        ProcessInfo.processInfo.environment["ISOMORPH_PYTHON"].flatMap { $0.isEmpty ? nil : $0 }
        ?? FileManager.default.currentDirectoryPath + "/../.venv/bin/python"
    let process = Process()
    process.executableURL = URL(fileURLWithPath: python)
    process.arguments = ["-c", pythonPeer] + arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw HDF5Error(
            .libraryFailure, file: python, operation: "run h5py peer", reason: "exit \(process.terminationStatus)")
    }
    return String(decoding: output, as: UTF8.self)
}

let directory = FileManager.default.temporaryDirectory.appendingPathComponent("isomorph-hdf5-bench-\(getpid())")
try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
defer {
    if ProcessInfo.processInfo.environment["ISOMORPH_BENCH_KEEP"] == "1" {
        print("kept \(directory.path)")
    } else {
        try? FileManager.default.removeItem(at: directory)
    }
}
let swiftFile = directory.appendingPathComponent("isomorph.nc").path
let pythonFile = directory.appendingPathComponent("h5py.h5").path
let npyFile = directory.appendingPathComponent("act.npy").path

print(
    "HDF5Benchmark: \(rows) × \(columns) float32 (\(Int(totalBytes) >> 20) MiB), zstd level \(level), chunks \(chunkRows) × \(columns), blocks of \(blockRows) rows"
)
let blockCount = (rows + blockRows - 1) / blockRows
var blocks = [NDArray]()
let generation = seconds { blocks = (0..<blockCount).map(makeBlock) }
try writeNPY(blocks, to: npyFile)
print(String(format: "generated in %.2f s; .npy for Python written", generation))

// Isomorph: stream the blocks through the artifact writer (digest computed while writing), then
// read them back in blocks. The two sides alternate `repeats` times on the same data; each
// side's best time is reported, which damps noise from other work on the machine.
let threads =
    Int(ProcessInfo.processInfo.environment["ISOMORPH_BENCH_THREADS"] ?? "")
    ?? ProcessInfo.processInfo.activeProcessorCount
let repeats = max(1, Int(ProcessInfo.processInfo.environment["ISOMORPH_BENCH_REPEAT"] ?? "") ?? 3)
var options = ArtifactWriteOptions(compressionLevel: level, chunkTargetBytes: chunkRows * columns * 4)
options.threads = threads
options.overwrite = true
print("Isomorph on \(threads) threads; best of \(repeats) alternating runs per side")

var digest: ContentDigest?
var swiftWrite = Double.infinity
var swiftRead = Double.infinity
var pyWrite = Double.infinity
var pyRead = Double.infinity
for repetition in 0..<repeats {
    swiftWrite = min(
        swiftWrite,
        try seconds {
            let writer = try ArtifactWriter(path: swiftFile, options: options)
            try writer.beginVariable(
                "act", dtype: .float32, dimensions: ["stimulus", "unit"], shape: [rows, columns], attributes: [:])
            for block in blocks { try writer.append("act", rows: block) }
            digest = try writer.finish()
        })
    // Like the Python loop, each block is dropped when the next arrives (memory is reused).
    var lastBlock: NDArray?
    swiftRead = min(
        swiftRead,
        try seconds {
            try ArtifactReader.withReader(swiftFile) { reader in
                reader.threads = threads
                for start in stride(from: 0, to: rows, by: blockRows) {
                    lastBlock = try reader.readRows("act", start..<min(rows, start + blockRows))
                }
            }
        })
    guard lastBlock == blocks.last else { fatalError("Isomorph read back different values") }
    if repetition == 0 {
        try ArtifactReader.withReader(swiftFile) { reader in
            for (index, block) in blocks.enumerated() {
                let start = index * blockRows
                guard try reader.readRows("act", start..<(start + block.shape[0])) == block else {
                    fatalError("Isomorph read back different values in block \(index)")
                }
            }
        }
        guard try ArtifactFile.computeDigest(swiftFile) == digest else { fatalError("stored digest differs") }
    }
    let peer = try runPython([npyFile, pythonFile, "\(blockRows)", "\(chunkRows)", "\(level)"])
    guard let json = try JSONSerialization.jsonObject(with: Data(peer.utf8)) as? [String: Any],
        let write = json["write"] as? Double, let read = json["read"] as? Double, json["ok"] as? Bool == true
    else { fatalError("h5py peer failed: \(peer)") }
    pyWrite = min(pyWrite, write)
    pyRead = min(pyRead, read)
}
let digestOnly = seconds {
    let digester = VariableDigester(
        dtype: .float32, dimensions: ["stimulus", "unit"], shape: [rows, columns], attributes: [:])
    for block in blocks { digester.append(block.storage) }
    precondition(Dataset.combine(coordinates: [], variables: [("act", digester.finalize())]) == digest)
}
blocks = []

func rate(_ t: Double) -> Double { totalBytes / megabyte / t }
func row(_ cells: String...) {
    let widths = [12, 10, 10, 8]
    print(
        zip(cells, widths).enumerated().map { i, pair in
            let pad = String(repeating: " ", count: max(0, pair.1 - pair.0.count))
            return i == 0 ? pair.0 + pad : pad + pair.0
        }.joined(separator: " "))
}
func number(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", value) }
let swiftSize = Double(fileSize(swiftFile))
let pySize = Double(fileSize(pythonFile))
row("", "Isomorph", "h5py", "ratio")
row("write MB/s", number(rate(swiftWrite), 0), number(rate(pyWrite), 0), number(pyWrite / swiftWrite, 2))
row("read MB/s", number(rate(swiftRead), 0), number(rate(pyRead), 0), number(pyRead / swiftRead, 2))
row("write s", number(swiftWrite, 2), number(pyWrite, 2))
row("read s", number(swiftRead, 2), number(pyRead, 2))
row("file MiB", number(swiftSize / 1_048_576, 1), number(pySize / 1_048_576, 1), number(swiftSize / pySize, 3))
print(
    String(
        format: "SHA-256 content digest alone: %.2f s (%.0f MB/s), included in Isomorph's write", digestOnly,
        rate(digestOnly)))
print("ratio = h5py time / Isomorph time (above 1: Isomorph is faster)")

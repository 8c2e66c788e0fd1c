import Foundation
import IsomorphArrays
import OrderedCollections

/// Runs a Python reference implementation (NumPy, SciPy, scikit-learn, rsatoolbox, himalaya,
/// onnxruntime, h5py, xarray) and returns its results, so tests compare Isomorph against the
/// implementation the field trusts.
///
/// A script lives in `Tests/Oracles/NAME.py` and is called as
/// `python NAME.py INPUT.npz OUTPUT.npz [ARGS...]`: it reads its inputs from the first archive and
/// writes its results to the second (`numpy.savez`). Scalars travel as 0-d arrays.
///
/// The interpreter is `$ISOMORPH_PYTHON`, or else the repository's `.venv/bin/python` (which
/// `Scripts/setup.sh --test` creates). If neither exists the oracle throws: a missing reference
/// is a test failure, never a silent skip.
public enum Oracle {
    /// An oracle that could not run or that reported an error.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// The repository root (found from this file's path).
    public static let repositoryRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }()

    /// The Python interpreter the oracles run with.
    public static func python() throws -> String {
        if let explicit = ProcessInfo.processInfo.environment["ISOMORPH_PYTHON"], !explicit.isEmpty {
            return explicit
        }
        let venv = repositoryRoot.appendingPathComponent(".venv/bin/python").path
        if FileManager.default.isExecutableFile(atPath: venv) { return venv }
        throw Failure(
            description:
                "no Python for reference checks: set ISOMORPH_PYTHON or run `bash Scripts/setup.sh --test`")
    }

    /// The path of an oracle script.
    public static func script(_ name: String) -> String {
        repositoryRoot.appendingPathComponent("Tests/Oracles/\(name).py").path
    }

    /// Runs `Tests/Oracles/<name>.py` on `inputs` and returns the arrays it wrote.
    /// - Parameters:
    ///   - name: Script name without `.py`.
    ///   - inputs: Arrays the script reads from its input archive.
    ///   - arguments: Extra command-line arguments after the two archive paths.
    public static func run(
        _ name: String, inputs: OrderedDictionary<String, NDArray> = [:], arguments: [String] = []
    ) throws -> OrderedDictionary<String, NDArray> {
        let dir = try TemporaryDirectory(prefix: "oracle-\(name)")
        let input = dir.path("in.npz")
        let output = dir.path("out.npz")
        try NPZ.write(inputs, to: input)
        try runScript(name, arguments: [input, output] + arguments)
        return try NPZ.read(contentsOf: output)
    }

    /// Runs `Tests/Oracles/<name>.py` with the given arguments and returns its standard output.
    @discardableResult
    public static func runScript(_ name: String, arguments: [String]) throws -> String {
        try runPython([script(name)] + arguments)
    }

    /// Runs the oracle interpreter with arbitrary arguments (`-c CODE`, a script path) and returns stdout.
    @discardableResult
    public static func runPython(_ arguments: [String], environment: [String: String] = [:]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try python())
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["PYTHONHASHSEED"] = "0"
        env["OMP_NUM_THREADS"] = env["OMP_NUM_THREADS"] ?? "1"
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Drain both pipes concurrently so a chatty script cannot block on a full pipe.
        let errData = LockedData()
        let reader = Thread { errData.set(err.fileHandleForReading.readDataToEndOfFile()) }
        reader.start()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !errData.isSet { usleep(1000) }
        guard process.terminationStatus == 0 else {
            let stderr = String(decoding: errData.get(), as: UTF8.self)
            throw Failure(
                description:
                    "python \(arguments.first ?? "") exited with status \(process.terminationStatus):\n"
                    + stderr.suffix(4000))
        }
        return String(decoding: outData, as: UTF8.self)
    }
}

/// A small lock-protected buffer for draining a pipe on another thread.
private final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var data: Data?
    func set(_ d: Data) { lock.withLock { data = d } }
    var isSet: Bool { lock.withLock { data != nil } }
    func get() -> Data { lock.withLock { data ?? Data() } }
}

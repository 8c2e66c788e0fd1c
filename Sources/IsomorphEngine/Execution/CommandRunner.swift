import Foundation
import IsomorphArrays
import IsomorphCore

/// Runs a command stage: an argv (never a shell), with `${in.x}` replaced by input object paths
/// (read-only files), `${out.y}` by paths in a fresh scratch directory, and `${scratch}` by a
/// private working directory. stdout and stderr go to the node's log.
///
/// Each `${out.y}` is `<scratch>/out/y.h5`. The program writes there an HDF5/netCDF-4 file
/// (xarray's `to_netcdf`, h5py) or a `.npy` file (`numpy.save` appends `.npy`, which is also
/// accepted). The engine recognises the format by its magic bytes, re-encodes the result as an
/// artifact and digests it. The child inherits the engine's environment plus the declared
/// `env:`, `ISOMORPH_NODE`, `ISOMORPH_SEED`, `ISOMORPH_THREADS`, and `OMP_NUM_THREADS`,
/// `OPENBLAS_NUM_THREADS`, `MKL_NUM_THREADS` set to the node's thread budget unless declared.
enum CommandRunner {
    static func run(
        _ command: CommandAction, job: NodeJob, scratch: String, log: NodeLogFile, context: RunContext
    ) async throws -> [String: StageOutputs.Value] {
        let node = job.node
        func failure(_ message: String, argv: [String]? = nil) -> NodeFailure {
            NodeFailure(node: node.id, kind: "command", version: nil, message: message, argv: argv)
        }
        guard command.isTrusted else { throw untrusted(node) }
        let outDirectory = scratch + "/out"
        let workDirectory = scratch + "/work"
        try Syscalls.makeDirectories(outDirectory)
        try Syscalls.makeDirectories(workDirectory)
        var outputPaths = [String: String]()
        for port in node.outputs { outputPaths[port] = "\(outDirectory)/\(CacheLayout.fileName(for: port)).h5" }
        let layout = context.store.layout

        func render(_ argument: CommandAction.Argument) throws -> [String] {
            switch argument {
            case .literal(let s): return [s]
            case .input(let port):
                guard let inputs = job.inputs[port] else {
                    throw failure("argv uses ${in.\(port)}, which is not an input")
                }
                return inputs.map { layout.objectPath($0.output.digest) }
            case .output(let port):
                guard let path = outputPaths[port] else {
                    throw failure("argv uses ${out.\(port)}, which is not a declared output")
                }
                return [path]
            case .scratch: return [workDirectory]
            case .concatenation(let parts):
                var results = [""]
                for part in parts {
                    let values = try render(part)
                    results = results.flatMap { prefix in values.map { prefix + $0 } }
                }
                return results
            }
        }
        let argv = try command.argv.flatMap(render)
        guard let program = argv.first else { throw failure("the command line is empty") }

        var environment = context.environment
        for name in ["OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"] {
            environment[name] = String(job.threads)
        }
        environment["ISOMORPH_NODE"] = node.id.rawValue
        environment["ISOMORPH_SEED"] = String(node.seed)
        environment["ISOMORPH_THREADS"] = String(job.threads)
        for (k, v) in command.environment { environment[k] = v }

        guard let executable = resolve(program, in: command.workingDirectory, path: environment["PATH"]) else {
            throw failure("program '\(program)' not found (searched PATH)", argv: argv)
        }
        log.write(line: "$ " + argv.map(NodeFailure.quoted).joined(separator: " "))
        log.write(line: "  (in \(command.workingDirectory))")
        let status: Syscalls.ExitStatus
        do {
            status = try await ChildProcess.run(
                executable: executable, argv: argv, environment: environment, directory: command.workingDirectory,
                logPath: log.path, timeout: node.resources.timeSeconds)
        } catch ChildProcess.Interruption.timedOut(let seconds) {
            throw failure("timed out after \(seconds) s (resources.time) and was stopped", argv: argv)
        } catch let error as SystemCallError {
            throw failure("\(error)", argv: argv)
        }
        switch status {
        case .exited(0): break
        case .exited(let code): throw failure("exited with status \(code)", argv: argv)
        case .signalled(let signal): throw failure("killed by signal \(signal)", argv: argv)
        }
        var outputs = [String: StageOutputs.Value]()
        for port in node.outputs {
            let expected = outputPaths[port]!
            guard let path = [expected, expected + ".npy"].first(where: { Syscalls.status($0)?.isRegularFile == true })
            else {
                throw failure("did not write output '\(port)' (expected a file at \(expected))", argv: argv)
            }
            do {
                outputs[port] = .dataset(try readOutput(path, port: port))
            } catch {
                throw failure("cannot read output '\(port)' written at \(path): \(error)", argv: argv)
            }
        }
        return outputs
    }

    /// The refusal to run a command from an untrusted include.
    static func untrusted(_ node: GraphNode) -> NodeFailure {
        NodeFailure(
            node: node.id, kind: "command", version: nil,
            message: "it comes from an included file that is not trusted, so it may not run programs; "
                + "review the include, then rerun with --trust")
    }

    /// Reads a program's output file: HDF5/netCDF-4 or `.npy`, recognised by magic bytes.
    static func readOutput(_ path: String, port: String) throws -> Dataset {
        let fd = try Syscalls.open(path, O_RDONLY)
        var magic = [UInt8](repeating: 0, count: 8)
        let n = magic.withUnsafeMutableBytes { read(fd, $0.baseAddress, 8) }
        Syscalls.close(fd)
        let hdf5: [UInt8] = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]
        let npy: [UInt8] = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]
        if n == 8 && magic == hdf5 {
            switch try ArtifactCodec.importForeign(path, variable: nil, matlab: false) {
            case .dataset(let dataset): return dataset
            case .array(let array):
                return try Dataset(variable: port, dimensions: (0..<array.rank).map { "dim_\($0)" }, data: array)
            }
        }
        if n >= 6 && Array(magic.prefix(6)) == npy {
            let array = try NPY.read(contentsOf: path)
            return try Dataset(variable: port, dimensions: (0..<array.rank).map { "dim_\($0)" }, data: array)
        }
        throw StageFailure("not an HDF5/netCDF-4 or .npy file")
    }

    /// The executable for `program`: a path (relative to the working directory) or a name on `PATH`.
    static func resolve(_ program: String, in directory: String, path: String?) -> String? {
        func executable(_ p: String) -> Bool { access(p, X_OK) == 0 && Syscalls.status(p)?.isRegularFile == true }
        if program.contains("/") {
            let full = program.hasPrefix("/") ? program : directory + "/" + program
            return executable(full) ? full : nil
        }
        for dir in (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") where !dir.isEmpty {
            let candidate = "\(dir)/\(program)"
            if executable(candidate) { return candidate }
        }
        return nil
    }
}

import ArgumentParser
import Foundation

/// `isomorph init [DIR]`: writes a starter study that validates and runs.
struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a starter pipeline.yaml (with a small data file and script) in a directory.",
        discussion: """
            Writes DIR/pipeline.yaml, DIR/data/responses.csv and DIR/scripts/summarize.py, and \
            never overwrites an existing file unless --force is given. Then: \
            `isomorph plan pipeline.yaml`, `isomorph run pipeline.yaml`.
            """)

    @Argument(help: "The directory to create the study in.")
    var directory: String = "."

    @Flag(help: "Overwrite existing files.")
    var force = false

    func run() async throws {
        let root = URL(fileURLWithPath: directory)
        let files: [(String, String)] = [
            ("pipeline.yaml", InitCommand.pipeline),
            ("data/responses.csv", InitCommand.responses),
            ("scripts/summarize.py", InitCommand.script),
        ]
        if !force {
            let existing = files.map { root.appendingPathComponent($0.0).path }.filter {
                FileManager.default.fileExists(atPath: $0)
            }
            if !existing.isEmpty {
                throw Console.fail(
                    "\(existing.joined(separator: ", ")) already exists; use --force to overwrite",
                    code: ExitStatus.usage)
            }
        }
        do {
            for (name, text) in files {
                let url = root.appendingPathComponent(name)
                try FileManager.default.createDirectory(
                    at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try text.write(to: url, atomically: true, encoding: .utf8)
            }
        } catch {
            throw Console.fail("cannot write the starter study in \(root.path): \(error)")
        }
        let spec = root.appendingPathComponent("pipeline.yaml").path
        Console.out(
            "wrote \(spec)\nnext: isomorph plan \(spec)   then   isomorph run \(spec)\n")
    }

    /// The starter spec: a data source and a command stage, with built-in stages sketched.
    static let pipeline = """
        # An Isomorph study: data sources, then stages. `isomorph plan pipeline.yaml` shows what
        # would run and why; `isomorph run pipeline.yaml` runs it; results are cached by content
        # in ./cache, so a rerun only computes what changed. `isomorph stages` lists the built-in
        # stage kinds and their parameters.
        isomorph: 1
        name: starter
        params: { seed: 7 }                # override with: isomorph run pipeline.yaml -p seed=8

        data:
          # A table of responses: one row per stimulus, one column per recording site.
          responses: { path: data/responses.csv, axes: [stimulus, site] }

        stages:
          # An external program (argv, never a shell). ${in.x} is the input artifact (netCDF-4),
          # ${out.summary} where to write the output (.npy or netCDF-4). The script's bytes are
          # part of the cache key, so editing it reruns this stage.
          summarize:
            run: [python3, scripts/summarize.py, "${in.x}", "${out.summary}", --seed, "${params.seed}"]
            code: [scripts/summarize.py]
            in: { x: data.responses }
            out: [summary]

          # Built-in stages run in-process, for example (see `isomorph stages`):
          # rdm:
          #   uses: rsa.rdm
          #   in: { x: data.responses }
          #   with: { distance: correlation }

        """

    /// Seeded example responses (6 stimuli × 3 sites).
    static let responses = """
        stimulus,site_a,site_b,site_c
        face1,0.91,0.12,0.33
        face2,0.87,0.18,0.29
        body1,0.22,0.95,0.41
        body2,0.25,0.89,0.38
        scene1,0.31,0.27,0.97
        scene2,0.35,0.22,0.92

        """

    /// The starter script: needs only NumPy.
    static let script = """
        \"\"\"Writes a small summary array. argv: the input artifact (netCDF-4; read it with
        xarray.open_dataset(path, engine="h5netcdf") after `import hdf5plugin`), the output path.\"\"\"
        import sys

        import numpy as np

        out = sys.argv[2]
        seed = int(sys.argv[sys.argv.index("--seed") + 1])
        rng = np.random.default_rng(seed)
        # A stand-in computation; a real script would read its input from sys.argv[1].
        summary = rng.normal(size=(3,))
        np.save(out, summary)  # numpy appends .npy, which Isomorph accepts

        """
}

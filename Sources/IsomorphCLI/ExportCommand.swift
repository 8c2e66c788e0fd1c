import ArgumentParser
import Foundation
import IsomorphArrays
import IsomorphCore
import IsomorphEngine

/// `isomorph export STAGE.PORT --format npy|csv|json --output FILE`: one variable of an artifact.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write one variable of an artifact as .npy, CSV or JSON.",
        discussion: """
            ARTIFACT is STAGE.PORT (STAGE[value].PORT for a fanned-out stage), an object digest, \
            or an artifact file (see `isomorph show`). An artifact with several data variables \
            needs --variable. CSV is a table for 1-D and 2-D variables (labels from the \
            coordinates) and one row per element above; JSON holds dims, shape, dtype, \
            coordinates, values (nested lists) and attributes.
            """)

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case npy, csv, json
    }

    @Argument(help: "STAGE.PORT, an object digest, or a file.")
    var artifact: String

    @Option(help: "npy, csv or json.")
    var format: OutputFormat

    @Option(name: [.customShort("o"), .long], help: "The file to write.")
    var output: String

    @Option(help: "The data variable to export (required when the artifact has several).")
    var variable: String?

    @OptionGroup var options: ArtifactOptions

    func run() async throws {
        let resolved = try await withEngineOrExit(cache: options.cacheOptions.cacheURL) {
            try $0.resolveArtifact(artifact, specPath: options.specPath)
        }
        let dataset: Dataset
        do {
            dataset = try StoredArtifactReader.read(resolved.path)
        } catch {
            throw Console.fail("cannot read \(resolved.label) at \(resolved.path): \(error)")
        }
        let name: String
        if let variable {
            guard dataset.variables[variable] != nil else {
                throw Console.fail(
                    "\(resolved.label) has no variable '\(variable)' (variables: "
                        + dataset.variables.keys.joined(separator: ", ") + ")", code: ExitStatus.usage)
            }
            name = variable
        } else if dataset.variables.count == 1 {
            name = dataset.variables.keys[0]
        } else {
            throw Console.fail(
                "\(resolved.label) has several variables; choose one with --variable ("
                    + dataset.variables.keys.joined(separator: ", ") + ")", code: ExitStatus.usage)
        }
        do {
            switch format {
            case .npy: try NPY.write(dataset.variable(name).data, to: output)
            case .csv: try Data(CSVExport.render(dataset, variable: name).utf8).write(to: URL(fileURLWithPath: output))
            case .json:
                try Data(ExportCommand.json(dataset, variable: name).utf8).write(to: URL(fileURLWithPath: output))
            }
        } catch {
            throw Console.fail("cannot write \(output): \(error)")
        }
        Console.out("wrote \(resolved.label) variable '\(name)' to \(output)\n")
    }

    /// `{"name", "dims", "shape", "dtype", "coords": {dim: labels}, "values": nested, "attributes"}`.
    static func json(_ dataset: Dataset, variable name: String) throws -> String {
        let v = try dataset.variable(name)
        func scalar(_ array: NDArray) -> [CanonicalValue] {
            switch array.storage {
            case .string(let s): return s.map(CanonicalValue.string)
            case .int32(let a): return a.map { .int(Int($0)) }
            case .int64(let a): return a.map { .int(Int($0)) }
            case .uint8(let a): return a.map { .int(Int($0)) }
            case .float32(let a): return a.map { $0.isFinite ? .double(Double($0)) : .null }
            case .float64(let a): return a.map { $0.isFinite ? .double($0) : .null }
            }
        }
        func nest(_ flat: ArraySlice<CanonicalValue>, _ shape: ArraySlice<Int>) -> CanonicalValue {
            guard let n = shape.first else { return flat.first ?? .null }
            let step = shape.dropFirst().reduce(1, *)
            return .array(
                (0..<n).map { i in
                    nest(flat[(flat.startIndex + i * step)..<(flat.startIndex + (i + 1) * step)], shape.dropFirst())
                })
        }
        var coords = [String: CanonicalValue]()
        for (cname, c) in dataset.coordinates { coords[cname] = .array(scalar(c.data)) }
        let attributes = dataset.attributes.reduce(into: [String: CanonicalValue]()) {
            $0[$1.key] = .string($1.value.description)
        }
        let value: CanonicalValue = .object([
            "name": .string(name), "dims": .array(v.dimensions.map(CanonicalValue.string)),
            "shape": .array(v.shape.map { .int($0) }), "dtype": .string(v.dtype.rawValue), "coords": .object(coords),
            "values": nest(ArraySlice(scalar(v.data)), ArraySlice(v.shape)), "attributes": .object(attributes),
        ])
        return value.canonicalText + "\n"
    }
}

import ArgumentParser
import Foundation
import IsomorphArrays
import IsomorphCore
import IsomorphEngine

/// `isomorph show STAGE.PORT|DIGEST|PATH`: an artifact's variables, axes, coordinates and provenance.
struct ShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Describe an artifact: variables with dtype, shape and dimensions, coordinates, provenance.",
        discussion: """
            ARTIFACT is STAGE.PORT (STAGE[value].PORT for a fanned-out stage; just STAGE when it has \
            one output) as of the pipeline's last run, an object digest (or a unique prefix of at \
            least 6 hex digits), or the path of an artifact file.
            """)

    @Argument(help: "STAGE.PORT, an object digest, or a file.")
    var artifact: String

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
        Console.out(ShowCommand.describe(dataset, resolved: resolved))
    }

    static func describe(_ dataset: Dataset, resolved: ResolvedArtifact) -> String {
        var out = resolved.label
        if let d = resolved.digest, !resolved.label.hasPrefix("object") { out += "  (object \(d.short))" }
        if let size = try? FileManager.default.attributesOfItem(atPath: resolved.path)[.size] as? Int {
            out += "  \(Format.bytes(Int64(size)))"
        }
        out += "\n  \(resolved.path)\n"
        out += "dimensions: " + dataset.dimensions.map { "\($0.key) = \($0.value)" }.joined(separator: ", ") + "\n"
        if !dataset.coordinates.isEmpty {
            out += "coordinates:\n"
            for (name, c) in dataset.coordinates {
                out += "  \(name) (\(c.dimensions.joined(separator: ", "))) \(c.dtype): \(preview(c.data))\n"
            }
        }
        out += "variables:\n"
        for (name, v) in dataset.variables {
            out += "  \(name) (\(v.dimensions.joined(separator: ", "))) \(v.dtype) \(v.shape)"
            if let stats = statistics(v.data) { out += "  \(stats)" }
            out += "\n"
            for (k, a) in v.attributes { out += "    \(k): \(a)\n" }
        }
        if !dataset.attributes.isEmpty {
            out += "attributes:\n"
            for (k, a) in dataset.attributes { out += "  \(k): \(a)\n" }
        }
        return out
    }

    /// The first and last few values.
    static func preview(_ array: NDArray, count: Int = 4) -> String {
        let values = array.storage.textValues.map { array.dtype == .string ? "\"\($0)\"" : $0 }
        if values.count <= 2 * count { return values.joined(separator: ", ") }
        return (values.prefix(count) + ["..."] + values.suffix(count)).joined(separator: ", ") + " (\(values.count))"
    }

    /// `min … max …, mean …` (and NaN count) for a numeric array.
    static func statistics(_ array: NDArray) -> String? {
        guard let values = array.doubles, !values.isEmpty else { return nil }
        let finite = values.filter { !$0.isNaN }
        guard let lo = finite.min(), let hi = finite.max() else { return "all NaN" }
        let mean = finite.reduce(0, +) / Double(finite.count)
        var s = "min \(short(lo)), max \(short(hi)), mean \(short(mean))"
        if finite.count < values.count { s += ", \(values.count - finite.count) NaN" }
        return s
    }

    private static func short(_ v: Double) -> String { String(format: "%.6g", v) }
}

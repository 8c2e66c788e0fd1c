import Foundation
import IsomorphArrays
import IsomorphCore

/// The provenance attributes stamped on every artifact (dataset-level attributes, which do not
/// enter the content digest): who made it, from what, how, where and when.
///
/// Names start with `isomorph_` (docs/conventions.md); `isomorph_duration` is in seconds,
/// `isomorph_started` ISO 8601 UTC. Cross-validation folds are not here: a stage that has folds
/// stores them as variables of its own outputs.
struct Provenance: Sendable {
    var node: NodeID
    var stage: String
    var kind: String
    var version: Int
    /// All parameters (including those that do not affect results), canonical JSON.
    var parameters: CanonicalValue
    var inputs: [String: [ContentDigest]]
    var seed: UInt64
    var key: ContentDigest
    var run: String
    var host: String
    var started: Date

    /// The attributes for output `port`, with the duration up to now.
    func attributes(port: String, extra: Attributes = [:]) -> Attributes {
        var a = Attributes()
        a["isomorph_node"] = .string(node.rawValue)
        a["isomorph_stage"] = .string(stage)
        a["isomorph_output"] = .string(port)
        a["isomorph_kind"] = .string(kind)
        a["isomorph_version"] = .int(Int64(version))
        a["isomorph_parameters"] = .string(parameters.canonicalText)
        a["isomorph_inputs"] = .string(
            CanonicalValue.object(inputs.mapValues { .array($0.map { .string($0.hex) }) }).canonicalText)
        a["isomorph_engine"] = .string(EngineVersion.current)
        a["isomorph_seed"] = .string(String(seed))
        a["isomorph_key"] = .string(key.hex)
        a["isomorph_run"] = .string(run)
        a["isomorph_host"] = .string(host)
        a["isomorph_started"] = .string(Timestamp.iso8601(started))
        a["isomorph_duration"] = .double(Date().timeIntervalSince(started))
        for (k, v) in extra { a[k] = v }
        return a
    }
}

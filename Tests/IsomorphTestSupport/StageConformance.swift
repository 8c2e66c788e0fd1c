import Foundation
import IsomorphArrays
import IsomorphCore
import Testing

/// The conformance kit every built-in stage passes (sklearn's `check_estimator`, collections'
/// conformance checkers): one call runs the checks that keep the cache honest.
///
/// - The kind is lower-case and dotted by family, the version positive, output ports unique.
/// - Parameter docs and `Parameters` agree: encoding the parameters yields exactly the documented
///   names (minus omitted optionals), every documented default decodes, and a parameter set
///   survives the round trip spec → validate → decode → encode unchanged.
/// - Bad parameters are refused at configuration time: an unknown name (with a did-you-mean), and
///   a wrongly typed value for each documented parameter.
/// - Determinism: two runs on the same inputs give identical output digests; for a stage that is
///   not stochastic, a different seed gives identical digests too (a stage that secretly draws
///   random numbers fails here); for a stochastic stage, a different seed changes some output.
public enum StageConformance {
    /// Runs every check for stage `S` configured with `parameters` (a YAML mapping) on `inputs`.
    /// Records test issues at the caller's location.
    public static func check<S: Stage>(
        _ type: S.Type, parameters yaml: String, inputs: StageInputs = StageInputs(),
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) async throws {
        // Identity.
        #expect(
            S.kind.range(of: #"^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*$"#, options: .regularExpression) != nil,
            "kind '\(S.kind)' must be lower-case, dotted by family", sourceLocation: sourceLocation)
        #expect(S.version >= 1, "version must be positive", sourceLocation: sourceLocation)
        #expect(!S.summary.isEmpty, "summary must not be empty", sourceLocation: sourceLocation)
        let docNames = S.parameterDocs.map(\.name)
        #expect(Set(docNames).count == docNames.count, "parameter docs repeat a name", sourceLocation: sourceLocation)
        let portNames = S.inputPorts.map(\.name)
        #expect(Set(portNames).count == portNames.count, "input ports repeat a name", sourceLocation: sourceLocation)

        // Configure through the registry path the loader uses.
        var registry = StageRegistry()
        registry.register(S.self)
        let entry = try #require(registry.entry(S.kind), sourceLocation: sourceLocation)
        let node = try YAMLReader.parse(yaml, file: "conformance.yaml")
        let owner = IsomorphCore.SourceLocation(file: "conformance.yaml", line: 1, column: 1)
        let stage = try entry.configure(node, owner: owner, subject: "stage '\(S.kind)'")
        let outputs = stage.outputPorts.map(\.name)
        #expect(!outputs.isEmpty, "a stage must have an output", sourceLocation: sourceLocation)
        #expect(Set(outputs).count == outputs.count, "output ports repeat a name", sourceLocation: sourceLocation)

        // Docs match the Codable keys, and the configured parameters round-trip.
        guard case .object(let encoded) = stage.allParameters else {
            Issue.record("parameters must encode as a mapping", sourceLocation: sourceLocation)
            return
        }
        let undocumented = Set(encoded.keys).subtracting(docNames)
        #expect(
            undocumented.isEmpty, "undocumented parameters \(undocumented.sorted())", sourceLocation: sourceLocation)
        for doc in S.parameterDocs where !doc.isOptional {
            #expect(
                encoded[doc.name] != nil, "documented parameter '\(doc.name)' is not encoded",
                sourceLocation: sourceLocation)
        }
        let roundTripNode = SpecNode(plain: stage.allParameters, at: owner)
        let again = try entry.configure(roundTripNode, owner: owner, subject: "stage '\(S.kind)'")
        #expect(
            again.allParameters == stage.allParameters, "parameters change on a round trip",
            sourceLocation: sourceLocation)
        #expect(again.keyParameters == stage.keyParameters, sourceLocation: sourceLocation)
        for doc in S.parameterDocs where !doc.affectsResult {
            #expect(
                stage.keyParameters.objectValue?[doc.name] == nil,
                "'\(doc.name)' does not affect results but is in the key", sourceLocation: sourceLocation)
        }

        // Bad parameters are refused when configuring.
        var withUnknown = encoded
        withUnknown["definitely_not_a_parameter"] = .int(1)
        #expect(
            throws: SpecError.self, "an unknown parameter must be refused", sourceLocation: sourceLocation
        ) {
            try entry.configure(SpecNode(plain: .object(withUnknown), at: owner), owner: owner, subject: "s")
        }
        for doc in S.parameterDocs {
            guard let wrong = wrongValue(for: doc.type) else { continue }
            var bad = encoded
            bad[doc.name] = wrong
            #expect(
                throws: SpecError.self, "parameter '\(doc.name)' accepted \(wrong.canonicalText)",
                sourceLocation: sourceLocation
            ) {
                try entry.configure(SpecNode(plain: .object(bad), at: owner), owner: owner, subject: "s")
            }
        }

        // Determinism and seed discipline.
        let scratch = try TemporaryDirectory(prefix: "conformance")
        let first = try await digests(stage.run(inputs, in: .forTesting(seed: 1, scratch: scratch)))
        let second = try await digests(stage.run(inputs, in: .forTesting(seed: 1, scratch: scratch)))
        #expect(first == second, "two runs with the same seed differ", sourceLocation: sourceLocation)
        #expect(
            Set(first.keys) == Set(outputs), "outputs \(first.keys.sorted()) ≠ ports \(outputs)",
            sourceLocation: sourceLocation)
        let otherSeed = try await digests(stage.run(inputs, in: .forTesting(seed: 2, scratch: scratch)))
        if S.isStochastic {
            #expect(otherSeed != first, "a stochastic stage ignored its seed", sourceLocation: sourceLocation)
        } else {
            #expect(
                otherSeed == first, "a stage not marked stochastic depends on the seed", sourceLocation: sourceLocation)
        }
    }

    /// The digest of every output.
    public static func digests(_ outputs: StageOutputs) throws -> [String: ContentDigest] {
        outputs.values.mapValues { value in
            switch value {
            case .dataset(let d): return d.digest
            case .staged(let s): return s.digest
            }
        }
    }

    /// A value of the wrong type for a parameter type, or `nil` when every value is plausible.
    static func wrongValue(for type: ParameterType) -> CanonicalValue? {
        switch type {
        case .bool: return .string("maybe")
        case .int, .number: return .string("not-a-number")
        case .choice: return .string("no-such-choice")
        case .list(let element): return wrongValue(for: element).map { .array([$0]) }
        case .object: return .string("not-a-mapping")
        case .map: return .string("not-a-mapping")
        case .string, .file, .either: return nil
        }
    }
}

import OrderedCollections

extension Variable {
    /// The content digest of this variable (see ``VariableDigester`` for the canonical record).
    public var digest: ContentDigest {
        let d = VariableDigester(dtype: dtype, dimensions: dimensions, shape: shape, attributes: attributes)
        d.append(data.storage)
        return d.finalize()
    }
}

extension Dataset {
    /// The version tag that starts every dataset record.
    public static let digestFormatTag = "isomorph.dataset.v1"

    /// The content digest of the dataset: SHA-256 over its logical content.
    ///
    /// The record is `"isomorph.dataset.v1"`, then the coordinates and then the data variables,
    /// each group sorted by the UTF-8 bytes of the names, each entry as its name and its variable digest. Dataset-level
    /// ``attributes`` (provenance: host, timings) are excluded, so identical results computed twice
    /// have identical digests; insertion order does not matter either.
    ///
    /// - Complexity: One pass over every element.
    public var digest: ContentDigest {
        Dataset.combine(
            coordinates: coordinates.map { ($0.key, $0.value.digest) },
            variables: variables.map { ($0.key, $0.value.digest) })
    }

    /// Combines per-variable digests into a dataset digest; used by writers that stream variables
    /// and digest them as they go.
    public static func combine(
        coordinates: [(String, ContentDigest)], variables: [(String, ContentDigest)]
    ) -> ContentDigest {
        let hasher = SHA256Hasher()
        hasher.update(lengthPrefixed: digestFormatTag)
        for group in [coordinates, variables] {
            let sorted = group.sorted { utf8Precedes($0.0, $1.0) }
            hasher.update(UInt64(sorted.count))
            for (name, digest) in sorted {
                hasher.update(lengthPrefixed: name)
                hasher.update(contentsOf: digest.bytes)
            }
        }
        return hasher.finalize()
    }
}

/// Orders strings by their UTF-8 bytes: the one ordering every language agrees on, used wherever
/// names are sorted inside a canonical record.
public func utf8Precedes(_ a: String, _ b: String) -> Bool {
    a.utf8.lexicographicallyPrecedes(b.utf8)
}

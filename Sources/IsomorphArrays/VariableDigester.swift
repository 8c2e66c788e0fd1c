import OrderedCollections

/// Computes the content digest of one variable incrementally, so that arrays larger than memory
/// can be digested while they stream to disk.
///
/// The digest is SHA-256 over a canonical record:
/// `"isomorph.variable.v1"`, the dtype name, the rank, each dimension name and extent, the
/// attributes sorted by name (each with a type tag), then the elements in row-major order —
/// numbers as little-endian bytes, strings as a length-prefixed UTF-8 sequence each. Nothing that
/// depends on the file (chunking, compression, byte order on disk, timestamps) enters it.
///
/// Feed the elements in row-major order with ``append(_:)`` (any chunking) and call ``finalize()``.
public final class VariableDigester {
    /// The version tag that starts every variable record. Changing the record changes this tag.
    public static let formatTag = "isomorph.variable.v1"

    private let hasher = SHA256Hasher()
    private let dtype: DType
    private let expectedCount: Int
    private var seen = 0

    /// Starts a digest for a variable of the given type, dimensions, shape and attributes.
    public init(dtype: DType, dimensions: [String], shape: [Int], attributes: Attributes) {
        precondition(dimensions.count == shape.count, "one dimension name per axis")
        self.dtype = dtype
        self.expectedCount = shape.reduce(1, *)
        hasher.update(lengthPrefixed: VariableDigester.formatTag)
        hasher.update(lengthPrefixed: dtype.rawValue)
        hasher.update(UInt64(shape.count))
        for (name, extent) in zip(dimensions, shape) {
            hasher.update(lengthPrefixed: name)
            hasher.update(UInt64(extent))
        }
        VariableDigester.hashAttributes(attributes, into: hasher)
    }

    /// Appends the next elements in row-major order.
    public func append(_ chunk: ArrayStorage) {
        precondition(chunk.dtype == dtype, "digest of a \(dtype) variable fed \(chunk.dtype) elements")
        seen += chunk.count
        switch chunk {
        case .float32(let v): appendNumbers(v)
        case .float64(let v): appendNumbers(v)
        case .int32(let v): appendNumbers(v)
        case .int64(let v): appendNumbers(v)
        case .uint8(let v): hasher.update(contentsOf: v)
        case .string(let v): for s in v { hasher.update(lengthPrefixed: s) }
        }
    }

    /// Appends numeric elements straight from a buffer (no copy).
    public func append<T: NumericArrayElement & BitwiseCopyable>(_ buffer: UnsafeBufferPointer<T>) {
        precondition(T.dtype == dtype, "digest of a \(dtype) variable fed \(T.dtype) elements")
        seen += buffer.count
        #if _endian(big)
        appendNumbers(Array(buffer))
        #else
        hasher.update(UnsafeRawBufferPointer(buffer))
        #endif
    }

    /// Finishes the digest.
    /// - Precondition: exactly as many elements were appended as the shape holds.
    public func finalize() -> ContentDigest {
        precondition(seen == expectedCount, "variable digest fed \(seen) of \(expectedCount) elements")
        return hasher.finalize()
    }

    private func appendNumbers<T: NumericArrayElement & BitwiseCopyable>(_ values: [T]) {
        #if _endian(big)
        // Canonical order is little-endian: swap on big-endian hosts.
        var swapped = [UInt8]()
        swapped.reserveCapacity(values.count * MemoryLayout<T>.size)
        values.withUnsafeBytes { raw in
            let width = MemoryLayout<T>.size
            for i in stride(from: 0, to: raw.count, by: width) {
                for j in (0..<width).reversed() { swapped.append(raw[i + j]) }
            }
        }
        hasher.update(contentsOf: swapped)
        #else
        hasher.update(contentsOf: values)
        #endif
    }

    static func hashAttributes(_ attributes: Attributes, into hasher: SHA256Hasher) {
        let sorted = attributes.sorted { utf8Precedes($0.key, $1.key) }
        hasher.update(UInt64(sorted.count))
        for (key, value) in sorted {
            hasher.update(lengthPrefixed: key)
            switch value {
            case .string(let s):
                hasher.update(UInt64(1))
                hasher.update(lengthPrefixed: s)
            case .int(let i):
                hasher.update(UInt64(2))
                hasher.update(i)
            case .double(let d):
                hasher.update(UInt64(3))
                hasher.update(d)
            case .strings(let v):
                hasher.update(UInt64(4))
                hasher.update(UInt64(v.count))
                for s in v { hasher.update(lengthPrefixed: s) }
            case .ints(let v):
                hasher.update(UInt64(5))
                hasher.update(UInt64(v.count))
                for i in v { hasher.update(i) }
            case .doubles(let v):
                hasher.update(UInt64(6))
                hasher.update(UInt64(v.count))
                for d in v { hasher.update(d) }
            }
        }
    }
}

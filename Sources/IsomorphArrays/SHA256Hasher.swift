import COpenSSL

/// An incremental SHA-256 computation (OpenSSL's EVP interface, SHA-NI accelerated where the CPU has it).
///
/// Feed bytes with the `update` methods, then call ``finalize()`` once.
public final class SHA256Hasher {
    private let context: OpaquePointer
    private var finalized = false

    /// Starts a new computation.
    public init() {
        guard let context = EVP_MD_CTX_new(), EVP_DigestInit_ex(context, EVP_sha256(), nil) == 1 else {
            fatalError("OpenSSL could not initialise a SHA-256 context")
        }
        self.context = context
    }

    deinit { EVP_MD_CTX_free(context) }

    /// Adds raw bytes.
    public func update(_ bytes: UnsafeRawBufferPointer) {
        precondition(!finalized, "SHA256Hasher updated after finalize()")
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        EVP_DigestUpdate(context, base, bytes.count)
    }

    /// Adds the bytes of an array of trivially-copyable values, in memory order.
    public func update<T: BitwiseCopyable>(contentsOf values: [T]) {
        values.withUnsafeBytes { update($0) }
    }

    /// Adds the UTF-8 bytes of a string, preceded by their count so that concatenations are unambiguous.
    public func update(lengthPrefixed string: String) {
        var s = string
        s.withUTF8 { utf8 in
            update(UInt64(utf8.count))
            update(UnsafeRawBufferPointer(utf8))
        }
    }

    /// Adds a 64-bit unsigned integer in little-endian byte order.
    public func update(_ value: UInt64) {
        var le = value.littleEndian
        withUnsafeBytes(of: &le) { update($0) }
    }

    /// Adds a 64-bit signed integer in little-endian byte order.
    public func update(_ value: Int64) { update(UInt64(bitPattern: value)) }

    /// Adds a 64-bit float by its IEEE-754 bit pattern, little-endian.
    public func update(_ value: Double) { update(value.bitPattern) }

    /// Finishes and returns the digest.
    public func finalize() -> ContentDigest {
        precondition(!finalized, "SHA256Hasher finalized twice")
        finalized = true
        var out = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        out.withUnsafeMutableBufferPointer { buffer in
            _ = EVP_DigestFinal_ex(context, buffer.baseAddress, &length)
        }
        precondition(length == 32)
        return ContentDigest(bytes: out)
    }

    /// The digest of one buffer.
    public static func hash(_ bytes: UnsafeRawBufferPointer) -> ContentDigest {
        let h = SHA256Hasher()
        h.update(bytes)
        return h.finalize()
    }

    /// The digest of a string's UTF-8 bytes (no length prefix).
    public static func hash(_ string: String) -> ContentDigest {
        var s = string
        return s.withUTF8 { hash(UnsafeRawBufferPointer($0)) }
    }
}

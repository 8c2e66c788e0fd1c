import Foundation
import IsomorphArrays
import IsomorphCore
import IsomorphHDF5
import Synchronization

/// An artifact in the store, read from its object file on demand (row blocks, coordinates or
/// the whole dataset), as stages receive their inputs.
public struct StoredArtifact: ArtifactHandle {
    public let digest: ContentDigest
    /// The object file (read-only).
    public let objectPath: String

    /// The artifact with content digest `digest` stored at `objectPath`.
    public init(digest: ContentDigest, objectPath: String) {
        self.digest = digest
        self.objectPath = objectPath
    }

    public var path: String? { objectPath }
    public func load() throws -> Dataset { try ArtifactCodec.read(objectPath) }
    public func summary() throws -> DatasetSummary { try ArtifactCodec.summary(objectPath) }
    public func readRows(of variable: String, _ range: Range<Int>) throws -> NDArray {
        try ArtifactCodec.readRows(objectPath, variable: variable, range)
    }
    public func coordinate(_ name: String) throws -> Variable? { try ArtifactCodec.readCoordinate(objectPath, name) }
}

/// An output a stage streamed into `tmp/`, waiting to be adopted by the store.
struct TemporaryArtifact: StagedArtifact {
    let digest: ContentDigest
    /// The complete file in `tmp/`.
    let path: String
}

/// The ``ArtifactStreamWriter`` the engine hands to stages: streams into a file in `tmp/` and
/// stamps the provenance attributes when the stage finishes it.
final class StoreStreamWriter: ArtifactStreamWriter, @unchecked Sendable {
    private let writer: ArtifactCodecWriter
    private let path: String
    private let provenance: @Sendable () -> Attributes
    private var finished = false

    /// - Parameters:
    ///   - path: The file in `tmp/` to write.
    ///   - provenance: The attributes to add on ``finish()`` (they include the duration so far).
    init(path: String, provenance: @escaping @Sendable () -> Attributes) throws {
        self.path = path
        self.provenance = provenance
        writer = try ArtifactCodecWriter(path: path)
    }

    func setCoordinate(_ name: String, _ coordinate: Variable) throws { try writer.setCoordinate(name, coordinate) }
    func setAttribute(_ name: String, _ value: AttributeValue) throws { try writer.setAttribute(name, value) }
    func beginVariable(_ name: String, dtype: DType, dimensions: [String], shape: [Int], attributes: Attributes) throws
    {
        try writer.beginVariable(name, dtype: dtype, dimensions: dimensions, shape: shape, attributes: attributes)
    }
    func append(_ variable: String, rows: NDArray) throws { try writer.append(variable, rows: rows) }

    func finish() throws -> any StagedArtifact {
        precondition(!finished, "artifact writer finished twice")
        finished = true
        for (name, value) in provenance() { try writer.setAttribute(name, value) }
        do {
            return TemporaryArtifact(digest: try writer.finish(), path: path)
        } catch {
            writer.abort()
            throw error
        }
    }
}

/// The temporary files a node run creates; whatever is not adopted is deleted afterwards, so a
/// failed or cancelled run leaves nothing half-written behind.
final class TemporaryFiles: Sendable {
    private let paths = Mutex<[String]>([])

    /// Remembers a path to delete later.
    func track(_ path: String) { paths.withLock { $0.append(path) } }

    /// Deletes every tracked file that still exists (adopted files were renamed away).
    func removeAll() {
        for p in paths.withLock({ p -> [String] in
            defer { p = [] }
            return p
        }) {
            try? Syscalls.unlink(p)
        }
    }
}

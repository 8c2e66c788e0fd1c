/// An error from reading or writing an HDF5 file, naming the file, the object (group, dataset or
/// attribute), the operation and the reason, plus HDF5's own error-stack message when the HDF5
/// library reported one.
///
/// `description` reads as one sentence, e.g.
/// `cannot open dataset '/act' in '/tmp/a.h5': no such object`.
public struct HDF5Error: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure this is, for callers that react differently (a cache treats
    /// ``Kind/notHDF5`` and ``Kind/libraryFailure`` on read as a corrupt object).
    public enum Kind: String, Sendable, Equatable {
        /// The file does not exist.
        case fileNotFound
        /// The file exists and creation was asked to fail in that case.
        case fileExists
        /// The file exists but is not an HDF5 file (or its superblock is damaged).
        case notHDF5
        /// A group, dataset, attribute or variable is not in the file.
        case objectNotFound
        /// The stored element type is not the one asked for, or cannot be converted to it.
        case typeMismatch
        /// A shape, hyperslab or row range does not fit the dataset.
        case shapeMismatch
        /// An argument is invalid (a name, a compression level, a chunk shape).
        case invalidArgument
        /// The object uses an HDF5 or MATLAB feature Isomorph does not read.
        case unsupported
        /// An artifact's layout is not what the artifact format requires.
        case invalidArtifact
        /// A streamed artifact was finished before every variable was complete, or used after closing.
        case invalidState
        /// An HDF5 call failed; ``HDF5Error/library`` holds HDF5's message.
        case libraryFailure
    }

    /// The kind of failure.
    public var kind: Kind
    /// The file's path.
    public var file: String
    /// The object's path inside the file (`/act`), if the error concerns one.
    public var object: String?
    /// The attribute's name, if the error concerns an attribute of ``object``.
    public var attribute: String?
    /// What was being done, as a verb phrase: "open dataset", "read rows 0..<10 of".
    public var operation: String
    /// Why it failed, in Isomorph's words.
    public var reason: String
    /// HDF5's innermost error-stack message (`function(): text`), when HDF5 gave one.
    public var library: String?

    /// Creates an error.
    public init(
        _ kind: Kind, file: String, object: String? = nil, attribute: String? = nil, operation: String,
        reason: String, library: String? = nil
    ) {
        self.kind = kind
        self.file = file
        self.object = object
        self.attribute = attribute
        self.operation = operation
        self.reason = reason
        self.library = library
    }

    public var description: String {
        var text = "cannot \(operation)"
        if let attribute {
            text += " attribute '\(attribute)'" + (object.map { " of '\($0)'" } ?? "")
        } else if let object {
            text += " '\(object)'"
        }
        text += " in '\(file)': \(reason)"
        if let library { text += " (HDF5: \(library))" }
        return text
    }
}

extension HDF5Error {
    /// An error for a failed HDF5 call, carrying the innermost entry of the thread's error stack.
    /// Call under ``HDF5Library/locked(_:)`` right after the failure.
    static func library(
        file: String, object: String? = nil, attribute: String? = nil, operation: String,
        reason: String = "the HDF5 library reported a failure", kind: Kind = .libraryFailure
    ) -> HDF5Error {
        let stack = HDF5Library.takeErrorStack()
        return HDF5Error(
            kind, file: file, object: object, attribute: attribute, operation: operation, reason: reason,
            library: stack.last)
    }
}

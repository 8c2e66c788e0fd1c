import Foundation

/// The real data under the data root (`../shared/data` next to the repository in CI, or
/// `$ISOMORPH_DATA_ROOT`): fMRI and monkey RDMs, stimuli, the MobileNetV2 ONNX model.
///
/// A test that needs the data fails (never skips) when it is missing, so CI cannot pass vacuously.
public enum TestData {
    /// The data root directory.
    public static var root: URL {
        if let explicit = ProcessInfo.processInfo.environment["ISOMORPH_DATA_ROOT"], !explicit.isEmpty {
            return URL(fileURLWithPath: explicit)
        }
        return Oracle.repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/data")
    }

    /// The path of `relative` under the data root.
    /// - Throws: ``Oracle/Failure`` if the file does not exist.
    public static func path(_ relative: String) throws -> String {
        let path = root.appendingPathComponent(relative).path
        guard FileManager.default.fileExists(atPath: path) else {
            throw Oracle.Failure(
                description: "test data '\(relative)' not found under \(root.path) (set ISOMORPH_DATA_ROOT)")
        }
        return path
    }
}

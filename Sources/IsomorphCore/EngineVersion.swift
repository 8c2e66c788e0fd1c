/// The version of the Isomorph engine, recorded in every artifact's provenance.
public enum EngineVersion {
    /// Semantic version of this build.
    public static let current = "0.1.0"
}

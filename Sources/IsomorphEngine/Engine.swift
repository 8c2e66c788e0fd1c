import IsomorphCore

/// The execution engine.
public enum Engine {
    /// The engine version recorded in provenance.
    public static let version = EngineVersion.current
}

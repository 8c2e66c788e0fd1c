import IsomorphCore

/// The built-in stage library.
public enum BuiltinStages {
    /// The version of the stage library.
    public static let libraryVersion = EngineVersion.current
}

import IsomorphCore

/// The built-in stage library.
public enum BuiltinStages {
    /// The version of the stage library.
    public static let libraryVersion = EngineVersion.current

    /// Registers every built-in stage kind (one `registry.register(Kind.self)` line per stage).
    public static func register(into registry: inout StageRegistry) {
        registry.register(SimulateStage.self)
        registry.register(LassoStage.self)
    }

    /// A registry holding every built-in stage kind.
    public static var registry: StageRegistry {
        var registry = StageRegistry()
        register(into: &registry)
        return registry
    }
}

import IsomorphCore

/// The built-in stage library.
public enum BuiltinStages {
    /// The version of the stage library.
    public static let libraryVersion = EngineVersion.current

    /// Registers every built-in stage kind (one `registry.register(Kind.self)` line per stage).
    public static func register(into registry: inout StageRegistry) {
        registry.register(SimulateStage.self)
        registry.register(LassoStage.self)
        registry.register(AlignVarianceExplainedStage.self)
        registry.register(AlignCompletenessStage.self)
        registry.register(AlignDisentanglementStage.self)
        registry.register(AlignUDRStage.self)
        registry.register(AlignCorrelationRatioStage.self)
        registry.register(AlignOneToOneStage.self)
        registry.register(AlignArtificialNeuronsStage.self)
        registry.register(AlignNeuronSubsetsStage.self)
        registry.register(AlignSelectStage.self)
        registry.register(TTestWelchStage.self)
        registry.register(RDMStage.self)
        registry.register(RDMCompareStage.self)
        registry.register(NoiseCeilingStage.self)
        registry.register(CKAStage.self)
        registry.register(RDMReweightStage.self)
        registry.register(VariancePartitionStage.self)
    }

    /// A registry holding every built-in stage kind.
    public static var registry: StageRegistry {
        var registry = StageRegistry()
        register(into: &registry)
        return registry
    }
}

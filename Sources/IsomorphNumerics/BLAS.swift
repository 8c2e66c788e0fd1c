import CLinearAlgebra

/// Process-wide control of the BLAS library (OpenBLAS).
public enum BLAS {
    /// The number of threads OpenBLAS uses for one call.
    ///
    /// OpenBLAS keeps one global setting, so the engine sets it once per run from its thread
    /// budget (`cores / concurrent stages`). Values are clamped to at least 1.
    public static var threadCount: Int {
        get { Int(openblas_get_num_threads()) }
        set { openblas_set_num_threads(Int32(max(1, newValue))) }
    }

    /// OpenBLAS' build configuration string, for provenance records.
    public static var configuration: String {
        guard let c = openblas_get_config() else { return "unknown" }
        return String(cString: c)
    }
}

import CH5Zstd
import CHDF5

/// Process-wide HDF5 set-up: silences HDF5's own error printing (errors become Swift errors)
/// and registers the zstd filter (id 32015) once.
enum HDF5Library {
    /// Performs the set-up on first use; later calls return the first result.
    static let initialized: Bool = {
        H5open()
        H5Eset_auto2(chdf5_e_default(), nil, nil)
        return ch5zstd_register() == 0
    }()
}

#ifndef CH5ZSTD_H
#define CH5ZSTD_H
/* HDF5 filter 32015 = Zstandard, the registered id that hdf5plugin.Zstd and the HDF5 Zstandard
   plugin use. A chunk on disk is one complete zstd frame (content size in the frame header);
   cd_values[0], when present, is the compression level. */
#define CH5ZSTD_FILTER_ID 32015
#ifdef __cplusplus
extern "C" {
#endif
/* Registers the filter with the HDF5 library of this process. 0 on success, -1 on failure.
   Idempotent: registering again replaces the class with an identical one. */
int ch5zstd_register(void);
#ifdef __cplusplus
}
#endif
#endif

#ifndef CH5ZSTD_H
#define CH5ZSTD_H
#include <stddef.h>
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
/* The largest compressed size of `size` bytes. */
size_t ch5zstd_compress_bound(size_t size);
/* Compresses `size` bytes into one zstd frame (content size in its header, as the filter writes
   chunks) with this thread's reusable context. Returns the frame's size, 0 on failure. */
size_t ch5zstd_compress(void *dst, size_t capacity, const void *src, size_t size, int level);
/* Decompresses one frame whose content size is exactly `capacity`. 0 on success, -1 otherwise. */
int ch5zstd_decompress(void *dst, size_t capacity, const void *src, size_t size);
#ifdef __cplusplus
}
#endif
#endif

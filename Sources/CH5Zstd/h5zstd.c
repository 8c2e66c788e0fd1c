#include "CH5Zstd.h"
#include <hdf5.h>
#include <zstd.h>

/* One compression and one decompression context per thread, created on first use and reused
   for every chunk: creating a context per chunk costs an allocation of its workspace each time.
   Contexts live until the process ends (one pair per thread that ever compressed). */
static _Thread_local ZSTD_CCtx *thread_cctx = NULL;
static _Thread_local ZSTD_DCtx *thread_dctx = NULL;

static ZSTD_CCtx *cctx(void)
{
    if (thread_cctx == NULL) thread_cctx = ZSTD_createCCtx();
    return thread_cctx;
}

static ZSTD_DCtx *dctx(void)
{
    if (thread_dctx == NULL) thread_dctx = ZSTD_createDCtx();
    return thread_dctx;
}

size_t ch5zstd_compress_bound(size_t size) { return ZSTD_compressBound(size); }

size_t ch5zstd_compress(void *dst, size_t capacity, const void *src, size_t size, int level)
{
    ZSTD_CCtx *context = cctx();
    if (context == NULL) return 0;
    if (level < ZSTD_minCLevel()) level = ZSTD_minCLevel();
    if (level > ZSTD_maxCLevel()) level = ZSTD_maxCLevel();
    size_t written = ZSTD_compressCCtx(context, dst, capacity, src, size, level);
    return ZSTD_isError(written) ? 0 : written;
}

int ch5zstd_decompress(void *dst, size_t capacity, const void *src, size_t size)
{
    unsigned long long content = ZSTD_getFrameContentSize(src, size);
    if (content != (unsigned long long)capacity) return -1;
    ZSTD_DCtx *context = dctx();
    if (context == NULL) return -1;
    size_t produced = ZSTD_decompressDCtx(context, dst, capacity, src, size);
    return (ZSTD_isError(produced) || produced != capacity) ? -1 : 0;
}

/* Decompresses a frame whose header does not carry its content size, growing the output. */
static size_t decompress_unknown_size(const void *src, size_t src_size, void **out_buf, size_t *out_cap)
{
    ZSTD_DStream *stream = ZSTD_createDStream();
    if (stream == NULL) return 0;
    size_t capacity = src_size * 4 + 4096;
    size_t produced = 0;
    void *out = H5allocate_memory(capacity, 0);
    if (out == NULL) { ZSTD_freeDStream(stream); return 0; }
    ZSTD_inBuffer input = { src, src_size, 0 };
    for (;;) {
        ZSTD_outBuffer output = { (char *)out + produced, capacity - produced, 0 };
        size_t status = ZSTD_decompressStream(stream, &output, &input);
        if (ZSTD_isError(status)) goto fail;
        produced += output.pos;
        if (status == 0) break;                                         /* frame complete */
        if (input.pos == input.size && output.pos < output.size) goto fail; /* truncated frame */
        if (produced == capacity) {
            void *bigger = H5resize_memory(out, capacity * 2);
            if (bigger == NULL) goto fail;
            out = bigger;
            capacity *= 2;
        }
    }
    ZSTD_freeDStream(stream);
    *out_buf = out;
    *out_cap = capacity;
    return produced;
fail:
    H5free_memory(out);
    ZSTD_freeDStream(stream);
    return 0;
}

static size_t zstd_filter(unsigned int flags, size_t cd_nelmts, const unsigned int cd_values[],
                          size_t nbytes, size_t *buf_size, void **buf)
{
    if (flags & H5Z_FLAG_REVERSE) {
        unsigned long long content_size = ZSTD_getFrameContentSize(*buf, nbytes);
        if (content_size == ZSTD_CONTENTSIZE_ERROR) return 0;
        void *out = NULL;
        size_t capacity = 0;
        size_t produced;
        if (content_size == ZSTD_CONTENTSIZE_UNKNOWN) {
            produced = decompress_unknown_size(*buf, nbytes, &out, &capacity);
            if (produced == 0) return 0;
        } else {
            capacity = (size_t)content_size;
            out = H5allocate_memory(capacity > 0 ? capacity : 1, 0);
            if (out == NULL) return 0;
            produced = dctx() ? ZSTD_decompressDCtx(dctx(), out, capacity, *buf, nbytes) : (size_t)-1;
            if (ZSTD_isError(produced) || produced != capacity) { H5free_memory(out); return 0; }
        }
        H5free_memory(*buf);
        *buf = out;
        *buf_size = capacity;
        return produced;
    }
    int level = cd_nelmts > 0 ? (int)cd_values[0] : ZSTD_CLEVEL_DEFAULT;
    if (level < ZSTD_minCLevel()) level = ZSTD_minCLevel();
    if (level > ZSTD_maxCLevel()) level = ZSTD_maxCLevel();
    size_t capacity = ZSTD_compressBound(nbytes);
    void *out = H5allocate_memory(capacity, 0);
    if (out == NULL) return 0;
    size_t written = cctx() ? ZSTD_compressCCtx(cctx(), out, capacity, *buf, nbytes, level) : (size_t)-1;
    if (ZSTD_isError(written)) { H5free_memory(out); return 0; }
    H5free_memory(*buf);
    *buf = out;
    *buf_size = capacity;
    return written;
}

int ch5zstd_register(void)
{
    const H5Z_class2_t filter_class = {
        H5Z_CLASS_T_VERS,
        (H5Z_filter_t)CH5ZSTD_FILTER_ID,
        1, 1,
        "Zstandard compression: http://www.zstd.net",
        NULL, NULL,
        zstd_filter,
    };
    return H5Zregister(&filter_class) < 0 ? -1 : 0;
}

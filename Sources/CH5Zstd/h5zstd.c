#include "CH5Zstd.h"
#include <hdf5.h>
#include <pthread.h>
#include <zstd.h>

/* One compression and one decompression context per thread, created on first use and reused
   for every chunk that thread handles (creating a context per chunk allocates its workspace each
   time). They are freed when the thread exits, through pthread key destructors. */
static pthread_key_t cctx_key;
static pthread_key_t dctx_key;
static pthread_once_t keys_once = PTHREAD_ONCE_INIT;

static void free_cctx(void *context) { ZSTD_freeCCtx((ZSTD_CCtx *)context); }
static void free_dctx(void *context) { ZSTD_freeDCtx((ZSTD_DCtx *)context); }

static void make_keys(void)
{
    pthread_key_create(&cctx_key, free_cctx);
    pthread_key_create(&dctx_key, free_dctx);
}

static ZSTD_CCtx *cctx(void)
{
    pthread_once(&keys_once, make_keys);
    ZSTD_CCtx *context = (ZSTD_CCtx *)pthread_getspecific(cctx_key);
    if (context == NULL) {
        context = ZSTD_createCCtx();
        if (context != NULL && pthread_setspecific(cctx_key, context) != 0) {
            ZSTD_freeCCtx(context);
            return NULL;
        }
    }
    return context;
}

static ZSTD_DCtx *dctx(void)
{
    pthread_once(&keys_once, make_keys);
    ZSTD_DCtx *context = (ZSTD_DCtx *)pthread_getspecific(dctx_key);
    if (context == NULL) {
        context = ZSTD_createDCtx();
        if (context != NULL && pthread_setspecific(dctx_key, context) != 0) {
            ZSTD_freeDCtx(context);
            return NULL;
        }
    }
    return context;
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
            ZSTD_DCtx *context = dctx();
            produced = context ? ZSTD_decompressDCtx(context, out, capacity, *buf, nbytes) : (size_t)-1;
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
    ZSTD_CCtx *context = cctx();
    size_t written = context ? ZSTD_compressCCtx(context, out, capacity, *buf, nbytes, level) : (size_t)-1;
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

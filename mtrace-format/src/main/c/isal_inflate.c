/*
 * JNI glue for org.mtrace.format.io.IsalInflater: a gzip member's deflate data and trailer
 * (without its header) inflated by Intel's ISA-L (libisal, Debian package libisal2), about twice
 * as fast as zlib on a recorded log; ISA-L checks the trailer's CRC-32 and length and consumes it,
 * so the input is left exactly at the member's end whatever slices it came in. The Java side keeps the input position; this side keeps ISA-L's inflate_state,
 * which also holds the last 32 KiB of output, so the caller may pass a different output array on
 * every call.
 */
#include <jni.h>
#include <stdint.h>
#include <stdlib.h>
#include <isa-l/igzip_lib.h>

/* Result of inflate: produced bytes in bits 0-30, consumed bytes in bits 31-61 as a signed
 * 31-bit number (ISA-L may give back bytes it read ahead in an earlier call), FINISHED in bit 62.
 * On an error bit 63 is set (the result is negative), bits 0-7 hold minus ISA-L's error code and
 * bits 31-61 still the consumed bytes (a trailer that fails its check was consumed). Kept in step
 * with IsalInflater.java. */
#define FINISHED (1LL << 62)

JNIEXPORT jlong JNICALL Java_org_mtrace_format_io_IsalInflater_create(JNIEnv *env, jclass cls)
{
        struct inflate_state *s = malloc(sizeof *s);
        if (s != NULL) {
                isal_inflate_init(s);
                s->crc_flag = ISAL_GZIP_NO_HDR_VER;
        }
        return (jlong) (intptr_t) s;
}

JNIEXPORT void JNICALL Java_org_mtrace_format_io_IsalInflater_reset(JNIEnv *env, jclass cls, jlong h)
{
        struct inflate_state *s = (struct inflate_state *) (intptr_t) h;
        isal_inflate_reset(s);
        s->crc_flag = ISAL_GZIP_NO_HDR_VER;
}

/* The bytes of the gzip trailer ISA-L holds while it waits for the rest of it, or -1 when it is
 * not reading a trailer: a reader whose input ended says where the trailer started. */
JNIEXPORT jint JNICALL Java_org_mtrace_format_io_IsalInflater_trailerBytesHeld(JNIEnv *env, jclass cls, jlong h)
{
        struct inflate_state *s = (struct inflate_state *) (intptr_t) h;
        return s->block_state == ISAL_CHECKSUM_CHECK ? (jint) s->tmp_in_size : -1;
}

JNIEXPORT void JNICALL Java_org_mtrace_format_io_IsalInflater_free(JNIEnv *env, jclass cls, jlong h)
{
        free((void *) (intptr_t) h);
}

JNIEXPORT jlong JNICALL Java_org_mtrace_format_io_IsalInflater_inflate(JNIEnv *env, jclass cls, jlong h,
                                                                      jbyteArray in, jint inOff, jint inLen,
                                                                      jbyteArray out, jint outOff, jint outLen)
{
        struct inflate_state *s = (struct inflate_state *) (intptr_t) h;
        /* critical regions: no copy of the arrays and no JNI call until they are released */
        uint8_t *inBytes = inLen > 0 ? (*env)->GetPrimitiveArrayCritical(env, in, NULL) : NULL;
        uint8_t *outBytes = (*env)->GetPrimitiveArrayCritical(env, out, NULL);
        if ((inLen > 0 && inBytes == NULL) || outBytes == NULL) {
                if (outBytes != NULL)
                        (*env)->ReleasePrimitiveArrayCritical(env, out, outBytes, JNI_ABORT);
                if (inBytes != NULL)
                        (*env)->ReleasePrimitiveArrayCritical(env, in, inBytes, JNI_ABORT);
                return (jlong) (1ULL << 63) | 100; /* the JVM could not pin the arrays (out of memory) */
        }
        s->next_in = inBytes != NULL ? inBytes + inOff : NULL;
        s->avail_in = (uint32_t) inLen;
        s->next_out = outBytes + outOff;
        s->avail_out = (uint32_t) outLen;
        int ret = isal_inflate(s);
        jlong produced = (jlong) outLen - s->avail_out;
        jlong consumed = (jlong) inLen - s->avail_in;
        int finished = s->block_state == ISAL_BLOCK_FINISH;
        (*env)->ReleasePrimitiveArrayCritical(env, out, outBytes, 0);
        if (inBytes != NULL)
                (*env)->ReleasePrimitiveArrayCritical(env, in, inBytes, JNI_ABORT);
        if (ret < 0)
                return (jlong) (1ULL << 63 | (uint64_t) (consumed & 0x7fffffff) << 31 | (uint64_t) (-ret & 0xff));
        return produced | (consumed & 0x7fffffff) << 31 | (finished ? FINISHED : 0);
}

package io.simples.http.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.simples.core.internal.QualityList;
import java.io.ByteArrayOutputStream;
import java.util.Locale;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Compresses one response body, whole or piece by piece (each piece flushed, so a streamed
 * response reaches the client as it is written): {@code deflate} is the zlib format,
 * {@code gzip} the same stream in a gzip frame (RFC 1952 header, CRC-32 and length trailer).
 */
final class BodyEncoder {

    private static final byte[] GZIP_HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

    final String encoding;
    private final Deflater deflater;
    private final CRC32 crc = new CRC32();
    private final byte[] buffer = new byte[8192];
    private boolean started;

    BodyEncoder(String encoding, int level) {
        this.encoding = encoding;
        this.deflater = new Deflater(level, encoding.equals("gzip"));
    }

    /**
     * The encoding to use for a request's {@code Accept-Encoding}: the accepted one of gzip and
     * deflate with the highest weight, {@code preferred} on a tie, {@code *} standing for both;
     * null when the client accepts neither.
     */
    static String choose(String acceptEncoding, String preferred) {
        if (acceptEncoding == null) {
            return null;
        }
        double gzip = -1;
        double deflate = -1;
        double any = -1;
        for (QualityList.Weighted item : QualityList.weigh(acceptEncoding)) {
            switch (item.value().toLowerCase(Locale.ROOT)) {
                case "gzip", "x-gzip" -> gzip = item.quality();
                case "deflate" -> deflate = item.quality();
                case "*" -> any = item.quality();
                default -> { }
            }
        }
        gzip = gzip < 0 ? any : gzip;
        deflate = deflate < 0 ? any : deflate;
        if (gzip <= 0 && deflate <= 0) {
            return null;
        }
        if (gzip == deflate) {
            return preferred;
        }
        return gzip > deflate ? "gzip" : "deflate";
    }

    /** Compresses {@code input} (released) and, when {@code last}, finishes the stream. */
    public ByteBuf encode(ByteBuf input, boolean last) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, input.readableBytes() / 2));
        if (!started && encoding.equals("gzip")) {
            out.writeBytes(GZIP_HEADER);
        }
        started = true;
        byte[] bytes = new byte[input.readableBytes()];
        input.readBytes(bytes);
        input.release();
        crc.update(bytes);
        deflater.setInput(bytes);
        if (last) {
            deflater.finish();
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            if (encoding.equals("gzip")) {
                writeInt(out, (int) crc.getValue());
                writeInt(out, (int) deflater.getBytesRead());
            }
            deflater.end();
        } else {
            int n;
            while ((n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH)) > 0) {
                out.write(buffer, 0, n);
            }
        }
        return Unpooled.wrappedBuffer(out.toByteArray());
    }

    /** Frees the compressor of a response that ended without finishing its stream. */
    void abandon() {
        deflater.end();
    }

    private static void writeInt(ByteArrayOutputStream out, int value) {
        out.write(value & 0xff);
        out.write((value >> 8) & 0xff);
        out.write((value >> 16) & 0xff);
        out.write((value >> 24) & 0xff);
    }

    /** True for types worth compressing: text and text-like formats. */
    static boolean compressible(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.toLowerCase(Locale.ROOT);
        int semicolon = type.indexOf(';');
        type = (semicolon < 0 ? type : type.substring(0, semicolon)).trim();
        return type.startsWith("text/") || type.endsWith("+json") || type.endsWith("+xml")
                || type.equals("application/json") || type.equals("application/javascript")
                || type.equals("application/xml") || type.equals("application/wasm")
                || type.equals("application/x-www-form-urlencoded");
    }
}

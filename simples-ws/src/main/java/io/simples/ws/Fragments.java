package io.simples.ws;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The frames of one fragmented message as they arrive, joined into one array within the
 * connection's limit. Made by the first fragment and dropped with the last, so an idle
 * connection holds none (where Netty's aggregator is one more handler on every connection).
 * The decoder before it already refuses fragments out of order (1002).
 */
final class Fragments {

    private final boolean binary;
    private final int limit;
    private byte[] bytes;
    private int size;

    /** @return null when the first fragment alone is past {@code limit} */
    static Fragments start(boolean binary, ByteBuf first, int limit) {
        Fragments fragments = new Fragments(binary, limit, first.readableBytes());
        return fragments.add(first) ? fragments : null;
    }

    private Fragments(boolean binary, int limit, int firstSize) {
        this.binary = binary;
        this.limit = limit;
        this.bytes = new byte[(int) Math.min(limit, Math.max(64L, firstSize * 2L))];
    }

    /** @return false when the message is now past the limit (nothing more is kept) */
    boolean add(ByteBuf fragment) {
        int length = fragment.readableBytes();
        if ((long) size + length > limit) {
            bytes = null;
            return false;
        }
        if (size + length > bytes.length) {
            bytes = Arrays.copyOf(bytes, (int) Math.min(limit, Math.max((long) bytes.length * 2, size + length)));
        }
        fragment.getBytes(fragment.readerIndex(), bytes, size, length);
        size += length;
        return true;
    }

    /** The whole message, once its last fragment is added. */
    WSMessage message() {
        return binary ? new WSMessage(true, bytes.length == size ? bytes : Arrays.copyOf(bytes, size))
                : new WSMessage(new String(bytes, 0, size, StandardCharsets.UTF_8), size);
    }
}

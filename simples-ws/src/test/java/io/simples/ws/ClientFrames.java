package io.simples.ws;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.ThreadLocalRandom;

/**
 * WebSocket frames as bytes (RFC 6455 §5.2), for tests that speak the wire by hand: this module's
 * frame table and the raw sockets of simples-http's tests. Shared through this module's test jar.
 */
public final class ClientFrames {

    private ClientFrames() {
    }

    /**
     * One frame with the shortest length encoding.
     *
     * @param rsv the three reserved bits (4 = RSV1, 2 = RSV2, 1 = RSV3)
     * @param mask the 4-byte masking key a client must use, or null for an unmasked frame
     */
    public static byte[] frame(boolean fin, int rsv, int opcode, byte[] payload, byte[] mask) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write((fin ? 0x80 : 0) | rsv << 4 | opcode);
        int masked = mask != null ? 0x80 : 0;
        if (payload.length < 126) {
            frame.write(masked | payload.length);
        } else if (payload.length < 65536) {
            frame.write(masked | 126);
            frame.write(payload.length >> 8);
            frame.write(payload.length & 0xFF);
        } else {
            frame.write(masked | 127);
            frame.writeBytes(ByteBuffer.allocate(8).putLong(payload.length).array());
        }
        if (mask == null) {
            frame.writeBytes(payload);
        } else {
            frame.writeBytes(mask);
            for (int i = 0; i < payload.length; i++) {
                frame.write(payload[i] ^ mask[i % 4]);
            }
        }
        return frame.toByteArray();
    }

    /** A random masking key, as a browser makes for each frame. */
    public static byte[] randomMask() {
        byte[] key = new byte[4];
        ThreadLocalRandom.current().nextBytes(key);
        return key;
    }
}

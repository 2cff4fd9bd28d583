package io.simples.ws;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One whole message received on a WebSocket (fragments already joined): text or binary.
 *
 * <p>A text message arrives as a {@code String}, decoded once from the frame (the frame decoder
 * has already refused bytes that are not UTF-8, with 1007); its UTF-8 bytes are made only when
 * {@link #bytes()} is asked for. A binary message is its bytes; {@link #text()} decodes them.
 */
public final class WSMessage {

    private final boolean binary;
    private final String text; // a text message's payload; null for a binary one
    private volatile byte[] bytes; // a binary message's payload; a text message's once asked for
    private final int size; // of the payload as it came, in bytes

    /**
     * A message as its bytes.
     *
     * @param binary whether it came as a binary message
     * @param bytes  its payload (UTF-8 for text)
     */
    public WSMessage(boolean binary, byte[] bytes) {
        this.binary = binary;
        this.bytes = Objects.requireNonNull(bytes, "bytes");
        this.text = binary ? null : new String(bytes, StandardCharsets.UTF_8);
        this.size = bytes.length;
    }

    /** A text message, as the frame decoder gave it: {@code size} bytes of UTF-8. */
    WSMessage(String text, int size) {
        this.binary = false;
        this.text = text;
        this.size = size;
    }

    /** The payload's length in bytes, as it came. */
    int size() {
        return size;
    }

    /**
     * Whether it came as a binary message.
     *
     * @return true for binary, false for text
     */
    public boolean binary() {
        return binary;
    }

    /**
     * True for a text message.
     *
     * @return whether it came as a text message
     */
    public boolean isText() {
        return !binary;
    }

    /**
     * The payload as bytes (UTF-8 for text). The array is the message's own: change it and the
     * next caller sees the change.
     *
     * @return the payload
     */
    public byte[] bytes() {
        byte[] payload = bytes;
        if (payload == null) {
            payload = text.getBytes(StandardCharsets.UTF_8);
            bytes = payload;
        }
        return payload;
    }

    /**
     * The payload as text (a binary payload is decoded as UTF-8).
     *
     * @return the payload, decoded
     */
    public String text() {
        return text != null ? text : new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return binary ? "WSMessage[" + bytes.length + " bytes]" : "WSMessage[" + text + "]";
    }
}

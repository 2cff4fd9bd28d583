package io.simples.ws;

import java.nio.charset.StandardCharsets;

/**
 * One whole message received on a WebSocket (fragments already joined): text or binary.
 *
 * @param binary whether it came as a binary message
 * @param bytes its payload (UTF-8 for text)
 */
public record WSMessage(boolean binary, byte[] bytes) {

    /**
     * True for a text message.
     *
     * @return whether it came as a text message
     */
    public boolean isText() {
        return !binary;
    }

    /**
     * The payload as text (a binary payload is decoded as UTF-8).
     *
     * @return the payload, decoded
     */
    public String text() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return binary ? "WSMessage[" + bytes.length + " bytes]" : "WSMessage[" + text() + "]";
    }
}

package io.simples.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * WebSocket frames against a WebSocket's own pipeline on Netty's {@link EmbeddedChannel}, in this
 * module, without a server: what a frame gets (an echo, or a close code), row by row, each naming
 * its RFC 6455 section. The same cases travel over real sockets in simples-http's
 * {@code ConformanceTest}; here they are checked where the handlers live, and fast.
 */
class FrameTableTest {

    /** A mask that reads as a plain header: a decoder that loses its place shows. */
    private static final byte[] READABLE_MASK = {(byte) 0x81, (byte) 0x83, 0x33, 0x44};

    /** One case: the frames a client sends, and the first frame the server answers with. */
    record Row(String rule, byte[] frames, int opcode, String payload) {
        @Override
        public String toString() {
            return rule;
        }
    }

    static final int TEXT = 1;
    static final int BINARY = 2;
    static final int CLOSE = 8;
    static final int LIMIT = 64;

    static Stream<Row> rows() {
        return Stream.of(
                new Row("§5.6 a text message is echoed", frame(true, 0, TEXT, text("hello")), TEXT, "hello"),
                new Row("§5.6 a binary message is echoed", frame(true, 0, BINARY, text("bytes")), BINARY, "bytes"),
                new Row("§5.4 fragments make one message", join(frame(false, 0, TEXT, text("hel")),
                        frame(true, 0, 0, text("lo"))), TEXT, "hello"),
                new Row("§5.5 a ping between fragments is answered, the message still whole", join(
                        frame(false, 0, TEXT, text("hel")), frame(true, 0, 9, text("p")), frame(true, 0, 0, text("lo"))),
                        10, "p"),
                new Row("§7.4.1 1000 is echoed", close(1000, ""), CLOSE, "1000"),
                new Row("§7.4.2 a code for applications is echoed", close(3000, "bye"), CLOSE, "3000"),
                new Row("§7.4.1 1005 may not travel", close(1005, ""), CLOSE, "1002"),
                new Row("§7.4.2 a code past 4999", close(5000, ""), CLOSE, "1002"),
                new Row("§5.5.1 a close body of one byte", frame(true, 0, CLOSE, new byte[]{3}), CLOSE, "1002"),
                new Row("§5.5.1 a close reason that is not UTF-8", frame(true, 0, CLOSE,
                        new byte[]{3, (byte) 0xE8, (byte) 0xC3}), CLOSE, "1007"),
                new Row("§8.1 a text message that is not UTF-8", frame(true, 0, TEXT, new byte[]{(byte) 0xC3}), CLOSE, "1007"),
                new Row("§8.1 two-, three- and four-byte forms are echoed whole", frame(true, 0, TEXT, text("é€😀")), TEXT, "é€😀"),
                new Row("§8.1 an overlong form is not UTF-8", frame(true, 0, TEXT, bytes(0xC0, 0x80)), CLOSE, "1007"),
                new Row("§8.1 a surrogate is not UTF-8", frame(true, 0, TEXT, bytes(0xED, 0xA0, 0x80)), CLOSE, "1007"),
                new Row("§8.1 past U+10FFFF is not UTF-8", frame(true, 0, TEXT, bytes(0xF4, 0x90, 0x80, 0x80)), CLOSE, "1007"),
                new Row("§8.1 a form cut short before the next character", frame(true, 0, TEXT, bytes(0xE2, 0x82, 0x41)), CLOSE, "1007"),
                new Row("§5.2 a length not in its shortest form", bytes(0x81, 0x80 | 126, 0, 1, 0, 0, 0, 0, 'x'), CLOSE, "1002"),
                new Row("§5.1 an unmasked client frame", bytes(0x81, 1, 'x'), CLOSE, "1002"),
                new Row("§5.4 a text frame inside a fragmented message", join(frame(false, 0, TEXT, text("a")),
                        frame(true, 0, TEXT, text("b"))), CLOSE, "1002"),
                new Row("§5.2 RSV2 without an extension", frame(true, 2, TEXT, text("x")), CLOSE, "1002"),
                new Row("§5.2 RSV1 without permessage-deflate", frame(true, 4, TEXT, text("x")), CLOSE, "1002"),
                new Row("§5.5 a control frame of 126 bytes", frame(true, 0, 9, new byte[126]), CLOSE, "1002"),
                new Row("§5.5 a fragmented control frame", frame(false, 0, 9, text("p")), CLOSE, "1002"),
                new Row("§5.4 a continuation with nothing to continue", frame(true, 0, 0, text("x")), CLOSE, "1002"),
                new Row("§5.2 an unknown opcode", frame(true, 0, 3, text("x")), CLOSE, "1002"),
                new Row("§10.4 a message past the limit", frame(true, 0, TEXT, new byte[LIMIT + 1]), CLOSE, "1009"),
                new Row("§10.4 fragments past the limit together", join(frame(false, 0, TEXT, new byte[LIMIT / 2 + 1]),
                        frame(true, 0, 0, new byte[LIMIT / 2 + 1])), CLOSE, "1009"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void a_frame_gets_what_the_rfc_says(Row row) {
        try (EmbeddedSocket socket = echoing(LIMIT)) {
            socket.write(row.frames());
            List<EmbeddedSocket.Frame> answer = socket.frames();
            assertFalse(answer.isEmpty(), "no answer to " + row);
            EmbeddedSocket.Frame first = answer.get(0);
            String seen = first.opcode() == CLOSE ? Integer.toString(first.closeCode()) : first.text();
            assertEquals(row.opcode() + " " + row.payload(), first.opcode() + " " + seen);
        }
    }

    /**
     * The decoder reads a whole unfragmented message itself and gives every other frame to Netty's
     * decoder: bytes that arrive one at a time, whole messages between fragmented ones and control
     * frames, must come out as the same messages in the same order.
     */
    @Test
    void frames_arriving_a_byte_at_a_time_make_the_same_messages() {
        String long1 = "é".repeat(100); // 200 bytes: a 16-bit length
        byte[] frames = join(frame(true, 0, TEXT, text("one")), frame(false, 0, TEXT, text("t")), frame(true, 0, 9, text("p")),
                frame(true, 0, 0, text("wo")), frame(true, 0, BINARY, text("three")), frame(true, 0, TEXT, text(long1)),
                frame(false, 0, BINARY, text("fo")), frame(true, 0, 0, text("ur")), frame(true, 0, TEXT, new byte[0]),
                frame(true, 0, TEXT, text("last")));
        try (EmbeddedSocket socket = echoing(1000)) {
            for (byte b : frames) {
                socket.write(new byte[]{b});
            }
            List<String> seen = socket.frames().stream().map(frame -> frame.opcode() + " " + frame.text()).toList();
            assertEquals(List.of("1 one", "10 p", "1 two", "2 three", "1 " + long1, "2 four", "1 ", "1 last"), seen);
        }
    }

    /** A WebSocket's pipeline after its handshake, echoing what it gets. */
    private static EmbeddedSocket echoing(int limit) {
        WSHost host = new WSHost("/ws", WSOptions.defaults().limit(limit), connection ->
                connection.onMessage(message -> {
                    if (message.isText()) {
                        connection.send(message.text());
                    } else {
                        connection.send(message.bytes());
                    }
                }));
        return EmbeddedSocket.open(host);
    }

    private static byte[] text(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    private static byte[] close(int code, String reason) {
        byte[] text = text(reason);
        return frame(true, 0, CLOSE, ByteBuffer.allocate(2 + text.length).putShort((short) code).put(text).array());
    }

    /** A masked client frame; {@code rsv} holds the three reserved bits (4 = RSV1, 2 = RSV2, 1 = RSV3). */
    static byte[] frame(boolean fin, int rsv, int opcode, byte[] payload) {
        return ClientFrames.frame(fin, rsv, opcode, payload, READABLE_MASK);
    }

    private static byte[] join(byte[]... frames) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] frame : frames) {
            all.writeBytes(frame);
        }
        return all.toByteArray();
    }
}

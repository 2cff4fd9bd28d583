package io.simples.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.simples.core.internal.PipelineNames;
import io.simples.core.internal.RequestHead;
import io.simples.core.internal.SerialExecutor;
import io.simples.ws.internal.WebSocketUpgrade;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * WebSocket frames against a WebSocket's own pipeline on Netty's {@link EmbeddedChannel}, in this
 * module, without a server: what a frame gets (an echo, or a close code), row by row, each naming
 * its RFC 6455 section. The same cases travel over real sockets in simples-http's
 * {@code ConformanceTest}; here they are checked where the handlers live, and fast.
 */
class FrameTableTest {

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
        WSHost host = new WSHost("/ws", WSOptions.defaults().limit(LIMIT), connection ->
                connection.onMessage(message -> {
                    if (message.isText()) {
                        connection.send(message.text());
                    } else {
                        connection.send(message.bytes());
                    }
                }));
        EmbeddedChannel channel = new EmbeddedChannel();
        try {
            channel.pipeline().addLast(PipelineNames.CODEC, new HttpServerCodec());
            FullHttpRequest upgrade = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/ws");
            upgrade.headers().set("host", "x").set("upgrade", "websocket").set("connection", "Upgrade")
                    .set("sec-websocket-key", "dGhlIHNhbXBsZSBub25jZQ==").set("sec-websocket-version", "13");
            WebSocketUpgrade.handshake(host, new RequestHead(upgrade, channel, "http"), Map.of(), SerialExecutor.Inline.INSTANCE,
                    List.of());
            String handshake = drain(channel).toString(StandardCharsets.ISO_8859_1);
            assertTrue(handshake.startsWith("HTTP/1.1 101"), handshake);

            channel.writeInbound(Unpooled.wrappedBuffer(row.frames()));
            channel.runPendingTasks();
            ByteBuf answer = drain(channel);
            try {
                assertNotNull(answer);
                assertTrue(answer.readableBytes() >= 2, "no answer to " + row);
                int opcode = answer.readByte() & 0x0F;
                int length = answer.readByte() & 0x7F;
                byte[] payload = new byte[length];
                answer.readBytes(payload);
                String seen = opcode == CLOSE ? Integer.toString(ByteBuffer.wrap(payload).getShort() & 0xFFFF)
                        : new String(payload, StandardCharsets.UTF_8);
                assertEquals(row.opcode() + " " + row.payload(), opcode + " " + seen);
            } finally {
                answer.release();
            }
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    /** Everything the server wrote so far, in one buffer. */
    private static ByteBuf drain(EmbeddedChannel channel) {
        ByteBuf all = Unpooled.buffer();
        Object written;
        while ((written = channel.readOutbound()) != null) {
            ByteBuf bytes = (ByteBuf) written;
            all.writeBytes(bytes);
            bytes.release();
        }
        return all;
    }

    private static byte[] text(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] close(int code, String reason) {
        byte[] text = text(reason);
        return frame(true, 0, CLOSE, ByteBuffer.allocate(2 + text.length).putShort((short) code).put(text).array());
    }

    /** A masked client frame; {@code rsv} holds the three reserved bits (4 = RSV1, 2 = RSV2, 1 = RSV3). */
    static byte[] frame(boolean fin, int rsv, int opcode, byte[] payload) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write((fin ? 0x80 : 0) | rsv << 4 | opcode);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else {
            frame.write(0x80 | 126);
            frame.write(payload.length >> 8);
            frame.write(payload.length & 0xFF);
        }
        byte[] mask = {0x11, 0x22, 0x33, 0x44};
        frame.writeBytes(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        return frame.toByteArray();
    }

    private static byte[] join(byte[]... frames) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] frame : frames) {
            all.writeBytes(frame);
        }
        return all.toByteArray();
    }
}

package io.simples.ws;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.simples.core.internal.Handoff;
import io.simples.core.internal.Metrics;
import io.simples.core.internal.PipelineNames;
import io.simples.core.internal.RequestHead;
import io.simples.ws.internal.WebSocketAccess;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A WebSocket of a {@link WSHost} on Netty's {@link EmbeddedChannel}, after its handshake, without
 * a server: a test writes client frames in and reads the server's frames out, in the test's thread
 * (listeners run inline, as event-loop listeners do).
 */
final class EmbeddedSocket implements AutoCloseable {

    /** A frame the server sent: its opcode and payload (a close frame's payload starts with its code). */
    record Frame(int opcode, byte[] payload) {

        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** A close frame's code, or -1 for a close frame without one. */
        int closeCode() {
            return payload.length < 2 ? -1 : ByteBuffer.wrap(payload).getShort() & 0xFFFF;
        }

        String closeReason() {
            return payload.length < 2 ? "" : new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
        }
    }

    static final int TEXT = 1;
    static final int CLOSE = 8;
    private static final byte[] MASK = {0x11, 0x22, 0x33, 0x44};

    private final EmbeddedChannel channel;
    private byte[] early = new byte[0]; // frames written with the 101, before the test read any

    private EmbeddedSocket(EmbeddedChannel channel) {
        this.channel = channel;
    }

    /** Opens a WebSocket of {@code host} at its location: the handshake is answered with a 101. */
    static EmbeddedSocket open(WSHost host) {
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.pipeline().addLast(PipelineNames.CODEC, new HttpServerCodec());
        FullHttpRequest upgrade = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, host.location());
        upgrade.headers().set("host", "x").set("upgrade", "websocket").set("connection", "Upgrade")
                .set("sec-websocket-key", "dGhlIHNhbXBsZSBub25jZQ==").set("sec-websocket-version", "13");
        WebSocketAccess.handshake(host, new RequestHead(upgrade, channel, "http"),
                new WebSocketAccess.Opening(Map.of(), Handoff.INLINE, List.of(), null, false, Metrics.WebSocketMeters.NONE));
        EmbeddedSocket socket = new EmbeddedSocket(channel);
        ByteBuf written = socket.drain();
        try {
            String all = written.toString(StandardCharsets.ISO_8859_1);
            assertTrue(all.startsWith("HTTP/1.1 101") && all.contains("\r\n\r\n"), all);
            int end = all.indexOf("\r\n\r\n") + 4;
            socket.early = new byte[written.readableBytes() - end];
            written.getBytes(end, socket.early); // an open listener that sends (or closes) at once
        } finally {
            written.release();
        }
        return socket;
    }

    EmbeddedChannel channel() {
        return channel;
    }

    /** Writes the client's bytes in, and runs what they started. */
    void write(byte[] bytes) {
        channel.writeInbound(Unpooled.wrappedBuffer(bytes));
        channel.runPendingTasks();
    }

    /** Sends a whole text message, masked as a client does. */
    void sendText(String text) {
        write(ClientFrames.frame(true, 0, TEXT, text.getBytes(StandardCharsets.UTF_8), MASK));
    }

    /** Sends a close frame with {@code code} and {@code reason}. */
    void sendClose(int code, String reason) {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        write(ClientFrames.frame(true, 0, CLOSE, ByteBuffer.allocate(2 + text.length).putShort((short) code).put(text).array(), MASK));
    }

    /** Everything the server wrote so far, as raw bytes; the caller releases it. */
    ByteBuf drain() {
        channel.runPendingTasks();
        ByteBuf all = Unpooled.buffer().writeBytes(early);
        early = new byte[0];
        Object written;
        while ((written = channel.readOutbound()) != null) {
            ByteBuf bytes = (ByteBuf) written;
            all.writeBytes(bytes);
            bytes.release();
        }
        return all;
    }

    /** The frames the server wrote since the last call (server frames are never masked). */
    List<Frame> frames() {
        ByteBuf all = drain();
        try {
            List<Frame> frames = new ArrayList<>();
            while (all.isReadable()) {
                int opcode = all.readByte() & 0x0F;
                long length = all.readByte() & 0x7F;
                if (length == 126) {
                    length = all.readUnsignedShort();
                } else if (length == 127) {
                    length = all.readLong();
                }
                byte[] payload = new byte[(int) length];
                all.readBytes(payload);
                frames.add(new Frame(opcode, payload));
            }
            return frames;
        } finally {
            all.release();
        }
    }

    /** The text messages the server wrote since the last call. */
    List<String> texts() {
        return frames().stream().filter(frame -> frame.opcode() == TEXT).map(Frame::text).toList();
    }

    @Override
    public void close() {
        channel.finishAndReleaseAll();
    }
}

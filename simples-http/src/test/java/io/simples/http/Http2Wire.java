package io.simples.http;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * An HTTP/2 client on a raw socket that writes frames as the test says, valid or not (RFC 9113
 * §4: a 9-byte header, then the payload), and reads the server's frames one by one. Headers are
 * HPACK literals without indexing, or indexed names of the static table: no state to get wrong.
 */
final class Http2Wire implements AutoCloseable {

    static final int DATA = 0;
    static final int HEADERS = 1;
    static final int RST_STREAM = 3;
    static final int SETTINGS = 4;
    static final int PING = 6;
    static final int GOAWAY = 7;
    static final int WINDOW_UPDATE = 8;
    static final int CONTINUATION = 9;
    static final int END_STREAM = 0x1;
    static final int END_HEADERS = 0x4;

    /** One frame the server sent. */
    record Frame(int type, int flags, int stream, byte[] payload) {
        boolean endsStream() {
            return (flags & END_STREAM) != 0;
        }

        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;

    /** Connects, sends the preface and an empty SETTINGS frame. */
    Http2Wire(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        out = socket.getOutputStream();
        in = new DataInputStream(socket.getInputStream());
        out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        frame(SETTINGS, 0, 0, new byte[0]);
    }

    /** A request's header block: GET or POST (indexed), scheme http, {@code path}, authority "x". */
    static byte[] requestHeaders(String method, String path) {
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        block.write(method.equals("POST") ? 0x83 : 0x82);
        block.write(0x86); // :scheme http
        literal(block, 4, path); // :path
        literal(block, 1, "x"); // :authority
        return block.toByteArray();
    }

    private static void literal(ByteArrayOutputStream block, int nameIndex, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        block.write(nameIndex); // literal without indexing, indexed name (4-bit prefix)
        block.write(bytes.length); // short values only: the 7-bit prefix, no Huffman
        block.write(bytes, 0, bytes.length);
    }

    void headers(int stream, String method, String path, boolean endStream) throws IOException {
        frame(HEADERS, END_HEADERS | (endStream ? END_STREAM : 0), stream, requestHeaders(method, path));
    }

    void data(int stream, byte[] bytes, boolean endStream) throws IOException {
        frame(DATA, endStream ? END_STREAM : 0, stream, bytes);
    }

    void frame(int type, int flags, int stream, byte[] payload) throws IOException {
        byte[] header = {
            (byte) (payload.length >>> 16), (byte) (payload.length >>> 8), (byte) payload.length,
            (byte) type, (byte) flags,
            (byte) (stream >>> 24 & 0x7f), (byte) (stream >>> 16), (byte) (stream >>> 8), (byte) stream};
        out.write(header);
        out.write(payload);
        out.flush();
    }

    /** Sends {@code count} copies of one frame, many to a write: a flood, as fast as the socket takes it. */
    void flood(int type, int flags, int stream, byte[] payload, int count) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.writeBytes(new byte[] {
            (byte) (payload.length >>> 16), (byte) (payload.length >>> 8), (byte) payload.length,
            (byte) type, (byte) flags,
            (byte) (stream >>> 24 & 0x7f), (byte) (stream >>> 16), (byte) (stream >>> 8), (byte) stream});
        frame.writeBytes(payload);
        byte[] one = frame.toByteArray();
        int perWrite = Math.max(1, 64 * 1024 / one.length);
        ByteArrayOutputStream batch = new ByteArrayOutputStream(perWrite * one.length);
        for (int i = 0; i < perWrite; i++) {
            batch.writeBytes(one);
        }
        byte[] many = batch.toByteArray();
        for (int sent = 0; sent < count; sent += perWrite) {
            out.write(many, 0, Math.min(perWrite, count - sent) * one.length);
        }
        out.flush();
    }

    /** True when the last {@link #next} found the server silent rather than gone. */
    boolean silent;

    /** The next frame, or null when the server closed the connection or said nothing for {@code patience}. */
    Frame next(Duration patience) throws IOException {
        socket.setSoTimeout((int) patience.toMillis());
        silent = false;
        try {
            int length = in.readUnsignedByte() << 16 | in.readUnsignedByte() << 8 | in.readUnsignedByte();
            int type = in.readUnsignedByte();
            int flags = in.readUnsignedByte();
            int stream = in.readInt() & 0x7fffffff;
            byte[] payload = new byte[length];
            in.readFully(payload);
            return new Frame(type, flags, stream, payload);
        } catch (SocketTimeoutException e) {
            silent = true;
            return null;
        } catch (EOFException e) {
            return null;
        } catch (IOException e) {
            if (String.valueOf(e.getMessage()).contains("reset")) {
                return null;
            }
            throw e;
        }
    }

    /** Frames until one of {@code type} on {@code stream} (any stream for -1), or null when none comes. */
    Frame until(int type, int stream, Duration patience) throws IOException {
        for (Frame frame = next(patience); frame != null; frame = next(patience)) {
            if (frame.type() == type && (stream < 0 || frame.stream() == stream)) {
                return frame;
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

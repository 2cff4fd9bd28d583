package io.simples.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
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
    static final int ACK = 0x1;

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
    /** The server's HPACK table as {@link #decode} has followed it. */
    private final DefaultHttp2HeadersDecoder decoder = new DefaultHttp2HeadersDecoder(false);

    /** Connects, sends the preface and an empty SETTINGS frame. */
    Http2Wire(int port) throws IOException {
        this(new Socket("127.0.0.1", port));
        out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        frame(SETTINGS, 0, 0, new byte[0]);
    }

    private Http2Wire(Socket socket) throws IOException {
        this.socket = socket;
        out = socket.getOutputStream();
        in = new DataInputStream(socket.getInputStream());
    }

    /**
     * Connects over TLS, trusting {@link TestCertificate}, with ALPN choosing {@code h2}; sends
     * the preface and an empty SETTINGS frame.
     */
    static Http2Wire tls(int port) throws IOException {
        javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) TestCertificate.trusting().getSocketFactory()
                .createSocket("127.0.0.1", port);
        javax.net.ssl.SSLParameters parameters = socket.getSSLParameters();
        parameters.setApplicationProtocols(new String[] {"h2"});
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        if (!"h2".equals(socket.getApplicationProtocol())) {
            socket.close();
            throw new IOException("ALPN chose " + socket.getApplicationProtocol() + ", not h2");
        }
        Http2Wire wire = new Http2Wire(socket);
        wire.out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        wire.frame(SETTINGS, 0, 0, new byte[0]);
        return wire;
    }

    /** What the server answered on one stream: the last {@code :status}, the body, and the RST_STREAM's code (-1: none). */
    record Answer(int status, String body, long reset) {
    }

    /**
     * Reads until {@code stream} ends (END_STREAM or RST_STREAM), decoding every HEADERS frame on
     * the way (the HPACK table needs them all); fails if it does not end within {@code patience}.
     */
    Answer answer(int stream, Duration patience) throws IOException, Http2Exception {
        int status = 0;
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Frame frame = next(patience); frame != null; frame = next(patience)) {
            if (frame.type() == HEADERS) {
                Http2Headers headers = decode(frame);
                if (frame.stream() == stream && headers.status() != null) {
                    status = Integer.parseInt(headers.status().toString());
                }
            }
            if (frame.stream() != stream) {
                continue;
            }
            if (frame.type() == DATA) {
                body.writeBytes(frame.payload());
            }
            if (frame.type() == RST_STREAM || frame.endsStream()) {
                return new Answer(status, body.toString(StandardCharsets.UTF_8), frame.type() == RST_STREAM ? errorCode(frame) : -1);
            }
        }
        throw new IOException("stream " + stream + " did not end within " + patience + " (status " + status + ", body " + body + ")");
    }

    /** Connects and sends nothing: the test writes its own preface, or none. */
    static Http2Wire bare(int port) throws IOException {
        return new Http2Wire(new Socket("127.0.0.1", port));
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

    /**
     * A header block of any fields, in the order given ({@code name, value, name, value...}),
     * each a literal without indexing with a new name (pseudo-headers too): names and values go
     * as ISO-8859-1 bytes, whatever they hold (uppercase, CR, LF, NUL), with no Huffman coding.
     */
    static byte[] fields(String... namesAndValues) {
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            block.write(0x00); // literal without indexing, new name
            string(block, namesAndValues[i]);
            string(block, namesAndValues[i + 1]);
        }
        return block.toByteArray();
    }

    private static void string(ByteArrayOutputStream block, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        int length = bytes.length; // RFC 7541 §5.1: a 7-bit prefix, then 7 bits a byte
        if (length < 0x7f) {
            block.write(length);
        } else {
            block.write(0x7f);
            for (length -= 0x7f; length >= 0x80; length >>>= 7) {
                block.write(length & 0x7f | 0x80);
            }
            block.write(length);
        }
        block.write(bytes, 0, bytes.length);
    }

    /** One frame's bytes, header and payload, for {@link #write} to send with others in one write. */
    static byte[] encode(int type, int flags, int stream, byte[] payload) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(9 + payload.length);
        frame.writeBytes(new byte[] {
            (byte) (payload.length >>> 16), (byte) (payload.length >>> 8), (byte) payload.length,
            (byte) type, (byte) flags,
            (byte) (stream >>> 24 & 0x7f), (byte) (stream >>> 16), (byte) (stream >>> 8), (byte) stream});
        frame.writeBytes(payload);
        return frame.toByteArray();
    }

    /** Reads an HTTP/1.1 head (up to its empty line), as an {@code Upgrade: h2c} answer's 101 comes before the frames. */
    String http1Head(Duration patience) throws IOException {
        socket.setSoTimeout((int) patience.toMillis());
        StringBuilder head = new StringBuilder();
        while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
            head.append((char) in.readUnsignedByte());
        }
        return head.toString();
    }

    /** Sends {@code bytes} as they are, at once. */
    void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /**
     * The fields of one of the server's HEADERS frames (no CONTINUATION), through this
     * connection's HPACK table: the test must decode every HEADERS frame it reads, in order.
     */
    Http2Headers decode(Frame frame) throws Http2Exception {
        byte[] payload = frame.payload();
        int from = (frame.flags() & 0x8) != 0 ? 1 : 0; // PADDED: a pad length first
        int to = payload.length - (from == 1 ? payload[0] & 0xff : 0);
        from += (frame.flags() & 0x20) != 0 ? 5 : 0; // PRIORITY: 5 bytes more
        ByteBuf block = Unpooled.wrappedBuffer(payload, from, to - from);
        try {
            return decoder.decodeHeaders(frame.stream(), block);
        } finally {
            block.release();
        }
    }

    /** The error code of a RST_STREAM or GOAWAY frame. */
    static long errorCode(Frame frame) {
        int at = frame.type() == GOAWAY ? 4 : 0;
        return Integer.toUnsignedLong(java.nio.ByteBuffer.wrap(frame.payload()).getInt(at));
    }

    /** All bytes the server sends until it closes the connection or says nothing for {@code patience} ({@link #silent}). */
    byte[] rest(Duration patience) throws IOException {
        socket.setSoTimeout((int) patience.toMillis());
        silent = false;
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                all.write(buffer, 0, read);
            }
        } catch (SocketTimeoutException e) {
            silent = true;
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("reset")) {
                throw e;
            }
        }
        return all.toByteArray();
    }

    void headers(int stream, String method, String path, boolean endStream) throws IOException {
        frame(HEADERS, END_HEADERS | (endStream ? END_STREAM : 0), stream, requestHeaders(method, path));
    }

    /** One HEADERS frame holding a whole header block ({@link #fields}). */
    void headers(int stream, byte[] block, boolean endStream) throws IOException {
        frame(HEADERS, END_HEADERS | (endStream ? END_STREAM : 0), stream, block);
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

package io.simples.http;

import io.simples.ws.ClientFrames;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/** A WebSocket client over a raw socket, for the frames a polite client never sends. */
final class RawWebSocket implements AutoCloseable {

    /** A frame as read: its opcode and payload. */
    record Frame(int opcode, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** The close code of a close frame, or -1. */
        int closeCode() {
            return opcode == 8 && payload.length >= 2 ? ByteBuffer.wrap(payload).getShort() & 0xffff : -1;
        }
    }

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;
    final String handshake;

    RawWebSocket(int port, String path) throws IOException {
        this(port, path, "");
    }

    RawWebSocket(int port, String path, String extraHeaders) throws IOException {
        this(port, path, extraHeaders, 0);
    }

    /** With a receive buffer of {@code receiveBuffer} bytes (0: the kernel's, which grows to tens of MiB on loopback). */
    RawWebSocket(int port, String path, String extraHeaders, int receiveBuffer) throws IOException {
        socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer); // before connecting, so that the window is small from the start
        }
        socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 10_000);
        socket.setSoTimeout(10_000);
        out = socket.getOutputStream();
        in = new DataInputStream(socket.getInputStream());
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
                + Base64.getEncoder().encodeToString(nonce) + "\r\n" + extraHeaders + "\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        handshake = readHead(in);
    }

    void timeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    /** Sends one frame; {@code masked} as clients must, {@code rsv} the three reserved bits. */
    void send(boolean fin, int opcode, byte[] payload, boolean masked, int rsv) throws IOException {
        out.write(frame(fin, opcode, payload, masked, rsv));
        out.flush();
    }

    /** The bytes of one frame, with the shortest length encoding; {@code masked} with a random key. */
    static byte[] frame(boolean fin, int opcode, byte[] payload, boolean masked, int rsv) {
        return ClientFrames.frame(fin, rsv, opcode, payload, masked ? ClientFrames.randomMask() : null);
    }

    void sendText(String text) throws IOException {
        send(true, 1, text.getBytes(StandardCharsets.UTF_8), true, 0);
    }

    Frame read() throws IOException {
        return read(in);
    }

    /** Reads one frame as a server sends it (unmasked). */
    static Frame read(DataInputStream in) throws IOException {
        int first = in.readUnsignedByte();
        int second = in.readUnsignedByte();
        long length = second & 0x7f;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        return new Frame(first & 0x0f, payload);
    }

    /** Reads frames until a close frame, skipping others; -1 when the socket ends first. */
    int readCloseCode() throws IOException {
        try {
            while (true) {
                Frame frame = read();
                if (frame.opcode() == 8) {
                    return frame.closeCode();
                }
            }
        } catch (java.io.EOFException e) {
            return -1;
        }
    }

    static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            head.append((char) c);
        }
        return head.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

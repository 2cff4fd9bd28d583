package io.simples.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.FileRegion;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;

/**
 * Where a raw client writes bytes and reads the server's: a real socket, or an
 * {@link EmbeddedChannel} holding the server's pipeline. Reading what has not come is a
 * {@link SocketTimeoutException} on both (an embedded channel runs everything at once, so
 * nothing more will come); the end of the stream means the server closed the connection.
 */
abstract class Wire implements java.io.Closeable {

    /** A request that proves the connection is still usable, and then ends it. */
    static final byte[] PROBE = "GET /probe HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
            .getBytes(StandardCharsets.ISO_8859_1);

    abstract void write(byte[] bytes) throws IOException;

    /** Shuts down the client's sending side. */
    abstract void halfClose() throws IOException;

    abstract DataInputStream in();

    /** Reads until the server closes, or until nothing more comes ({@code open} then true). */
    Answer readToEnd() throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            int read;
            while ((read = in().read(buffer)) >= 0) {
                all.write(buffer, 0, read);
            }
            return new Answer(all.toString(StandardCharsets.ISO_8859_1), false);
        } catch (SocketTimeoutException stillOpen) {
            return new Answer(all.toString(StandardCharsets.ISO_8859_1), true);
        } catch (IOException reset) {
            return new Answer(all.toString(StandardCharsets.ISO_8859_1), false);
        }
    }

    /** The next frame, or null when the server closed first. */
    RawWebSocket.Frame readFrame() throws IOException {
        try {
            return RawWebSocket.read(in());
        } catch (EOFException closed) {
            return null;
        }
    }

    /** What came back: the bytes as text, and whether the connection was still open after them. */
    record Answer(String text, boolean open) {

        /** The first final status, or -1. */
        int status() {
            int at = 0;
            while (at >= 0 && text.startsWith("HTTP/1.1 ", at) && text.length() >= at + 12) {
                int status = Integer.parseInt(text.substring(at + 9, at + 12));
                if (status >= 200 || status == 101) {
                    return status;
                }
                at = text.indexOf("\r\n\r\n", at);
                at = at < 0 ? -1 : at + 4;
            }
            return -1;
        }
    }

    /** The close code of a close frame: 0 when it has none, -1 for no frame. */
    static int closeCode(RawWebSocket.Frame frame) {
        if (frame == null || frame.opcode() != 8) {
            return -1;
        }
        return frame.payload().length < 2 ? 0 : ByteBuffer.wrap(frame.payload()).getShort() & 0xffff;
    }

    /** A real socket to {@code port} on the loopback. */
    static Wire socket(int port) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(5000);
        DataInputStream in = new DataInputStream(socket.getInputStream());
        return new Wire() {
            @Override
            void write(byte[] bytes) throws IOException {
                socket.getOutputStream().write(bytes);
                socket.getOutputStream().flush();
            }

            @Override
            void halfClose() throws IOException {
                socket.shutdownOutput();
            }

            @Override
            DataInputStream in() {
                return in;
            }

            @Override
            public void close() throws IOException {
                socket.close();
            }
        };
    }

    /** What a zero-copy file write would have sent. */
    private static ByteBuf bytesOf(FileRegion file) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        WritableByteChannel sink = Channels.newChannel(bytes);
        try {
            while (file.transferred() < file.count()) {
                file.transferTo(sink, file.transferred());
            }
        } finally {
            file.release();
        }
        return Unpooled.wrappedBuffer(bytes.toByteArray());
    }

    /** The server's pipeline on an embedded channel, run on the test's thread. */
    static Wire embedded(EmbeddedChannel channel) {
        InputStream out = new InputStream() {
            private ByteBuf pending = Unpooled.EMPTY_BUFFER;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] bytes, int offset, int length) throws IOException {
                while (!pending.isReadable()) {
                    pending.release();
                    channel.runPendingTasks();
                    Object next = channel.readOutbound();
                    if (next == null) {
                        pending = Unpooled.EMPTY_BUFFER;
                        if (!channel.isOpen()) {
                            return -1;
                        }
                        throw new SocketTimeoutException("nothing more will come");
                    }
                    pending = next instanceof FileRegion file ? bytesOf(file) : (ByteBuf) next;
                }
                int count = Math.min(length, pending.readableBytes());
                pending.readBytes(bytes, offset, count);
                return count;
            }

            @Override
            public void close() {
                pending.release();
            }
        };
        DataInputStream in = new DataInputStream(out);
        return new Wire() {
            @Override
            void write(byte[] bytes) {
                if (channel.isOpen()) {
                    channel.writeInbound(Unpooled.wrappedBuffer(bytes));
                    channel.runPendingTasks();
                }
            }

            @Override
            void halfClose() {
                channel.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
                channel.runPendingTasks();
            }

            @Override
            DataInputStream in() {
                return in;
            }

            @Override
            public void close() throws IOException {
                out.close();
                channel.finishAndReleaseAll();
            }
        };
    }
}

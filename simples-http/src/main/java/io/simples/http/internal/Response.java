package io.simples.http.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.simples.core.internal.MimeTypes;
import io.simples.core.internal.RequestHead;
import io.simples.core.internal.ResponseHeads;
import io.simples.http.CompressionOptions;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The response of one exchange, whatever the protocol under it: its status, headers, body (whole,
 * with its length, or streamed), compression and the session's save before the end. How it goes
 * on the wire (HTTP/1.1's lengths, chunks and {@code Connection} header, or another protocol's
 * frames) is its {@link Transport}'s business. Every method is synchronized, so a listener may hand the connection to another thread; misuse (changing
 * the head after it was sent, writing after the end) throws {@link IllegalStateException} and
 * never reaches the wire.
 */
public final class Response {

    /** The type of a body whose listener set none: plain text, so that text reflecting a request is never taken for HTML. */
    static final String DEFAULT_TYPE = "text/plain;charset=utf-8";

    private final Transport transport;
    private final boolean head;
    private final String id;
    private final HttpHeaders headers = new DefaultHttpHeaders();
    private int status = 200;
    private long bytes; // of the body as it went out (after compression), under the lock
    private boolean headSent;
    private boolean ended;
    private boolean ending; // a thread is saving the session before the end: nobody else may end it
    private java.util.List<Runnable> beforeHead; // made when a hook comes: most responses have none
    private CompressionOptions compression;
    private String acceptEncoding;
    private BodyEncoder encoder;
    private java.util.function.BooleanSupplier beforeEnd;
    private volatile Runnable whenEnded; // read without the lock on every end: almost always null

    /**
     * The response to a request, {@code head} when it is a HEAD request (answered without
     * content); {@code id} is the request's, sent back in {@code X-Request-Id}.
     */
    Response(Transport transport, boolean head, String id) {
        this.transport = transport;
        this.head = head;
        this.id = id;
    }

    /** Runs {@code hook} just before the head is sent (the session cookie with its final id, CORS headers that survive an error answer). */
    synchronized void beforeHead(Runnable hook) {
        if (beforeHead == null) {
            beforeHead = new java.util.ArrayList<>(2);
        }
        beforeHead.add(hook);
    }

    /**
     * Runs {@code hook} just before the response ends (to save the session before the client hears
     * back). When it answers false (the session could not be saved), the client must not be told
     * of a success: a response whose head is not sent yet becomes a 503, one whose head is already
     * out is aborted.
     */
    synchronized void beforeEnd(java.util.function.BooleanSupplier hook) {
        beforeEnd = hook;
    }

    /**
     * Runs {@code hook} once this response has ended, however it ends (a body, a file, a refusal,
     * an abort); at once when it has ended already. For a response that outlives its listener.
     */
    void whenEnded(Runnable hook) {
        synchronized (this) {
            if (!ended) {
                whenEnded = hook;
                return;
            }
        }
        hook.run();
    }

    /** Runs the {@link #whenEnded} hook, outside this response's lock, if the response has ended. */
    private void fireEnded() {
        if (whenEnded == null) {
            return; // the common case, a response ended by its listener: no second lock
        }
        Runnable hook;
        synchronized (this) {
            if (!ended || whenEnded == null) {
                return;
            }
            hook = whenEnded;
            whenEnded = null;
        }
        hook.run();
    }

    /** Compress this response as {@code options} say, for a client that sent {@code acceptEncoding}; null: never. */
    public synchronized void compression(CompressionOptions options, String acceptEncoding) {
        this.compression = options;
        this.acceptEncoding = acceptEncoding;
    }

    public io.netty.buffer.ByteBufAllocator alloc() {
        return transport.alloc();
    }

    public synchronized int status() {
        return status;
    }

    public synchronized Response status(int code) {
        requireHeadNotSent("set the status");
        if (code < 100 || code > 999) {
            throw new IllegalArgumentException("a status code has three digits, got " + code);
        }
        status = code;
        return this;
    }

    public synchronized String header(String name) {
        return headers.get(name);
    }

    public synchronized Response header(CharSequence name, Object value) {
        requireHeadNotSent("set the header ", name);
        if (value == null) {
            headers.remove(name);
        } else if (value instanceof Iterable<?> values) {
            headers.set(name, values);
        } else {
            headers.set(name, value);
        }
        return this;
    }

    /** Sets {@code Content-Type} from an extension, a file name or a media type (see {@link MimeTypes#of}). */
    Response type(String type) {
        return header(HttpHeaderNames.CONTENT_TYPE, MimeTypes.of(type));
    }

    /** Ends the response without a body (or with what was written). */
    public void end() {
        end(Unpooled.EMPTY_BUFFER);
    }

    /** Ends the response with {@code text} as UTF-8. */
    void end(String text) {
        end(io.netty.buffer.ByteBufUtil.writeUtf8(alloc(), text));
    }

    public synchronized void addHeader(CharSequence name, Object value) {
        requireHeadNotSent("add the header ", name);
        headers.add(name, value);
    }

    /** Drops whatever the head holds, to answer an error instead. */
    synchronized void reset() {
        requireHeadNotSent("reset the response");
        headers.clear();
        status = 200;
    }

    public synchronized boolean headSent() {
        return headSent;
    }

    /** The bytes of the body sent so far, as they went on the wire (compressed when they were), before any framing. */
    public synchronized long bytes() {
        return bytes;
    }

    public synchronized boolean ended() {
        return ended || ending;
    }

    /** Writes a piece of the body, sending the head first (chunked unless a length was set). */
    public void write(ByteBuf chunk) {
        write(chunk, true);
    }

    /**
     * Writes a piece of the body (see {@link #write(ByteBuf)}); when {@code wait}, a handler
     * thread then waits while the client does not read (a broadcast never waits: its writer
     * checks the {@linkplain Transport#backlog() backlog} instead).
     */
    public void write(ByteBuf chunk, boolean wait) {
        synchronized (this) {
            requireNotEnded(chunk, "write");
            if (!headSent) {
                sendHead(null);
            }
            if (head || chunk.readableBytes() == 0) {
                chunk.release();
                return;
            }
            if (encoder != null) {
                chunk = encoder.encode(chunk, false);
            }
            bytes += chunk.readableBytes();
            transport.sendPiece(chunk);
        }
        if (wait) {
            transport.awaitWritable();
        }
    }

    /** Ends the response with a last piece: the whole body, with its length, when nothing was sent yet. */
    public void end(ByteBuf last) {
        boolean saveFirst;
        synchronized (this) {
            saveFirst = beforeEnd != null;
            if (!saveFirst) { // nothing to save first: one lock, as for every request without a session
                requireNotEnded(last, "end");
                finishEnd(last);
            }
        }
        if (saveFirst && saveBeforeEnd(last, "end")) {
            synchronized (this) {
                finishEnd(last);
            }
        }
        fireEnded();
    }

    private void finishEnd(ByteBuf last) {
        ended = true;
        if (!headSent) {
            sendHead(last);
        } else if (head) {
            last.release();
            transport.sendLast(Unpooled.EMPTY_BUFFER);
        } else {
            ByteBuf body = encoder != null ? encoder.encode(last, true) : last;
            bytes += body.readableBytes();
            transport.sendLast(body);
        }
    }

    /** Ends the response with a file as its body: zero-copy on plain connections, in chunks under TLS. */
    void endWithFile(Path file) {
        endWithFile(file, 0, -1);
    }

    /** Ends the response with {@code length} bytes of a file from {@code offset} ({@code -1}: to its end). */
    void endWithFile(Path file, long offset, long count) {
        synchronized (this) {
            if (headSent && !ended && !ending) {
                throw new IllegalStateException("cannot send a file after the head was sent (by write)");
            }
        }
        RandomAccessFile raf;
        long length;
        try {
            raf = new RandomAccessFile(file.toFile(), "r");
            length = count < 0 ? raf.length() - offset : count;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        if (!saveBeforeEnd(Unpooled.EMPTY_BUFFER, "send a file")) {
            closeQuietly(raf);
            fireEnded();
            return;
        }
        try {
            sendFile(raf, offset, length);
        } finally {
            fireEnded();
        }
    }

    private void sendFile(RandomAccessFile raf, long offset, long length) {
        synchronized (this) {
            ended = true;
            runBeforeHead();
            headers.set(HttpHeaderNames.CONTENT_LENGTH, length);
            headSent = true;
            HttpResponse response = head();
            if (head) {
                closeQuietly(raf);
                transport.send(response, Unpooled.EMPTY_BUFFER);
                return;
            }
            try {
                bytes += length;
                transport.sendFile(response, raf, offset, length);
            } catch (RuntimeException e) {
                closeQuietly(raf);
                throw e;
            }
        }
    }

    /** Hands the connection over (a WebSocket upgrade): this response writes nothing, ever. */
    synchronized void detach() {
        requireHeadNotSent("upgrade the connection");
        headSent = true;
        ended = true;
    }

    /** Closes the connection without ending the response properly (after a failure mid-body). */
    public void abort() {
        synchronized (this) {
            abortNow();
        }
        fireEnded();
    }

    /** Ends a response that nobody will read (its connection closed) by aborting it; nothing when it has ended. */
    void abandon() {
        synchronized (this) {
            if (ended || ending) {
                return;
            }
            abortNow();
        }
        fireEnded();
    }

    private void abortNow() {
        if (encoder != null && !ended) {
            encoder.abandon();
        }
        ended = true;
        transport.abort();
    }

    /**
     * Sends the head, with {@code whole} as the whole body when it is given (its length then goes
     * in {@code Content-Length}), or as the head of a body streamed next. How the body is framed on
     * the wire (a length, chunks, the end of a stream) is the transport's business.
     */
    private void sendHead(ByteBuf whole) {
        runBeforeHead();
        headSent = true;
        if (whole != null) {
            boolean bodiless = status < 200 || status == 204 || status == 304;
            BodyEncoder wholeEncoder = encoderFor(whole.readableBytes());
            if (wholeEncoder != null) {
                whole = wholeEncoder.encode(whole, true);
                headers.remove(HttpHeaderNames.CONTENT_LENGTH);
            }
            if (!bodiless && !headers.contains(HttpHeaderNames.CONTENT_LENGTH)) {
                headers.set(HttpHeaderNames.CONTENT_LENGTH, whole.readableBytes());
            }
            ByteBuf body = whole;
            if (head || bodiless) { // RFC 9110 §9.3.2, §15.3.5, §15.4.5: the head alone
                whole.release();
                body = Unpooled.EMPTY_BUFFER;
            }
            bytes += body.readableBytes();
            transport.send(head(), body);
            return;
        }
        encoder = encoderFor(-1);
        if (encoder != null) {
            headers.remove(HttpHeaderNames.CONTENT_LENGTH);
        }
        transport.sendHead(head());
    }

    /** The response's head as it goes out: a type when a body may follow, and the date. */
    private HttpResponse head() {
        if (!headers.contains(HttpHeaderNames.CONTENT_TYPE) && status >= 200 && status != 204 && status != 304) {
            headers.set(HttpHeaderNames.CONTENT_TYPE, DEFAULT_TYPE);
        }
        headers.set(HttpHeaderNames.DATE, ResponseHeads.date());
        if (!headers.contains(RequestHead.X_REQUEST_ID)) { // a listener may name it otherwise (a proxy's id it trusts)
            headers.set(RequestHead.X_REQUEST_ID, id);
        }
        return new DefaultHttpResponse(HttpVersion.HTTP_1_1, ResponseHeads.status(status), headers);
    }

    private void runBeforeHead() {
        if (beforeHead == null) {
            return;
        }
        java.util.List<Runnable> hooks = beforeHead;
        beforeHead = null;
        hooks.forEach(Runnable::run);
    }

    /**
     * Runs the before-end hook (the session's save) outside this response's lock, so that other
     * threads of the exchange are never held up by the store. True when the response may end as
     * it is; false when it was answered otherwise (a 503, or aborted) and {@code last} released.
     */
    private boolean saveBeforeEnd(ByteBuf last, String what) {
        java.util.function.BooleanSupplier hook;
        synchronized (this) {
            requireNotEnded(last, what);
            hook = beforeEnd;
            beforeEnd = null;
            ending = true;
        }
        boolean saved;
        try {
            saved = hook == null || hook.getAsBoolean();
        } catch (RuntimeException | Error e) {
            synchronized (this) {
                ending = false;
            }
            last.release();
            throw e;
        }
        synchronized (this) {
            if (saved) {
                return true; // still ending: the caller ends it next, under this lock
            }
            ending = false;
            last.release();
            if (headSent) {
                abortNow(); // the client must see a failure, never a success
                return false;
            }
            beforeHead = null; // no cookie for a session the store does not hold
            headers.clear();
            status = 503;
            headers.set(HttpHeaderNames.RETRY_AFTER, 1);
            headers.set(HttpHeaderNames.CONTENT_TYPE, "text/plain;charset=utf-8");
            ended = true;
            sendHead(Unpooled.copiedBuffer("503 Service Unavailable: the session could not be saved",
                    java.nio.charset.StandardCharsets.UTF_8));
            return false;
        }
    }

    /**
     * The encoder for this response ({@code length} of a whole body, or -1 for a streamed one), or
     * null; sets {@code Content-Encoding}, and {@code Vary} on every response that could have been
     * compressed.
     */
    private BodyEncoder encoderFor(long length) {
        if (compression == null || head || status < 200 || status == 204 || status == 206 || status == 304
                || headers.contains(HttpHeaderNames.CONTENT_ENCODING)) {
            return null;
        }
        String type = headers.get(HttpHeaderNames.CONTENT_TYPE);
        if (!BodyEncoder.compressible(type == null ? DEFAULT_TYPE : type)) {
            return null;
        }
        headers.add(HttpHeaderNames.VARY, "Accept-Encoding");
        String encoding = BodyEncoder.choose(acceptEncoding, compression.preferred());
        if (encoding == null || length >= 0 && length < compression.minSize()) {
            return null;
        }
        headers.set(HttpHeaderNames.CONTENT_ENCODING, encoding);
        return new BodyEncoder(encoding, compression.level());
    }

    /** {@link #requireHeadNotSent(String)} for {@code action} on {@code subject}; the message is only built to be thrown. */
    private void requireHeadNotSent(String action, CharSequence subject) {
        if (headSent) {
            requireHeadNotSent(action + subject);
        }
    }

    private void requireHeadNotSent(String what) {
        if (headSent) {
            throw new IllegalStateException("cannot " + what + ": the response head was already sent"
                    + " (by write, end or send); set the head before writing the body");
        }
    }

    private void requireNotEnded(ByteBuf data, String what) {
        if (ended || ending) {
            data.release();
            throw new IllegalStateException("cannot " + what + ": the response has already ended");
        }
    }

    private static void closeQuietly(RandomAccessFile file) {
        try {
            file.close();
        } catch (IOException ignored) {
            // nothing was sent from it
        }
    }
}

package io.simples.http.internal;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import java.io.RandomAccessFile;
import java.time.Duration;

/**
 * Where an exchange's response goes, and what it may ask of the connection under it. A response
 * hands it messages (a head, a whole body, pieces, a file); the transport frames them for its
 * protocol: lengths, chunks, {@code Connection} and keep-alive are HTTP/1.1's and live in
 * {@code http1.Http1Transport}; an HTTP/2 stream's framing lives in {@code http2.Http2Transport}
 * (both extend {@link ChannelTransport}). An in-memory test transport or HTTP/3 would implement
 * the same methods, and routing, sessions, CORS, compression and static files never notice the
 * difference.
 *
 * <p>The {@code send} methods may be called from any thread; {@link #awaitWritable()}
 * blocks, so only from a handler thread.
 */
public interface Transport {

    public ByteBufAllocator alloc();

    /** The version of HTTP {@code request} came by: {@code "HTTP/1.0"}, {@code "HTTP/1.1"}, {@code "HTTP/2"}. */
    public String version(HttpRequest request);

    /**
     * Sends a whole response, {@code head} and {@code body} (empty for a response without content:
     * HEAD, 1xx, 204, 304; the head's {@code Content-Length} then says what a GET would get). The
     * exchange is over once it is out: the transport takes the next request, or closes.
     */
    public void send(HttpResponse head, ByteBuf body);

    /** Sends the head of a response whose body follows in pieces, its length unknown unless the head says it. */
    public void sendHead(HttpResponse head);

    /** Sends a piece of the body after {@link #sendHead}. */
    public void sendPiece(ByteBuf piece);

    /** Sends the last piece of the body (maybe empty) after {@link #sendHead}; the exchange is over once it is out. */
    public void sendLast(ByteBuf last);

    /** Sends {@code head}, then {@code length} bytes of {@code file} from {@code offset} as the body; the exchange is over once it is out. */
    public void sendFile(HttpResponse head, RandomAccessFile file, long offset, long length);

    /** Blocks a handler thread while the client does not read (never the event loop); throws when it never does. */
    public void awaitWritable();

    /** Closes at once, without finishing the response; the exchange is over. */
    public void abort();

    /** True on the thread that does the connection's I/O: nothing there may block. */
    public boolean onIoThread();

    /** Runs {@code task} on the thread that does the connection's I/O, after what it was given before. */
    public void onIoThread(Runnable task);

    /** Closes the connection after {@code duration} without traffic; zero: never (a response that stays open on purpose). */
    public void idleTimeout(Duration duration);

    /**
     * How far behind the client is: the bytes queued for it beyond what the connection (or the
     * HTTP/2 stream) takes before it counts as full; zero while it is not full.
     */
    public long backlog();

    /**
     * Runs {@code task} on the I/O thread every {@code period} until the returned handle is run
     * (or the connection closes).
     *
     * @return what cancels it
     */
    public Runnable every(Duration period, Runnable task);

    /**
     * Tells the connection that its response stays open until something ends it (an event
     * stream): a stopping server runs {@code end} instead of waiting for it to finish by itself.
     *
     * @return what forgets {@code end}, once the response has ended
     */
    public Runnable openEnded(Runnable end);

    /** Hands the connection to another protocol: {@code takeover} runs on the I/O thread and owns the request from then on. */
    public void upgrade(Runnable takeover);

    /**
     * Runs {@code action} once when the connection closes (at once when it is closed already),
     * unless the returned handle is run first: how a response that outlives its listener learns
     * that nobody is left to read it.
     *
     * @return what cancels the action
     */
    public Runnable onClose(Runnable action);
}

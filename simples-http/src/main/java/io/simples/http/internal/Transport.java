package io.simples.http.internal;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import java.io.RandomAccessFile;
import java.time.Duration;

/**
 * Where an exchange's response goes, and what it may ask of the connection under it. The
 * HTTP/1.1 connection ({@code http1.Http1Transport}) is the one implementation today; an HTTP/2
 * stream or an in-memory test transport implement the same methods, and routing, sessions, CORS,
 * compression and static files never notice the difference.
 *
 * <p>{@link #write} and {@link #end} may be called from any thread; {@link #awaitWritable()}
 * blocks, so only from a handler thread.
 */
public interface Transport {

    public ByteBufAllocator alloc();

    /** Writes and flushes a part of the response: its head, or a piece of its body. */
    public void write(HttpObject part);

    /**
     * Writes the last part (or the whole response); once it is out, the transport takes the next
     * request, or closes when {@code keepAlive} is false or the write failed.
     */
    public void end(HttpObject last, boolean keepAlive);

    /** Writes {@code head}, then {@code length} bytes of {@code file} from {@code offset} as the body, and ends as {@link #end} does. */
    public void endWithFile(HttpResponse head, RandomAccessFile file, long offset, long length, boolean keepAlive);

    /** Blocks a handler thread while the client does not read (never the event loop); throws when it never does. */
    public void awaitWritable();

    /** False when this response must be the connection's last (the server is stopping, the client half-closed). */
    public boolean acceptsMore();

    /** Closes at once, without finishing the response; the exchange is over. */
    public void abort();

    /** True on the thread that does the connection's I/O: nothing there may block. */
    public boolean onIoThread();

    /** Runs {@code task} on the thread that does the connection's I/O, after what it was given before. */
    public void onIoThread(Runnable task);

    /** Closes the connection after {@code duration} without traffic. */
    public void idleTimeout(Duration duration);

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

package io.simples.client.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.concurrent.Flow;

/**
 * Where one response's body goes while it arrives, on the connection's event loop: each piece is
 * copied out of Netty's buffer (the caller releases it), then {@link #end()} or {@link #fail}.
 */
interface Collector {

    byte[] NOTHING = new byte[0];

    /** Takes the readable bytes of {@code content}. */
    void add(ByteBuf content) throws IOException;

    /** The body is complete; returns it when it was kept in memory. */
    byte[] end() throws IOException;

    /** The response failed: let go of what was collected, tell whoever waits. */
    void fail(Throwable failure);

    /** The collector for {@code sink}. */
    static Collector of(Sink sink, Channel channel) throws IOException {
        if (sink instanceof Sink.Memory memory) {
            return new Memory(memory.limit());
        }
        if (sink instanceof Sink.ToFile file) {
            return new ToFile(file.file());
        }
        return new ToSubscriber(((Sink.ToSubscriber) sink).subscriber(), channel);
    }

    /** Drops the body (a redirect's, which is followed). */
    Collector DISCARD = new Collector() {
        @Override
        public void add(ByteBuf content) {
        }

        @Override
        public byte[] end() {
            return NOTHING;
        }

        @Override
        public void fail(Throwable failure) {
        }
    };

    /** Into a byte array, refusing more than {@code limit} bytes. */
    final class Memory implements Collector {

        private final long limit;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        Memory(long limit) {
            this.limit = limit;
        }

        @Override
        public void add(ByteBuf content) throws IOException {
            if (bytes.size() + (long) content.readableBytes() > limit) {
                throw new IOException("the response body is larger than the client's limit of " + limit
                        + " bytes in memory (ClientOptions.bodyLimit): send it to a file or a subscriber");
            }
            content.readBytes(bytes, content.readableBytes());
        }

        @Override
        public byte[] end() {
            return bytes.toByteArray();
        }

        @Override
        public void fail(Throwable failure) {
        }
    }

    /** Into a file, written as the body arrives; deleted when the response fails. */
    final class ToFile implements Collector {

        private final Path file;
        private final FileChannel out;
        private long position;

        ToFile(Path file) throws IOException {
            this.file = file;
            this.out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        }

        @Override
        public void add(ByteBuf content) throws IOException {
            while (content.isReadable()) {
                position += content.readBytes(out, position, content.readableBytes());
            }
        }

        @Override
        public byte[] end() throws IOException {
            out.close();
            return NOTHING;
        }

        @Override
        public void fail(Throwable failure) {
            try {
                out.close();
                Files.deleteIfExists(file);
            } catch (IOException e) {
                failure.addSuppressed(e);
            }
        }
    }

    /**
     * To a {@link Flow.Subscriber}, no faster than it asks: while it has asked for nothing more,
     * the connection stops reading (what one read brought waits here), so a slow consumer slows
     * the server down instead of filling memory.
     */
    final class ToSubscriber implements Collector, Flow.Subscription {

        private final Flow.Subscriber<? super ByteBuffer> subscriber;
        private final Channel channel;
        private final ArrayDeque<ByteBuffer> waiting = new ArrayDeque<>();
        private long demand;
        private boolean ended;
        private boolean signalled; // onComplete or onError given
        private boolean cancelled;

        ToSubscriber(Flow.Subscriber<? super ByteBuffer> subscriber, Channel channel) {
            this.subscriber = subscriber;
            this.channel = channel;
            subscriber.onSubscribe(this);
        }

        @Override
        public void add(ByteBuf content) {
            if (cancelled) {
                return;
            }
            byte[] copy = new byte[content.readableBytes()];
            content.readBytes(copy);
            waiting.add(ByteBuffer.wrap(copy));
            drain();
            if (!waiting.isEmpty()) {
                channel.config().setAutoRead(false); // until the subscriber asks for more
            }
        }

        @Override
        public byte[] end() {
            ended = true;
            drain();
            return NOTHING;
        }

        @Override
        public void fail(Throwable failure) {
            ended = true;
            waiting.clear();
            if (!signalled && !cancelled) {
                signalled = true;
                subscriber.onError(failure);
            }
        }

        @Override
        public void request(long n) {
            channel.eventLoop().execute(() -> {
                if (n <= 0) { // RFC of reactive streams, §3.9: an error, and the subscription is over
                    Throwable wrong = new IllegalArgumentException("a subscriber must request a positive number, got " + n);
                    fail(wrong);
                    cancelled = true;
                    channel.close();
                    return;
                }
                demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
                drain();
                if (!ended && waiting.isEmpty()) {
                    channel.config().setAutoRead(true);
                }
            });
        }

        @Override
        public void cancel() {
            channel.eventLoop().execute(() -> {
                cancelled = true;
                waiting.clear();
                if (!ended) {
                    channel.close(); // the rest of the body is not wanted: the connection cannot be reused
                }
            });
        }

        private void drain() {
            while (demand > 0 && !waiting.isEmpty() && !cancelled) {
                demand--;
                subscriber.onNext(waiting.poll());
            }
            if (ended && waiting.isEmpty() && !signalled && !cancelled) {
                signalled = true;
                subscriber.onComplete();
            }
        }
    }
}

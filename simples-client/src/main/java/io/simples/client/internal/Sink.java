package io.simples.client.internal;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.Flow;

/** Where a response body goes: memory (up to a limit), a file, or a subscriber that asks for it piece by piece. */
public sealed interface Sink {

    /** Into a byte array, failing past {@code limit} bytes. */
    record Memory(long limit) implements Sink {
    }

    /** Into {@code file}, made or emptied first; deleted again if the response fails half-way. */
    record ToFile(Path file) implements Sink {
    }

    /** To {@code subscriber}, no faster than it asks (the connection stops reading meanwhile). */
    record ToSubscriber(Flow.Subscriber<? super ByteBuffer> subscriber) implements Sink {
    }
}

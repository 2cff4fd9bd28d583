package io.simples.client.internal;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/** What a client request carries: nothing, bytes, a stream, or multipart fields and files. */
public sealed interface Body {

    /** No body. */
    Body NONE = new Bytes(null, null);

    /** False for a stream: it can be sent once, so a request carrying one is neither retried nor redirected with it. */
    default boolean replayable() {
        return true;
    }

    /** Bytes in memory ({@code content} null for none) of {@code type}. */
    record Bytes(byte[] content, String type) implements Body {
    }

    /** A stream sent chunked as it is read; the client closes it. */
    record Stream(InputStream content, String type) implements Body {

        @Override
        public boolean replayable() {
            return false;
        }
    }

    /** A {@code multipart/form-data} body: files are streamed from disk, never read whole. */
    record Multipart(List<Part> parts) implements Body {
    }

    /** A multipart field: a value, or a file of {@code type}. */
    record Part(String name, String value, Path file, String type) {
    }
}

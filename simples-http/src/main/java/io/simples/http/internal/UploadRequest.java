package io.simples.http.internal;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;

/**
 * A whole request whose multipart body was decoded while it arrived: small parts in memory,
 * files on disk. Releasing it deletes the files that were not moved away.
 */
public final class UploadRequest extends DefaultFullHttpRequest {

    private final HttpPostRequestDecoder decoder;

    public UploadRequest(HttpRequest head, HttpPostRequestDecoder decoder) {
        super(head.protocolVersion(), head.method(), head.uri(), Unpooled.buffer(0), head.headers(),
                io.netty.handler.codec.http.EmptyHttpHeaders.INSTANCE);
        this.decoder = decoder;
    }

    /** The decoder that holds the body's fields and files. */
    public HttpPostRequestDecoder decoder() {
        return decoder;
    }

    @Override
    public boolean release() {
        boolean released = super.release();
        if (released) {
            decoder.destroy();
        }
        return released;
    }
}

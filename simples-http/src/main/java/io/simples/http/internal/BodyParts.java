package io.simples.http.internal;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpChunkedInput;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.stream.ChunkedFile;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;

/**
 * The Netty messages a response's pieces become, alike for every transport that speaks in HTTP
 * objects (HTTP/1.1's codec, and Netty's HTTP/2 stream codec): a whole response with its length,
 * the last piece of a streamed body, a file read in pieces.
 */
public final class BodyParts {

    private BodyParts() {
    }

    /** {@code head} and {@code body} as one message; a body-bearing status gets its {@code Content-Length} unless it has one. */
    public static DefaultFullHttpResponse whole(HttpResponse head, ByteBuf body) {
        lengthOf(head, body);
        return new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, head.status(), body, head.headers(), EmptyHttpHeaders.INSTANCE);
    }

    /** Gives {@code head} the length of {@code body} when its status bears a body and it says no length of its own. */
    public static void lengthOf(HttpResponse head, ByteBuf body) {
        int status = head.status().code();
        if (status >= 200 && status != 204 && status != 304 && !head.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
            head.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        }
    }

    /** The last piece of a body: {@code last} itself, or the empty last piece (releasing {@code last}) when it holds nothing. */
    public static LastHttpContent last(ByteBuf last) {
        if (last.isReadable()) {
            return new DefaultLastHttpContent(last);
        }
        last.release();
        return LastHttpContent.EMPTY_LAST_CONTENT;
    }

    /** {@code length} bytes of {@code file} from {@code offset}, read 16 KiB at a time as the channel can take them. */
    public static HttpChunkedInput chunks(RandomAccessFile file, long offset, long length) {
        return new HttpChunkedInput(pieces(file, offset, length));
    }

    /** {@code length} bytes of {@code file} from {@code offset} as buffers of 16 KiB, for a transport that frames them itself. */
    public static ChunkedFile pieces(RandomAccessFile file, long offset, long length) {
        try {
            return new ChunkedFile(file, offset, length, 16 * 1024);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

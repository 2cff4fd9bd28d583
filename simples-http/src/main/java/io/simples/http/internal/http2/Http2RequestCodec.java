package io.simples.http.internal.http2;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2StreamFrame;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import java.util.List;
import java.util.Map;

/**
 * One stream's frames to HTTP/1.1 objects and back (Netty's codec), refusing first what Netty's
 * codec lets through or chokes on: a request head without {@code :method}, {@code :scheme} or
 * {@code :path} (RFC 9113 §8.3.1; Netty takes a head without {@code :method} that ends the stream
 * for trailers and leaves the stream open and silent, and throws on a missing {@code :path}
 * after it allocated), and a field value that ends in a space or tab (§8.2.1; Netty refuses only
 * the leading ones). A malformed request's stream is reset with PROTOCOL_ERROR (§8.1.1) and the
 * rest of its frames dropped. One instance per stream: it remembers whether the head came.
 */
final class Http2RequestCodec extends Http2StreamFrameToHttpObjectCodec {

    private boolean headSeen;
    private boolean refused;

    /**
     * Netty's codec without its header validation: the frame codec's HPACK decoder validated the
     * request's fields and this class the rest, and a response's fields were validated as the
     * listener set them; a second and third pass cost a sixth of a small request's CPU.
     */
    Http2RequestCodec() {
        super(true, false);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, Http2StreamFrame frame, List<Object> out) throws Exception {
        if (refused) {
            return; // released by the decoder after this returns
        }
        if (!headSeen && frame instanceof Http2HeadersFrame head) {
            headSeen = true;
            if (malformed(head.headers())) {
                refused = true;
                ctx.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.PROTOCOL_ERROR));
                return;
            }
        }
        super.decode(ctx, frame, out);
    }

    static boolean malformed(Http2Headers headers) {
        if (headers.method() == null || headers.scheme() == null || headers.path() == null || headers.path().length() == 0) {
            return true;
        }
        for (Map.Entry<CharSequence, CharSequence> field : headers) {
            CharSequence value = field.getValue();
            int length = value.length();
            if (length > 0 && (value.charAt(length - 1) == ' ' || value.charAt(length - 1) == '\t')) {
                return true;
            }
        }
        return false;
    }
}

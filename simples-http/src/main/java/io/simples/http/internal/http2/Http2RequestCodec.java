package io.simples.http.internal.http2;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2StreamFrame;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import java.util.List;

/**
 * A stream's frames to HTTP/1.1 objects (Netty's codec), for a request with a body, which the
 * {@code BodyReader} then reads; refusing first the heads {@link Http2Heads#malformed} names,
 * which Netty's codec lets through or chokes on. A malformed request's stream is reset with
 * PROTOCOL_ERROR (§8.1.1) and the rest of its frames dropped. One instance per stream: it
 * remembers whether the head came.
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
            if (Http2Heads.malformed(head.headers())) {
                refused = true;
                ctx.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.PROTOCOL_ERROR));
                return;
            }
        }
        super.decode(ctx, frame, out);
    }
}

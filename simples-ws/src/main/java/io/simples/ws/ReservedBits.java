package io.simples.ws;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;

/**
 * RFC 6455 §5.2: a reserved bit that no negotiated extension defines fails the connection
 * (1002). Netty's decoder lets every reserved bit through once extensions are allowed at all,
 * whatever was negotiated; this check sits after the negotiated extension decoders, which clear
 * the bit they own (RSV1 of a compressed message), so any bit still set here is a violation:
 * RSV1 when permessage-deflate was not negotiated or on a continuation frame, RSV2 and RSV3
 * always. After a violation nothing more is passed on.
 */
final class ReservedBits extends ChannelInboundHandlerAdapter {

    private boolean failed;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        if (failed) {
            ReferenceCountUtil.release(message);
            return;
        }
        if (message instanceof WebSocketFrame frame && frame.rsv() != 0) {
            int rsv = frame.rsv();
            frame.release();
            failed = true;
            String reason = "reserved bits " + rsv + " without an extension that defines them";
            ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.PROTOCOL_ERROR, reason))
                    .addListener(ChannelFutureListener.CLOSE);
            ctx.fireExceptionCaught(new CorruptedWebSocketFrameException(WebSocketCloseStatus.PROTOCOL_ERROR, reason));
            return;
        }
        ctx.fireChannelRead(message);
    }
}

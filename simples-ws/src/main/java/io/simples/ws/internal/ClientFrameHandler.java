package io.simples.ws.internal;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.net.ProtocolException;
import java.util.concurrent.CompletableFuture;

/**
 * The last handler of a client WebSocket: completes the handshake's future, hands whole messages
 * to the connection, answers the server's close frame with the same code and then closes.
 */
final class ClientFrameHandler extends SimpleChannelInboundHandler<WebSocketFrame> {

    private final WebSocketClient.Events events;
    private final CompletableFuture<WebSocketClient.Connected> handshake;
    private boolean closeFrameSeen;
    private boolean opened;

    ClientFrameHandler(WebSocketClient.Events events, CompletableFuture<WebSocketClient.Connected> handshake) {
        this.events = events;
        this.handshake = handshake;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
            WebSocketClientProtocolHandler protocol = ctx.pipeline().get(WebSocketClientProtocolHandler.class);
            opened = true;
            events.opened(ctx.channel());
            handshake.complete(new WebSocketClient.Connected(ctx.channel(), protocol.handshaker().actualSubprotocol()));
        } else if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
            handshake.completeExceptionally(new java.net.http.HttpTimeoutException("no answer to the WebSocket handshake"));
            ctx.close();
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame) {
            events.message(frame instanceof BinaryWebSocketFrame, ByteBufUtil.getBytes(frame.content()));
        } else if (frame instanceof CloseWebSocketFrame close) {
            closeFrameSeen = true;
            int code = close.statusCode() < 0 ? 1005 : close.statusCode();
            String reason = close.statusCode() < 0 ? "" : close.reasonText();
            boolean ours = events.initiatedByUs();
            events.closeReceived(code, reason);
            if (ours) {
                ctx.close(); // the server answered our close
            } else {
                CloseWebSocketFrame answer = code == 1005 ? new CloseWebSocketFrame() : new CloseWebSocketFrame(code, reason);
                ctx.writeAndFlush(answer).addListener(ChannelFutureListener.CLOSE);
            }
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!handshake.isDone()) {
            handshake.completeExceptionally(cause instanceof WebSocketClientHandshakeException refused
                    ? new ProtocolException("the server refused the WebSocket handshake: " + refused.getMessage())
                    : cause);
            ctx.close();
            return;
        }
        events.failed(cause);
        if (cause instanceof TooLongFrameException && ctx.channel().isActive()) { // fragments past the limit
            ctx.writeAndFlush(new CloseWebSocketFrame(1009, "message too big")).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (!handshake.isDone()) {
            handshake.completeExceptionally(new java.io.IOException("the connection closed during the WebSocket handshake"));
        } else if (opened) { // a refused or timed-out handshake is a failed open(), not a close
            events.closed(closeFrameSeen);
        }
        super.channelInactive(ctx);
    }
}

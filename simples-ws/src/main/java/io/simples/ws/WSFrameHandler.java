package io.simples.ws;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.simples.core.internal.PipelineNames;
import io.simples.core.internal.Rejection;
import io.simples.core.internal.RequestHead;
import io.simples.core.internal.Upgraded;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of a WebSocket connection's pipeline, after Netty's protocol handler (which
 * answers pings and checks frames), our {@link ReservedBits} check and the frame aggregator
 * (which joins fragments within the limit). It opens the {@link WSConnection} when the handshake
 * completes, hands it whole messages, completes the close handshake, pings a silent client and
 * closes it when it does not answer, and turns failures into close codes: 1009 past the limit
 * (compressed or not), the decoder's code (1002, 1007) for protocol errors, 1002 for a
 * compressed message that cannot be inflated, 1011 for anything else. Each failure reaches the
 * connection's error listeners before its close listeners.
 *
 * <p>Liveness: any frame read counts as life, pongs included. After {@code timeout} of silence
 * the client is pinged; only when the next period passes silent too is it closed (1001).
 */
final class WSFrameHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(WSFrameHandler.class);

    private final WSHost host;
    private final RequestHead head;
    private final Map<String, String> params;
    private final List<String> offered;
    private final Executor handlers;
    private final WebSocketDecoderConfig decoding;
    private WSConnection connection;
    private boolean failed;

    WSFrameHandler(WSHost host, RequestHead head, Map<String, String> params, List<String> offered, Executor handlers,
                   WebSocketDecoderConfig decoding) {
        this.decoding = decoding;
        this.host = host;
        this.head = head;
        this.params = params;
        this.offered = offered;
        this.handlers = handlers;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete handshake) {
            // Netty's handshake installs its own frame decoder; ours checks close frames as the RFC says
            ctx.pipeline().replace(WebSocketFrameDecoder.class, PipelineNames.WS_DECODER, new StrictFrameDecoder(decoding));
            connection = new WSConnection(head, ctx.channel(), host, params, offered,
                    handshake.selectedSubprotocol(), handlers);
            WSConnection opened = connection;
            ctx.channel().attr(Upgraded.KEY).set(new Upgraded() { // what a stopping server needs of it
                @Override
                public void close(int code, String reason) {
                    opened.close(code, reason);
                }

                @Override
                public CompletableFuture<?> closed() {
                    return opened.closed();
                }

                @Override
                public String toString() {
                    return opened.toString();
                }
            });
            connection.opened(host.listener());
        } else if (event instanceof IdleStateEvent idle && connection != null) {
            // the idle handler sits before the protocol handler: pings and pongs reset its clock
            if (idle.isFirst()) {
                ctx.writeAndFlush(new PingWebSocketFrame());
            } else {
                connection.close(1001, "timeout");
            }
        } else if (event instanceof ChannelInputShutdownEvent) {
            // the client will send nothing more, not even the answer to a close: end it now
            ctx.close();
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        try {
            if (connection == null) {
                return;
            }
            if (message instanceof TextWebSocketFrame || message instanceof BinaryWebSocketFrame) {
                connection.received((io.netty.handler.codec.http.websocketx.WebSocketFrame) message);
            } else if (message instanceof CloseWebSocketFrame close) {
                connection.closeReceived(close.statusCode(), close.reasonText());
            }
            // pongs end here: the idle handler already counted them as life
        } finally {
            ReferenceCountUtil.release(message);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (connection != null) {
            connection.writabilityChanged();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (connection != null) {
            connection.inactive();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (connection == null) {
            LOG.debug("WebSocket handshake failed: {}", cause.toString());
            ctx.close();
            return;
        }
        LOG.debug("WebSocket {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        if (failed) {
            return; // its first failure was reported; what follows is its consequence
        }
        failed = true;
        Rejection rejection = Rejection.ofWebSocket(cause);
        if (Rejection.closedByDecoder(cause)) {
            // the decoder (or ReservedBits) already sent the close frame and closes the connection
            connection.failedWith(rejection.code(), rejection.getMessage(), cause);
        } else if (ctx.channel().isActive() && !Rejection.peerGone(cause)) {
            connection.fail(rejection.code(), rejection.getMessage(), cause);
        } // else the client went away mid-message: nothing to tell it
    }
}

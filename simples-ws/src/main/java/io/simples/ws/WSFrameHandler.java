package io.simples.ws;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.simples.core.internal.RequestHead;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of a WebSocket connection's pipeline, after Netty's protocol handler (which
 * answers pings and checks frames) and frame aggregator (which joins fragments within the
 * limit). It opens the {@link WSConnection} when the handshake completes, hands it whole
 * messages, completes the close handshake, pings a silent client and closes it when it stays
 * silent, and turns failures into close codes: 1009 past the limit, Netty's code (1002, 1007)
 * for protocol errors, 1011 for anything else.
 */
final class WSFrameHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(WSFrameHandler.class);

    private final WSHost host;
    private final RequestHead head;
    private final Map<String, String> params;
    private final List<String> offered;
    private final Executor handlers;
    private WSConnection connection;
    private boolean pinged;

    WSFrameHandler(WSHost host, RequestHead head, Map<String, String> params, List<String> offered, Executor handlers) {
        this.host = host;
        this.head = head;
        this.params = params;
        this.offered = offered;
        this.handlers = handlers;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete handshake) {
            connection = new WSConnection(head, ctx.channel(), host, params, offered,
                    handshake.selectedSubprotocol(), handlers);
            ctx.channel().attr(WSHost.CONNECTION).set(connection);
            connection.opened(host.listener());
        } else if (event instanceof IdleStateEvent && connection != null) {
            if (!pinged) {
                pinged = true;
                ctx.writeAndFlush(new PingWebSocketFrame());
            } else {
                connection.close(1001, "timeout");
            }
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        pinged = false;
        try {
            if (connection == null) {
                return;
            }
            if (message instanceof TextWebSocketFrame || message instanceof BinaryWebSocketFrame) {
                connection.received((io.netty.handler.codec.http.websocketx.WebSocketFrame) message);
            } else if (message instanceof CloseWebSocketFrame close) {
                connection.closeReceived(close.statusCode(), close.reasonText());
            }
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
        if (cause instanceof TooLongFrameException) {
            connection.close(1009, "message too big");
        } else if (cause instanceof CorruptedWebSocketFrameException corrupted) {
            // Netty's decoder already sent the close frame and closes the connection
            connection.failedWith(corrupted.closeStatus().code(), corrupted.closeStatus().reasonText());
        } else {
            LOG.debug("WebSocket {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
            connection.close(1011, "server error");
        }
    }
}

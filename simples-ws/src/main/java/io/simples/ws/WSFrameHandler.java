package io.simples.ws;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionDecoder;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import io.simples.core.internal.PipelineNames;
import io.simples.core.internal.Rejection;
import io.simples.core.internal.RequestHead;
import io.simples.core.internal.Upgraded;
import io.simples.ws.internal.WebSocketAccess;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of a WebSocket connection's pipeline, after the frame decoder and our
 * {@link ReservedBits} check; it joins a fragmented message's frames within the limit itself
 * ({@link Fragments}, made only while one arrives).
 * Netty's protocol handler does the handshake and is removed once it is done: its work after
 * it is done here, by the handler every connection has anyway (one handler and its context, its
 * configuration and the handshaker less per open connection): pings are answered, pongs
 * dropped, nothing is written after a close frame, and closing the channel sends a close frame
 * (1000) first when none was sent. It opens the {@link WSConnection} when the handshake
 * completes, hands it whole messages, completes the close handshake, pings a silent client and
 * closes it when it does not answer, and turns failures into close codes: 1009 past the limit
 * (compressed or not), the decoder's code (1002, 1007) for protocol errors, 1002 for a
 * compressed message that cannot be inflated, 1011 for anything else. Each failure reaches the
 * connection's error listeners before its close listeners.
 *
 * <p>Liveness: any frame read counts as life, pongs included. After {@code timeout} of silence
 * the client is pinged; only when the next period passes silent too is it closed (1001).
 *
 * <p>Once open it is also what a stopping server finds on the channel ({@link Upgraded}): one
 * object less per connection than a wrapper.
 */
final class WSFrameHandler extends ChannelDuplexHandler implements Upgraded {

    private static final Logger LOG = LoggerFactory.getLogger(WSFrameHandler.class);
    /** Where Netty's handshake leaves its handshaker (the same key {@code WebSocketServerProtocolHandler} uses). */
    private static final AttributeKey<WebSocketServerHandshaker> HANDSHAKER =
            AttributeKey.valueOf(WebSocketServerHandshaker.class, "HANDSHAKER");

    private final WSHost host;
    private final RequestHead head;
    private final List<String> offered;
    private final WebSocketAccess.Opening opening;
    private WSConnection connection;
    private boolean failed;
    private boolean closeSent; // on the event loop
    private Fragments fragments; // a fragmented message being read, on the event loop

    WSFrameHandler(WSHost host, RequestHead head, List<String> offered, WebSocketAccess.Opening opening) {
        this.host = host;
        this.head = head;
        this.offered = offered;
        this.opening = opening;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete handshake) {
            // Netty's handshake installs its own frame decoder; ours checks close frames as the RFC says
            // without a negotiated extension no reserved bit may be set: the decoder refuses them, no ReservedBits needed
            boolean extensions = ctx.pipeline().get(WebSocketExtensionDecoder.class) != null;
            ctx.pipeline().replace(WebSocketFrameDecoder.class, PipelineNames.WS_DECODER,
                    new StrictFrameDecoder(host.decoding(extensions)));
            if (!extensions) {
                ctx.pipeline().remove(ReservedBits.class);
            }
            ctx.pipeline().remove(WebSocketServerProtocolHandler.class);
            forgetHandshaker(ctx);
            connection = new WSConnection(head, ctx.channel(), host, offered, handshake.selectedSubprotocol(), opening);
            ctx.channel().attr(Upgraded.KEY).set(this); // what a stopping server needs of it
            connection.opened(host.listener());
        } else if (event instanceof IdleStateEvent idle && connection != null) {
            // the idle handler sits before the protocol handler: pings and pongs reset its clock
            if (idle.isFirst()) {
                send(ctx, new PingWebSocketFrame());
            } else {
                connection.close(1001, "timeout");
            }
        } else if (event instanceof ChannelInputShutdownEvent) {
            // the client will send nothing more, not even the answer to a close: end it now (through this
            // handler's own close, as Netty's protocol handler did: a close frame first, if none was sent)
            ctx.channel().close();
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
            if (message instanceof WSMessage whole) {
                connection.received(whole); // a whole unfragmented message, read by StrictFrameDecoder itself
            } else if (message instanceof TextWebSocketFrame || message instanceof BinaryWebSocketFrame) {
                WebSocketFrame frame = (WebSocketFrame) message;
                boolean binary = frame instanceof BinaryWebSocketFrame;
                if (frame.isFinalFragment()) {
                    connection.received(binary ? new WSMessage(true, ByteBufUtil.getBytes(frame.content()))
                            : new WSMessage(frame.content().toString(StandardCharsets.UTF_8), frame.content().readableBytes()));
                } else {
                    fragments = Fragments.start(binary, frame.content(), host.options().limit());
                    if (fragments == null) {
                        tooBig(ctx);
                    }
                }
            } else if (message instanceof ContinuationWebSocketFrame continuation) {
                if (fragments == null) {
                    return; // the rest of a message past the limit: the connection is closing already
                }
                if (!fragments.add(continuation.content())) {
                    fragments = null;
                    tooBig(ctx);
                } else if (continuation.isFinalFragment()) {
                    connection.received(fragments.message());
                    fragments = null;
                }
            } else if (message instanceof CloseWebSocketFrame close) {
                connection.closeReceived(close.statusCode(), close.reasonText());
            } else if (message instanceof PingWebSocketFrame ping) {
                send(ctx, new PongWebSocketFrame(ping.content().retain()));
            } // pongs end here: the idle handler already counted them as life
        } finally {
            ReferenceCountUtil.release(message);
        }
    }

    private void tooBig(ChannelHandlerContext ctx) {
        exceptionCaught(ctx, new TooLongFrameException("message past " + host.options().limit() + " bytes"));
    }

    /**
     * Drops the handshaker Netty's handshake keeps on the channel (nothing reads it after the
     * protocol handler is gone): removed, not set to null, so that the attribute goes too.
     */
    @SuppressWarnings("deprecation") // set(null) would keep the attribute itself on every connection
    private static void forgetHandshaker(ChannelHandlerContext ctx) {
        ctx.channel().attr(HANDSHAKER).remove();
    }

    /** A frame of this handler's own (a ping, a pong), through the same rule as every write: none after a close. */
    private void send(ChannelHandlerContext ctx, WebSocketFrame frame) {
        write(ctx, frame, ctx.newPromise());
        ctx.flush();
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object message, ChannelPromise promise) {
        if (closeSent) {
            ReferenceCountUtil.release(message);
            promise.setFailure(new ClosedChannelException());
            return;
        }
        if (message instanceof CloseWebSocketFrame) {
            closeSent = true;
        }
        ctx.write(message, promise);
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        if (connection == null || closeSent || !ctx.channel().isActive()) {
            ctx.close(promise);
            return;
        }
        closeSent = true;
        ctx.writeAndFlush(new CloseWebSocketFrame(1000, "")).addListener(written -> ctx.close(promise));
    }

    @Override
    public void close(int code, String reason) {
        connection.close(code, reason);
    }

    @Override
    public CompletableFuture<?> closed() {
        return connection.closed();
    }

    @Override
    public String toString() {
        return String.valueOf(connection);
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

package io.simples.ws.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.extensions.compression.WebSocketClientCompressionHandler;
import io.simples.core.internal.PipelineNames;
import io.simples.ws.ClientConnection;
import io.simples.ws.WSOptions;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The WebSocket side of the client, for {@code Client.ws} (which makes its {@link ClientConnection}
 * through {@link WebSocketAccess}): adds the WebSocket handlers to a new connection after its HTTP codec: the opening handshake with the options'
 * subprotocols and permessage-deflate, fragments joined up to the limit, frames handed to
 * {@link Events}. Opening the connection itself (TCP, TLS, cookies) is the HTTP client's.
 */
public final class WebSocketClient {

    /** Opens the network connection of a {@link ClientConnection} and shakes hands; given by the HTTP client. */
    public interface Connector {
        CompletableFuture<Connected> connect(ClientConnection connection, WSOptions options, Events events);
    }

    /** An open WebSocket: its channel, and the subprotocol the server chose (or null). */
    public record Connected(Channel channel, String subprotocol) {
    }

    /** What a connection's frames tell its {@link ClientConnection}, on the I/O thread. */
    public interface Events {

        /** The handshake succeeded on {@code channel}: nothing has been delivered yet. */
        void opened(Channel channel);

        /** A whole message. */
        void message(boolean binary, byte[] payload);

        /** The server's close frame arrived. */
        void closeReceived(int code, String reason);

        /** True when the close began on this side (the server's close frame is its answer). */
        boolean initiatedByUs();

        /** A broken frame, a message past the limit, a failure on the wire. */
        void failed(Throwable failure);

        /** The connection closed; {@code clean} when a close frame came first. */
        void closed(boolean clean);
    }

    private WebSocketClient() {
    }

    /**
     * Adds the WebSocket handlers after the HTTP codec of {@code pipeline}: the handshake goes out
     * when the channel becomes active; {@code handshake} completes when the server agreed, or
     * fails (a refusal is a {@link java.net.ProtocolException} naming the status);
     * {@code upgradeHeaders} sees the headers of the server's 101 (its cookies, say).
     */
    public static void addHandlers(ChannelPipeline pipeline, URI url, WSOptions options, HttpHeaders headers,
                                   Events events, CompletableFuture<Connected> handshake,
                                   Consumer<HttpHeaders> upgradeHeaders) {
        WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(url)
                .subprotocol(options.protocols().isEmpty() ? null : String.join(",", options.protocols()))
                .allowExtensions(options.compression())
                .customHeaders(headers)
                .maxFramePayloadLength(options.limit())
                .handleCloseFrames(false) // ClientFrameHandler answers them, to know the code
                .dropPongFrames(true)
                .generateOriginHeader(false) // a program is not a page: no Origin, as the JDK's WebSocket sends none
                .handshakeTimeoutMillis(10_000)
                .build();
        pipeline.addLast(PipelineNames.WS_HANDSHAKE, new HttpObjectAggregator(64 * 1024));
        pipeline.addLast(PipelineNames.WS_UPGRADE_HEADERS, new UpgradeHeaders(upgradeHeaders));
        if (options.compression()) {
            pipeline.addLast(PipelineNames.WS_COMPRESSION, new WebSocketClientCompressionHandler(options.limit()));
        }
        pipeline.addLast(PipelineNames.WS_PROTOCOL, new WebSocketClientProtocolHandler(config));
        pipeline.addLast(PipelineNames.WS_AGGREGATOR, new WebSocketFrameAggregator(options.limit()));
        pipeline.addLast(PipelineNames.WS, new ClientFrameHandler(events, handshake));
    }
}

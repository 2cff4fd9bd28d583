package io.simples.client.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.simples.core.internal.PipelineNames;
import io.simples.ws.ClientConnection;
import io.simples.ws.WSOptions;
import io.simples.ws.internal.WebSocketClient;
import java.net.URI;
import java.util.concurrent.CompletableFuture;

/**
 * Opens the network side of a {@link ClientConnection} for the client: a connection of its own
 * (never pooled), TLS as for HTTPS, the jar's cookies on the handshake and the 101's cookies into
 * the jar, so that a program can log in over HTTP and then open a WebSocket in the same session.
 */
final class WebSocketConnector implements WebSocketClient.Connector {

    private final HttpEngine engine;

    WebSocketConnector(HttpEngine engine) {
        this.engine = engine;
    }

    @Override
    public CompletableFuture<WebSocketClient.Connected> connect(ClientConnection connection, WSOptions options,
                                                               WebSocketClient.Events events) {
        URI url = connection.url();
        URI asHttp = URI.create(url.toString().replaceFirst("^(?i)ws", "http")); // the jar files cookies by http(s) URL
        Origin origin = Origin.of(url);
        HttpHeaders headers = new DefaultHttpHeaders();
        engine.addDefaults(headers, asHttp);
        headers.remove(HttpHeaderNames.ACCEPT_ENCODING);
        CompletableFuture<WebSocketClient.Connected> handshake = new CompletableFuture<>();
        engine.connect(origin, new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel channel) {
                engine.addTls(channel, origin);
                channel.pipeline().addLast(PipelineNames.CODEC, new HttpClientCodec());
                WebSocketClient.addHandlers(channel.pipeline(), url, options, headers, events, handshake,
                        upgrade -> engine.keepCookies(asHttp, upgrade));
            }
        }).addListener(connected -> {
            if (!connected.isSuccess()) {
                handshake.completeExceptionally(connected.cause());
            }
        });
        return handshake.handle((open, failure) -> {
            if (failure != null) {
                throw new java.util.concurrent.CompletionException(Failures.of(failure, url));
            }
            return open;
        });
    }
}

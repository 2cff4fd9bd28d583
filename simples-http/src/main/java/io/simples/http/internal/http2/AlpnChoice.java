package io.simples.http.internal.http2;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import java.util.function.Consumer;

/**
 * Right after TLS when HTTP/2 over TLS is on: once the handshake has chosen a protocol by ALPN,
 * {@code h2} takes the HTTP/1.1 handlers out and lets {@code becomeHttp2} put HTTP/2's in; anything
 * else (HTTP/1.1 chosen, or a client without ALPN) keeps the HTTP/1.1 pipeline as it is. What
 * arrived meanwhile waits here, and goes on once the pipeline is right.
 */
public final class AlpnChoice extends ApplicationProtocolNegotiationHandler {

    private final Consumer<ChannelHandlerContext> becomeHttp2;

    public AlpnChoice(Consumer<ChannelHandlerContext> becomeHttp2) {
        super(ApplicationProtocolNames.HTTP_1_1);
        this.becomeHttp2 = becomeHttp2;
    }

    @Override
    protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
        if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
            PriorKnowledge.dropHttp1(ctx);
            becomeHttp2.accept(ctx);
        }
    }
}

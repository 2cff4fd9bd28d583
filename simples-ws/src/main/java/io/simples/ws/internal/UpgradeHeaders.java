package io.simples.ws.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.function.Consumer;

/** Shows the headers of the server's answer to the opening handshake to whoever asked, then leaves the pipeline. */
final class UpgradeHeaders extends ChannelInboundHandlerAdapter {

    private final Consumer<HttpHeaders> listener;

    UpgradeHeaders(Consumer<HttpHeaders> listener) {
        this.listener = listener;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof FullHttpResponse response) {
            listener.accept(response.headers());
            ctx.pipeline().remove(this);
        }
        ctx.fireChannelRead(msg);
    }
}

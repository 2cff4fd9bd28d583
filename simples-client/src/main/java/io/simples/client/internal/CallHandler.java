package io.simples.client.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpObject;
import io.netty.util.ReferenceCountUtil;

/**
 * The last handler of a client connection: hands what arrives to the {@link Call} using the
 * connection now, if any. Bytes from the server while no call uses the connection (a server
 * that answers twice, or late) close it: nothing on it can be trusted any more.
 */
final class CallHandler extends ChannelInboundHandlerAdapter {

    private Call call; // only touched on the connection's event loop
    /** How many calls this connection has had; a call on a connection that served others may find it closed by the server. */
    int uses;

    void attach(Call next) {
        call = next;
    }

    void detach() {
        call = null;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Call current = call;
        if (current == null || !(msg instanceof HttpObject)) {
            ReferenceCountUtil.release(msg);
            ctx.close();
            return;
        }
        current.read((HttpObject) msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        Call current = call;
        if (current != null) {
            current.closed();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Call current = call;
        if (current != null) {
            current.failed(cause);
        }
        ctx.close();
    }
}

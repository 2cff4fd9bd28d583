package io.simples.http.internal.http2;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.util.ReferenceCountUtil;
import io.simples.core.internal.PipelineNames;
import java.util.function.Consumer;

/**
 * The first handler of a plain connection when cleartext HTTP/2 is on: reads the first bytes,
 * and when they are HTTP/2's connection preface (RFC 9113 §3.3, "prior knowledge"), takes the
 * HTTP/1.1 handlers out and lets {@code becomeHttp2} put HTTP/2's in; anything else is HTTP/1.1,
 * and this handler steps aside. Either way the bytes read go on, untouched.
 */
public final class PriorKnowledge extends ChannelInboundHandlerAdapter {

    private static final ByteBuf PREFACE = Http2CodecUtil.connectionPrefaceBuf();
    private static final String[] HTTP1 = {PipelineNames.HEAD_TIMER, PipelineNames.CODEC, PipelineNames.H2C_UPGRADE,
        PipelineNames.BODY, PipelineNames.CHUNKED, PipelineNames.HTTP};

    private final Consumer<ChannelHandlerContext> becomeHttp2;
    private ByteBuf seen;

    public PriorKnowledge(Consumer<ChannelHandlerContext> becomeHttp2) {
        this.becomeHttp2 = becomeHttp2;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        if (!(message instanceof ByteBuf bytes)) {
            ctx.fireChannelRead(message);
            return;
        }
        seen = seen == null ? bytes : ctx.alloc().compositeBuffer().addComponents(true, seen, bytes);
        int compared = Math.min(seen.readableBytes(), PREFACE.readableBytes());
        boolean matches = ByteBufUtil.equals(seen, seen.readerIndex(), PREFACE, 0, compared);
        if (matches && compared < PREFACE.readableBytes()) {
            return; // a preface so far: wait for the rest
        }
        ByteBuf read = seen;
        seen = null;
        if (matches) {
            dropHttp1(ctx);
            becomeHttp2.accept(ctx);
        }
        ctx.pipeline().remove(this);
        ctx.fireChannelRead(read);
    }

    /** Takes the HTTP/1.1 handlers out of {@code ctx}'s pipeline: the connection is about to speak HTTP/2. */
    static void dropHttp1(ChannelHandlerContext ctx) {
        for (String name : HTTP1) {
            if (ctx.pipeline().get(name) != null) {
                ctx.pipeline().remove(name);
            }
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (seen != null) {
            ReferenceCountUtil.release(seen);
            seen = null;
        }
    }
}

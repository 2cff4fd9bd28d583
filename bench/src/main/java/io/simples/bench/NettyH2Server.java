package io.simples.bench;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamFrame;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HTTP/2 baseline: {@code /plaintext} and {@code /json} written directly on Netty's HTTP/2
 * frame API (the frame codec and a child channel per stream, Netty's recommended server shape),
 * cleartext by prior knowledge. {@code java -cp simples-bench.jar io.simples.bench.NettyH2Server PORT}.
 */
public final class NettyH2Server {

    private static final byte[] HELLO = "Hello, World!".getBytes(StandardCharsets.US_ASCII);
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private NettyH2Server() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port = Integer.parseInt(args[0]);
        Channel server = NettyServer.listen(port, channel -> channel.pipeline().addLast(
                Http2FrameCodecBuilder.forServer().build(), new Http2MultiplexHandler(new Stream())));
        System.out.println("raw Netty HTTP/2 on port " + port);
        server.closeFuture().sync();
    }

    /** One stream: its request's HEADERS frame answered with a HEADERS and a DATA frame. */
    @ChannelHandler.Sharable
    private static final class Stream extends SimpleChannelInboundHandler<Http2StreamFrame> {

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Http2StreamFrame frame) {
            if (!(frame instanceof Http2HeadersFrame request) || !request.isEndStream()) {
                return; // these endpoints take no body
            }
            String path = String.valueOf(request.headers().path());
            byte[] body;
            String type;
            if (path.equals("/plaintext")) {
                body = HELLO;
                type = "text/plain";
            } else if (path.equals("/json")) {
                body = JSON.writeValueAsBytes(Map.of("message", "Hello, World!"));
                type = "application/json";
            } else {
                body = "404 Not Found".getBytes(StandardCharsets.US_ASCII);
                type = "text/plain";
            }
            Http2Headers headers = new DefaultHttp2Headers().status(path.equals("/plaintext") || path.equals("/json") ? "200" : "404")
                    .set("content-type", type).setInt("content-length", body.length);
            ctx.write(new DefaultHttp2HeadersFrame(headers));
            ctx.writeAndFlush(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(body), true));
        }
    }
}

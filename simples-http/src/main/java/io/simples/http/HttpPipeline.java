package io.simples.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.stream.ChunkedWriteHandler;
import java.util.function.Consumer;

/**
 * The pipeline of an accepted HTTP connection:
 * <pre>
 *  [tls] → flush consolidation → HTTP codec (limits) → aggregator (body limit, 100-continue)
 *        → chunked writes (files under TLS) → [idle timeout] → {@link HttpChannelHandler}
 * </pre>
 */
final class HttpPipeline implements Consumer<Channel> {

    private final Server server;
    private final ServerOptions options;
    private final SslContext tls;
    private final InFlight inFlight;

    HttpPipeline(Server server, ServerOptions options, SslContext tls, InFlight inFlight) {
        this.server = server;
        this.options = options;
        this.tls = tls;
        this.inFlight = inFlight;
    }

    @Override
    public void accept(Channel channel) {
        ChannelPipeline pipeline = channel.pipeline();
        if (tls != null) {
            pipeline.addLast("tls", tls.newHandler(channel.alloc()));
        }
        pipeline.addLast("flush", new FlushConsolidationHandler(256, true));
        pipeline.addLast("codec", new HttpServerCodec(options.maxRequestLine(), options.maxHeaderSize(), 8192));
        pipeline.addLast("aggregator", new HttpObjectAggregator(options.maxBodySize(), true));
        pipeline.addLast("chunked", new ChunkedWriteHandler());
        pipeline.addLast("http", new HttpChannelHandler(server, tls != null, inFlight));
    }
}

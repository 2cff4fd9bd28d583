package io.simples.client.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.pool.AbstractChannelPoolHandler;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContentDecompressor;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.Future;
import io.simples.core.internal.PipelineNames;
import java.util.function.Consumer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * Sets up each new connection of one origin's pool: TLS (with the host name for SNI, and checked
 * against the certificate unless trust is off), the HTTP/1.1 codec, gzip and deflate decoding,
 * streamed request bodies, and the {@link CallHandler}.
 */
final class ClientChannels extends AbstractChannelPoolHandler {

    /** Status line and header limits as the JDK's client has them (a server may send long cookies). */
    private static final int MAX_INITIAL_LINE = 8192;
    private static final int MAX_HEADER_SIZE = 64 * 1024;
    private static final int MAX_CHUNK_SIZE = 64 * 1024;
    /**
     * A secure connection's TLS handshake, kept on the channel: its pipeline is gone once the
     * channel is closed and deregistered, and a call that meets the connection only then must
     * still learn that the handshake was why.
     */
    static final AttributeKey<Future<Channel>> HANDSHAKE = AttributeKey.valueOf("simples.client.handshake");

    private final Origin origin;
    private final SslContext tls;
    private final boolean verifyHosts;
    private final boolean decompress;
    private final Consumer<Channel> created;

    ClientChannels(Origin origin, SslContext tls, boolean verifyHosts, boolean decompress, Consumer<Channel> created) {
        this.origin = origin;
        this.tls = tls;
        this.verifyHosts = verifyHosts;
        this.decompress = decompress;
        this.created = created;
    }

    /** The TLS handler for a connection to {@code origin}: SNI, and the host name checked unless trust is off. */
    static SslHandler tls(Channel channel, Origin origin, SslContext tls, boolean verifyHosts) {
        SslHandler handler = tls.newHandler(channel.alloc(), origin.host(), origin.port());
        if (verifyHosts) {
            SSLEngine engine = handler.engine();
            SSLParameters parameters = engine.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            engine.setSSLParameters(parameters);
        }
        return handler;
    }

    @Override
    public void channelCreated(Channel channel) {
        created.accept(channel);
        ChannelPipeline pipeline = channel.pipeline();
        if (origin.secure()) {
            SslHandler handler = tls(channel, origin, tls, verifyHosts);
            channel.attr(HANDSHAKE).set(handler.handshakeFuture());
            pipeline.addLast(PipelineNames.TLS, handler);
        }
        pipeline.addLast(PipelineNames.CODEC, new HttpClientCodec(MAX_INITIAL_LINE, MAX_HEADER_SIZE, MAX_CHUNK_SIZE));
        if (decompress) {
            pipeline.addLast(PipelineNames.DECOMPRESSOR, new HttpContentDecompressor(0));
        }
        pipeline.addLast(PipelineNames.CHUNKED, new ChunkedWriteHandler());
        pipeline.addLast(PipelineNames.HTTP, new CallHandler());
    }
}

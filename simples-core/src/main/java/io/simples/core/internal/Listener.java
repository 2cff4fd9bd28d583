package io.simples.core.internal;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One listening socket on Netty: binds a port, remembers every connection it accepted, and lets
 * go of them in two steps for a graceful stop: {@link #unbind()} stops accepting,
 * {@link #closeConnections} closes what is left. Not thread-safe: its owner serializes calls.
 */
public final class Listener {

    private final String name;
    private final Consumer<Channel> pipeline;
    private ChannelGroup connections;
    private Channel server;
    private EventLoopGroup loops;
    private int port = -1;

    /** A listener that sets up each accepted connection's pipeline with {@code pipeline}. */
    public Listener(String name, Consumer<Channel> pipeline) {
        this.name = name;
        this.pipeline = pipeline;
    }

    /**
     * Binds {@code hostname} (null or empty: every interface) and {@code port} (0: an ephemeral
     * one) and returns the port bound.
     *
     * @throws UncheckedIOException when the port cannot be bound
     */
    public int bind(String hostname, int port, int backlog) {
        if (server != null) {
            throw new IllegalStateException(name + " is already listening on port " + this.port);
        }
        loops = EventLoops.acquire();
        connections = new DefaultChannelGroup(name, GlobalEventExecutor.INSTANCE);
        ChannelGroup accepted = connections;
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(loops)
                .channel(EventLoops.serverChannel())
                .option(ChannelOption.SO_BACKLOG, backlog)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        accepted.add(channel);
                        pipeline.accept(channel);
                    }
                });
        InetSocketAddress address = hostname == null || hostname.isEmpty()
                ? new InetSocketAddress(port) : new InetSocketAddress(hostname, port);
        ChannelFuture bound = bootstrap.bind(address).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            EventLoops.release();
            loops = null;
            Throwable cause = bound.cause();
            throw new UncheckedIOException(new IOException(
                    name + " cannot listen on " + address + ": " + cause.getMessage(), cause));
        }
        server = bound.channel();
        this.port = ((InetSocketAddress) server.localAddress()).getPort();
        return this.port;
    }

    /** True between {@link #bind} and {@link #closeConnections}. */
    public boolean bound() {
        return loops != null;
    }

    /** The port bound, or -1. */
    public int port() {
        return port;
    }

    /** The connections accepted and still open. */
    public ChannelGroup connections() {
        return connections;
    }

    /** Stops accepting connections; those already accepted go on. */
    public void unbind() {
        if (server != null) {
            server.close().syncUninterruptibly();
            server = null;
        }
    }

    /** Closes every connection still open, waiting at most {@code limit}, and releases the event loops. */
    public void closeConnections(Duration limit) {
        unbind();
        if (loops == null) {
            return;
        }
        connections.close().awaitUninterruptibly(limit.toMillis(), TimeUnit.MILLISECONDS);
        connections = null;
        loops = null;
        port = -1;
        EventLoops.release();
    }
}

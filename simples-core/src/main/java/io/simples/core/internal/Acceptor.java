package io.simples.core.internal;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalServerChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One listening socket on Netty, or one in-process listener ({@link #bindInProcess()}: Netty's
 * local transport, for the test kit): binds a port, remembers every connection it accepted, and lets
 * go of them in two steps for a graceful stop: {@link #unbind()} stops accepting,
 * {@link #closeConnections} closes what is left. It holds at most {@code maxConnections} open:
 * one more is closed as soon as it is accepted, and counted. With {@code halfClosure}, a client
 * that shuts down its sending side leaves the connection open for the answer (the pipeline then
 * hears a {@code ChannelInputShutdownEvent} and must close it). Not thread-safe: its owner
 * serializes calls, but {@link #refused()} may be read from anywhere.
 */
public final class Acceptor {

    private static final Logger LOG = LoggerFactory.getLogger(Acceptor.class);

    private final String name;
    private final Consumer<Channel> pipeline;
    private final int maxConnections;
    private final boolean halfClosure;
    private final LongAdder refused = new LongAdder();
    private ChannelGroup connections;
    private Channel server;
    private EventLoopGroup loops;
    private Runnable releaseLoops;
    private int port = -1;

    /** A listener that sets up each accepted connection's pipeline with {@code pipeline}. */
    public Acceptor(String name, Consumer<Channel> pipeline, int maxConnections, boolean halfClosure) {
        this.name = name;
        this.pipeline = pipeline;
        this.maxConnections = maxConnections;
        this.halfClosure = halfClosure;
    }

    /**
     * Binds {@code hostname} (null or empty: every interface) and {@code port} (0: an ephemeral
     * one) and returns the port bound.
     *
     * @throws UncheckedIOException when the port cannot be bound
     */
    public int bind(String hostname, int port, int backlog) {
        InetSocketAddress address = hostname == null || hostname.isEmpty()
                ? new InetSocketAddress(port) : new InetSocketAddress(hostname, port);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .channel(EventLoops.serverChannel())
                .option(ChannelOption.SO_BACKLOG, backlog)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, halfClosure);
        Channel bound = listen(bootstrap, address, EventLoops.acquire(), EventLoops::release);
        this.port = ((InetSocketAddress) bound.localAddress()).getPort();
        return this.port;
    }

    /**
     * Listens in this process only, on Netty's local transport (no port, no socket): connections
     * come from clients of this JVM that connect to the address returned, on {@link LocalLoops}.
     * Every connection gets the same pipeline as a socket's; {@link #port()} stays -1.
     */
    public LocalAddress bindInProcess() {
        ServerBootstrap bootstrap = new ServerBootstrap().channel(LocalServerChannel.class);
        return (LocalAddress) listen(bootstrap, LocalAddress.ANY, LocalLoops.acquire(), LocalLoops::release).localAddress();
    }

    private Channel listen(ServerBootstrap bootstrap, SocketAddress address, EventLoopGroup group, Runnable release) {
        if (server != null) {
            release.run();
            throw new IllegalStateException(name + " is already listening on " + server.localAddress());
        }
        loops = group;
        releaseLoops = release;
        connections = new DefaultChannelGroup(name, GlobalEventExecutor.INSTANCE);
        ChannelGroup accepted = connections;
        bootstrap.group(loops).childHandler(new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel channel) {
                if (accepted.size() >= maxConnections) {
                    refuse(channel);
                    return;
                }
                accepted.add(channel);
                pipeline.accept(channel);
            }
        });
        ChannelFuture bound = bootstrap.bind(address).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            release.run();
            loops = null;
            releaseLoops = null;
            throw address instanceof InetSocketAddress socket ? cannotListen(socket, bound.cause())
                    : new IllegalStateException(name + " cannot listen in process", bound.cause());
        }
        server = bound.channel();
        return server;
    }

    /**
     * Why a bind failed, in one line that names the port: the native transport's message
     * ("bind(..) failed: Address already in use") says neither which port nor what to do.
     */
    private UncheckedIOException cannotListen(InetSocketAddress address, Throwable cause) {
        String where = "port " + address.getPort() + (address.getAddress() == null || address.getAddress().isAnyLocalAddress()
                ? "" : " of " + address.getHostString());
        String message = String.valueOf(cause.getMessage());
        String why;
        if (cause instanceof java.net.BindException || message.contains("Address already in use")) {
            why = "another process listens there; stop it, or choose another port (0 takes any free one)";
        } else if (message.contains("Permission denied") || message.contains("Access denied")) {
            why = "this process lacks the privilege (ports under 1024 need it); choose a port from 1024 up";
        } else if (message.contains("Cannot assign requested address")) {
            why = address.getHostString() + " is not an address of this machine";
        } else {
            why = message;
        }
        IOException failure = new java.net.BindException(name + " cannot listen on " + where + ": " + why);
        failure.initCause(cause);
        return new UncheckedIOException(failure.getMessage(), failure);
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

    /** How many connections were closed at once because {@code maxConnections} were open. */
    public long refused() {
        return refused.sum();
    }

    private void refuse(Channel channel) {
        refused.increment();
        long count = refused.sum();
        if (count == 1 || count % 1000 == 0) {
            LOG.warn("{} holds {} connections, its limit: closed {} new ones so far", name, maxConnections, count);
        }
        channel.close();
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
        Runnable release = releaseLoops;
        releaseLoops = null;
        release.run();
    }
}

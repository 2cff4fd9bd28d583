package io.simples.core.internal;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The one Netty event-loop group of the process, shared by every listener (servers and mirrors)
 * and held while any of them is started: the first {@link #acquire()} creates it, the last
 * {@link #release()} shuts it down. Its threads are not daemons, so a {@code main} that starts a
 * server and returns keeps the process alive until the server stops.
 *
 * <p>Epoll when the native transport loads (Linux x86_64), NIO otherwise; one thread per core.
 */
public final class EventLoops {

    private static final boolean EPOLL = Epoll.isAvailable()
            && !Boolean.getBoolean("simples.nio");
    private static EventLoopGroup group;
    private static int holders;

    private EventLoops() {
    }

    /** The shared group, created if no listener holds it yet; pair every call with {@link #release()}. */
    public static synchronized EventLoopGroup acquire() {
        if (holders++ == 0) {
            IoHandlerFactory io = EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
            group = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(),
                    new DefaultThreadFactory("simples-io", false), io);
        }
        return group;
    }

    /** Lets go of the group; the last holder shuts it down. */
    public static synchronized void release() {
        if (holders == 0) {
            throw new IllegalStateException("release() without acquire()");
        }
        if (--holders == 0) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
            group = null;
        }
    }

    /** The server channel class of the transport in use. */
    public static Class<? extends ServerChannel> serverChannel() {
        return EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    /** The client channel class of the transport in use. */
    public static Class<? extends Channel> socketChannel() {
        return EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    /** "epoll" or "nio". */
    public static String transport() {
        return EPOLL ? "epoll" : "nio";
    }
}

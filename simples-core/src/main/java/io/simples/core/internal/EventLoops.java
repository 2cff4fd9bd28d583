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
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one Netty event-loop group of the process, shared by servers, mirrors and clients, and
 * held while any of them is started: the first {@link #acquire()} creates it, the last
 * {@link #release()} shuts it down. Its threads are not daemons, so a {@code main} that starts a
 * server and returns keeps the process alive until the server stops.
 *
 * <p>The socket transport is chosen once per process, one thread per core: the first of
 * {@link Transport#PREFERRED} whose native part loads here (epoll, then NIO), or the one the system
 * property {@value #PROPERTY} names ({@code io_uring}, {@code epoll} or {@code nio}); the choice is
 * logged once. io_uring's Netty artifacts are an optional dependency: an application that forces
 * it adds them.
 */
public final class EventLoops {

    /** The system property that forces a transport. */
    public static final String PROPERTY = "simples.transport";

    private static final Logger LOG = LoggerFactory.getLogger(EventLoops.class);
    private static Transport chosen;
    private static EventLoopGroup group;
    private static int holders;

    private EventLoops() {
    }

    /**
     * The shared group, created if no listener holds it yet; pair every call with {@link #release()}.
     *
     * @throws IllegalStateException when {@value #PROPERTY} names a transport that is unknown or
     *     cannot load here
     */
    public static synchronized EventLoopGroup acquire() {
        Transport transport = transport();
        if (holders == 0) {
            group = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(),
                    new DefaultThreadFactory("simples-io", false), transport.parts().io().get());
        }
        holders++;
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
    static Class<? extends ServerChannel> serverChannel() {
        return transport().parts().server();
    }

    /** The client channel class of the transport in use. */
    public static Class<? extends Channel> socketChannel() {
        return transport().parts().client();
    }

    /** The transport in use: its name, as {@value #PROPERTY} spells it. */
    public static String transportName() {
        return transport().name;
    }

    private static synchronized Transport transport() {
        if (chosen == null) {
            chosen = Transport.choose(System.getProperty(PROPERTY));
            LOG.info("socket transport: {}", chosen.name);
        }
        return chosen;
    }

    /** How Netty waits for sockets with one transport, and its channel classes. */
    record Parts(BooleanSupplier available, Supplier<Throwable> unavailable, Supplier<IoHandlerFactory> io,
            Class<? extends ServerChannel> server, Class<? extends Channel> client) {
    }

    private static final Parts EPOLL = new Parts(Epoll::isAvailable, Epoll::unavailabilityCause,
            EpollIoHandler::newFactory, EpollServerSocketChannel.class, EpollSocketChannel.class);
    private static final Parts NIO = new Parts(() -> true, () -> null, NioIoHandler::newFactory,
            NioServerSocketChannel.class, NioSocketChannel.class);

    /** io_uring's parts, loaded only when it is asked for: its classes are an optional dependency of this module. */
    private static final class IoUringParts {
        static final Parts PARTS = new Parts(IoUring::isAvailable, IoUring::unavailabilityCause,
                IoUringIoHandler::newFactory, IoUringServerSocketChannel.class, IoUringSocketChannel.class);
    }

    /** A socket transport, by the name {@value #PROPERTY} gives it. */
    enum Transport {
        IO_URING("io_uring"), EPOLL("epoll"), NIO("nio");

        /**
         * Tried in this order when no transport is forced. io_uring spent 2–16 % less CPU per request
         * or message than epoll ({@code bench/transport.sh}) and passes the transport tests, but it is
         * not first yet: a full test run on it once left Netty's global executor waiting for good on a
         * connection's close (docs/ARCHITECTURE.md, "One event-loop group per process").
         */
        static final Transport[] PREFERRED = {EPOLL, NIO};

        final String name;

        Transport(String name) {
            this.name = name;
        }

        /** Its Netty parts. */
        Parts parts() {
            return switch (this) {
                case IO_URING -> IoUringParts.PARTS;
                case EPOLL -> EventLoops.EPOLL;
                case NIO -> EventLoops.NIO;
            };
        }

        /** The transport {@code forced} names, or the first available of {@link #PREFERRED} when it is null. */
        static Transport choose(String forced) {
            if (forced == null || forced.isBlank()) {
                return Arrays.stream(PREFERRED).filter(Transport::loads).findFirst().orElse(NIO);
            }
            Transport named = Arrays.stream(values()).filter(t -> t.name.equals(forced.trim().toLowerCase(Locale.ROOT)))
                    .findFirst().orElseThrow(() -> new IllegalStateException(PROPERTY + "=" + forced
                            + " is no transport: io_uring, epoll or nio"));
            if (!named.loads()) {
                throw new IllegalStateException(PROPERTY + "=" + forced + " asks for a transport that cannot load here",
                        named.whyNot());
            }
            return named;
        }

        private boolean loads() {
            try {
                return parts().available().getAsBoolean();
            } catch (LinkageError missing) { // its classes are not on the class path
                return false;
            }
        }

        private Throwable whyNot() {
            try {
                return parts().unavailable().get();
            } catch (LinkageError missing) {
                return new IllegalStateException("its classes are not on the class path: add io.netty:netty-transport-"
                        + "native-" + name + " (classifier linux-x86_64) to the application", missing);
            }
        }
    }
}

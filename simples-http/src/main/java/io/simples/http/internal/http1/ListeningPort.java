package io.simples.http.internal.http1;

import io.netty.channel.local.LocalAddress;
import io.netty.handler.ssl.SslContext;
import io.simples.core.internal.Acceptor;
import io.simples.core.internal.LoggingBackend;
import io.simples.core.internal.Upgraded;
import io.simples.http.ServerOptions;
import io.simples.http.internal.Application;
import io.simples.http.internal.http2.Http2Connection;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One listening port of a {@link io.simples.http.Server} — its own, or a
 * {@link io.simples.http.Mirror}'s — with its TLS, its requests in flight and its {@code start},
 * {@code stop} and {@code error} listeners, which get {@code owner}; or the same in this process
 * only, without a port ({@link #startInProcess()}, for the test kit). Starting binds at once;
 * stopping stops accepting, lets requests in flight finish (within the grace period), closes what
 * is left and releases the port.
 */
public final class ListeningPort<T> {

    private static final Logger LOG = LoggerFactory.getLogger(ListeningPort.class);

    private final T owner;
    private final ServerOptions options;
    private final InFlight inFlight = new InFlight();
    private final Acceptor acceptor;
    private final List<Consumer<? super T>> startListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<? super T>> stopListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<Throwable>> errorListeners = new CopyOnWriteArrayList<>();

    private final Application application;
    private volatile LocalAddress inProcess; // while started in process, where its clients connect
    private Thread hook; // stops the listener when the JVM shuts down, while it is started
    private volatile boolean stopping; // from the first moment of a stop: readiness answers 503

    public ListeningPort(T owner, Application application, ServerOptions options, SslContext tls, String name) {
        this.owner = owner;
        this.application = application;
        this.options = options;
        // half-closure only in plain text: a TLS client ends with close_notify, never half-way
        this.acceptor = new Acceptor(name, new HttpPipeline(application, options, tls, inFlight),
                options.limits().connections(), tls == null);
    }

    /** Starts on {@code port}, or restarts there when already started (on another port, or in process). */
    public synchronized void start(int port) {
        if (acceptor.bound()) {
            if (inProcess == null && acceptor.port() == port) {
                return;
            }
            stop();
        }
        begin(() -> {
            int bound = acceptor.bind(options.hostname(), port, options.backlog());
            LOG.info("{} listening ({})", owner, io.simples.core.internal.EventLoops.transportName());
            return "simples-shutdown-" + bound;
        });
    }

    /**
     * Starts in this process only, without a port (the test kit's listener: Netty's local
     * transport, every connection on the same pipeline as a socket's), or moves there when started
     * on a port; nothing happens when started in process already. Returns where clients of this
     * JVM connect.
     */
    public synchronized LocalAddress startInProcess() {
        if (acceptor.bound()) {
            if (inProcess != null) {
                return inProcess;
            }
            stop();
        }
        begin(() -> {
            inProcess = acceptor.bindInProcess();
            LOG.info("{} listening in process ({})", owner, inProcess);
            return "simples-shutdown-" + inProcess.id();
        });
        return inProcess;
    }

    /** Where clients of this JVM connect while started in process, or null. */
    public LocalAddress inProcess() {
        return inProcess;
    }

    /** Binds with {@code bind} (which names the shutdown hook), then tells the start listeners. */
    private void begin(Supplier<String> bind) {
        LoggingBackend.checkOnce();
        stopping = false;
        try {
            String hookName = bind.get();
            if (options.shutdownHook() && hook == null) {
                hook = new Thread(this::stopOnShutdown, hookName);
                Runtime.getRuntime().addShutdownHook(hook);
            }
        } catch (RuntimeException e) {
            errorListeners.forEach(listener -> listener.accept(e));
            throw e;
        }
        startListeners.forEach(listener -> listener.accept(owner));
    }

    /**
     * Stops gracefully; nothing happens when not started. Returns once every save the stop caused
     * (the sessions of the WebSockets it closed, and every other held session that changed) has
     * ended, or the grace period is over; the ids of the sessions not saved are logged.
     */
    public synchronized void stop() {
        if (!acceptor.bound()) {
            return;
        }
        String name = owner.toString(); // as it was when started: its port, for every line below
        stopping = true;
        drain(name);
        long deadline = System.nanoTime() + options.gracePeriod().toNanos();
        acceptor.unbind();
        LOG.info("{} stopping: no new connections; closing WebSockets and finishing {} requests", name, inFlight.count());
        List<Upgraded> sockets = closeWebSockets();
        endEventStreams();
        Http2Connection.goAway(acceptor.connections()); // HTTP/2 clients open no new stream; those begun finish
        if (!inFlight.drain(left(deadline))) {
            LOG.warn("{}: {} requests still in flight after {}; closing them", name, inFlight.count(),
                    options.gracePeriod());
        }
        acceptor.closeConnections(Duration.ofSeconds(5));
        inProcess = null;
        inFlight.reset();
        LOG.info("{} stopping: connections closed; saving sessions", name);
        awaitSaves(name, sockets, deadline);
        Duration remaining = left(deadline);
        application.sessions().saveAll(remaining.isZero() ? Duration.ofSeconds(1) : remaining); // a last chance when none is left
        LOG.info("{} stopped", name);
        removeHook();
        stopListeners.forEach(listener -> listener.accept(owner));
    }

    /**
     * Serves on for the drain period while readiness answers 503, so that load balancers stop
     * sending before connections are refused.
     */
    private void drain(String name) {
        Duration drain = options.drain();
        if (drain.isZero()) {
            return;
        }
        LOG.info("{} stopping: draining for {} (readiness answers 503, requests are still served)", name, drain);
        try {
            Thread.sleep(drain.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // stop at once, as asked: the rest of the stop still runs
        }
    }

    /** The JVM is shutting down (SIGTERM, Ctrl-C, {@code System.exit}): stop as gracefully as {@code stop()}. */
    private void stopOnShutdown() {
        LOG.info("{}: the JVM is shutting down; stopping gracefully within {}", owner, options.gracePeriod());
        stop();
    }

    private void removeHook() {
        Thread registered = hook;
        hook = null;
        if (registered == null || registered == Thread.currentThread()) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(registered);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is already running its hooks: this one stops the listener as planned
        }
    }

    /** Closes the WebSockets of this listener with 1001 (going away) and waits a little for their close handshakes. */
    private List<Upgraded> closeWebSockets() {
        List<Upgraded> sockets = new java.util.ArrayList<>();
        List<io.netty.channel.ChannelFuture> closing = new java.util.ArrayList<>();
        for (io.netty.channel.Channel channel : acceptor.connections()) {
            Upgraded connection = channel.attr(Upgraded.KEY).get();
            if (connection != null) {
                sockets.add(connection);
                connection.close(1001, "server stopping");
                closing.add(channel.closeFuture());
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        for (io.netty.channel.ChannelFuture future : closing) {
            future.awaitUninterruptibly(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
        return sockets;
    }

    /** Ends the event streams of this listener, which would otherwise hold the stop for its whole grace period. */
    private void endEventStreams() {
        int ended = 0;
        for (io.netty.channel.Channel channel : acceptor.connections()) {
            ended += io.simples.http.internal.OpenEnded.endAll(channel);
        }
        if (ended > 0) {
            LOG.info("{} stopping: ended {} event streams", owner, ended);
        }
    }

    /** Waits until each closed WebSocket has saved what its session held, and logs those that could not. */
    private static void awaitSaves(String name, List<Upgraded> sockets, long deadline) {
        for (Upgraded socket : sockets) {
            try {
                socket.closed().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                LOG.error("{}: the session of {} was not saved: {}", name, socket, e.getCause().toString());
            } catch (java.util.concurrent.TimeoutException e) {
                LOG.error("{}: the session of {} was not saved within the grace period", name, socket);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static Duration left(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    public int port() {
        return acceptor.port();
    }

    public long refusedConnections() {
        return acceptor.refused();
    }

    /**
     * Registers this listener's gauges on {@code registry}, tagged {@code listener}: connections
     * open, connections refused at the limit, requests being answered.
     */
    public void bindMetrics(io.micrometer.core.instrument.MeterRegistry registry, String listener) {
        io.micrometer.core.instrument.Gauge.builder("simples.connections.open", acceptor, open -> open.connections().size())
                .description("Connections open").tag("listener", listener).register(registry);
        io.micrometer.core.instrument.FunctionCounter.builder("simples.connections.refused", acceptor, Acceptor::refused)
                .description("Connections closed at once because the limit was reached").tag("listener", listener)
                .register(registry);
        io.micrometer.core.instrument.Gauge.builder("http.server.requests.active", inFlight, InFlight::count)
                .description("Requests being answered").tag("listener", listener).register(registry);
    }

    /** True from the first moment of a stop (its drain included) until the next start. */
    public boolean stopping() {
        return stopping;
    }

    public boolean started() {
        return acceptor.bound();
    }

    public ServerOptions options() {
        return options;
    }

    public void onStart(Consumer<? super T> callback) {
        startListeners.add(Objects.requireNonNull(callback, "callback"));
    }

    public void onStop(Consumer<? super T> callback) {
        stopListeners.add(Objects.requireNonNull(callback, "callback"));
    }

    public void onError(Consumer<Throwable> callback) {
        errorListeners.add(Objects.requireNonNull(callback, "callback"));
    }

}

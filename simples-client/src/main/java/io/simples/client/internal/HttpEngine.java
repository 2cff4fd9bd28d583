package io.simples.client.internal;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.simples.core.internal.PipelineNames;
import io.simples.ws.ClientConnection;
import io.simples.ws.WSOptions;
import io.simples.ws.internal.WebSocketAccess;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.pool.ChannelHealthChecker;
import io.netty.channel.pool.ChannelPool;
import io.netty.channel.pool.FixedChannelPool;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.ssl.SslContext;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.simples.core.internal.EventLoops;
import io.simples.core.internal.LocalLoops;
import io.simples.core.internal.Handoff;
import io.simples.client.ClientOptions;
import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The machinery of one {@code Client}: a pool of keep-alive connections per origin (Netty's
 * {@link FixedChannelPool}: at most {@code connectionsPerOrigin}, most recently used first, a
 * closed one dropped when taken or given back) on the process's shared event loops, the cookie
 * jar, redirects. {@link #send} runs one request to its final answer.
 */
public final class HttpEngine implements AutoCloseable {

    private final ClientOptions options;
    private final Supplier<SslContext> tls;
    private final boolean verifyHosts;
    private final EventLoopGroup group;
    private final Runnable releaseLoops;
    private final SocketAddress to;
    private final Bootstrap bootstrap;
    private final CookieManager cookies;
    private final ConcurrentMap<Origin, FixedChannelPool> pools = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Every connection of this client, pooled or a WebSocket's: closed with it, so that nothing in flight waits forever. */
    private final ChannelGroup sockets = new DefaultChannelGroup("simples-client", GlobalEventExecutor.INSTANCE);

    /** {@code tls} is asked for the TLS context when the first secure origin is met. */
    HttpEngine(ClientOptions options, Supplier<SslContext> tls, boolean verifyHosts) {
        this(options, tls, verifyHosts, null);
    }

    /**
     * A client whose every connection goes to {@code to}, whatever the host of the URL (which still
     * makes the {@code Host} header, the cookies' domain and TLS's server name): the test kit's, to
     * one server. A {@link LocalAddress} connects in process, on {@link LocalLoops}; null resolves
     * each origin's host as usual.
     */
    public HttpEngine(ClientOptions options, Supplier<SslContext> tls, boolean verifyHosts, SocketAddress to) {
        this.options = options;
        this.tls = tls;
        this.verifyHosts = verifyHosts;
        this.to = to;
        int connectTimeout = (int) Math.min(Integer.MAX_VALUE, options.connectTimeout().toMillis());
        if (to instanceof LocalAddress) {
            this.group = LocalLoops.acquire();
            this.releaseLoops = LocalLoops::release;
            this.bootstrap = new Bootstrap().group(group).channel(LocalChannel.class)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeout);
        } else {
            this.group = EventLoops.acquire();
            this.releaseLoops = EventLoops::release;
            this.bootstrap = new Bootstrap().group(group).channel(EventLoops.socketChannel())
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeout)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .resolver(new Resolver(Handoff.handlers()));
        }
        this.cookies = options.cookies() ? new CookieManager(null, CookiePolicy.ACCEPT_ORIGINAL_SERVER) : null;
    }

    /** Where a connection to {@code origin} goes. */
    private SocketAddress address(Origin origin) {
        return to != null ? to : InetSocketAddress.createUnresolved(origin.host(), origin.port());
    }

    public ClientOptions options() {
        return options;
    }

    /** Sends {@code request}, follows redirects as the options allow, and completes with the final answer. */
    public CompletableFuture<Received> send(Outgoing request, Sink sink) {
        return send(request, sink, options.redirects());
    }

    private CompletableFuture<Received> send(Outgoing request, Sink sink, int redirectsLeft) {
        if (closed.get()) {
            return CompletableFuture.failedFuture(new IllegalStateException("the client is closed: " + request.url()));
        }
        Call call;
        try {
            call = new Call(this, request, sink, redirectsLeft > 0);
        } catch (IllegalStateException closedMeanwhile) {
            return CompletableFuture.failedFuture(closedMeanwhile);
        }
        return call.start().thenCompose(received -> {
            Outgoing next = redirectsLeft > 0 ? redirected(request, received) : null;
            return next == null ? CompletableFuture.completedFuture(received) : send(next, sink, redirectsLeft - 1);
        });
    }

    /** Where a redirect answer to {@code request} leads, or null when it is not one the client follows. */
    static URI redirectTarget(Outgoing request, int status, HttpHeaders headers) {
        if (status != 301 && status != 302 && status != 303 && status != 307 && status != 308) {
            return null;
        }
        String location = headers.get(HttpHeaderNames.LOCATION);
        boolean toGet = status == 303 && !request.method().equals("HEAD")
                || (status == 301 || status == 302) && request.method().equals("POST");
        boolean keepsBody = !toGet && request.body() != Body.NONE;
        if (location == null || keepsBody && !request.body().replayable()) {
            return null;
        }
        try {
            URI target = request.url().resolve(location.trim());
            Origin.of(target); // a scheme the client speaks
            return target;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Outgoing redirected(Outgoing request, Received received) {
        URI target = redirectTarget(request, received.status(), received.headers());
        if (target == null) {
            return null;
        }
        int status = received.status();
        boolean toGet = status == 303 && !request.method().equals("HEAD")
                || (status == 301 || status == 302) && request.method().equals("POST");
        HttpHeaders headers = request.headers().copy();
        if (toGet) {
            headers.remove(HttpHeaderNames.CONTENT_TYPE).remove(HttpHeaderNames.CONTENT_LENGTH)
                    .remove(HttpHeaderNames.TRANSFER_ENCODING);
        }
        if (!Origin.of(target).equals(Origin.of(request.url()))) { // credentials stay with the origin they were for
            headers.remove(HttpHeaderNames.AUTHORIZATION).remove(HttpHeaderNames.COOKIE);
        }
        return new Outgoing(toGet ? "GET" : request.method(), target, headers, toGet ? Body.NONE : request.body(),
                request.timeout());
    }

    /** Opens a connection of its own to {@code origin} (a WebSocket's), closed with the client. */
    ChannelFuture connect(Origin origin, ChannelHandler initializer) {
        ChannelFuture connecting = bootstrap.clone().remoteAddress(address(origin))
                .handler(initializer).connect();
        sockets.add(connecting.channel());
        return connecting;
    }

    /** Adds TLS to {@code channel} when {@code origin} is secure. */
    void addTls(Channel channel, Origin origin) {
        if (origin.secure()) {
            channel.pipeline().addLast(PipelineNames.TLS, ClientChannels.tls(channel, origin, tls.get(), verifyHosts));
        }
    }

    /** A WebSocket to {@code url}, not yet open. */
    public ClientConnection webSocket(URI url, WSOptions options) {
        if (closed.get()) {
            throw new IllegalStateException("the client is closed: " + url);
        }
        return WebSocketAccess.connection(url, options, Handoff.handlers(), new WebSocketConnector(this));
    }

    ChannelPool pool(Origin origin) {
        if (closed.get()) {
            throw new IllegalStateException("the client is closed");
        }
        return pools.computeIfAbsent(origin, key -> new FixedChannelPool(
                bootstrap.clone().remoteAddress(address(key)),
                new ClientChannels(key, key.secure() ? tls.get() : null, verifyHosts, options.decompress(), sockets::add),
                ChannelHealthChecker.ACTIVE, FixedChannelPool.AcquireTimeoutAction.FAIL, options.responseTimeout().toMillis(),
                options.connectionsPerOrigin(), Integer.MAX_VALUE));
    }

    /** The headers every request gets unless the caller set them: user agent, accepted encodings, cookies. */
    void addDefaults(HttpHeaders headers, URI url) {
        if (options.userAgent() != null && !headers.contains(HttpHeaderNames.USER_AGENT)) {
            headers.set(HttpHeaderNames.USER_AGENT, options.userAgent());
        }
        if (options.decompress() && !headers.contains(HttpHeaderNames.ACCEPT_ENCODING)) {
            headers.set(HttpHeaderNames.ACCEPT_ENCODING, HttpHeaderValues.GZIP_DEFLATE);
        }
        String jar = cookieHeader(url);
        if (jar != null) {
            String own = headers.get(HttpHeaderNames.COOKIE);
            headers.set(HttpHeaderNames.COOKIE, own == null ? jar : own + "; " + jar);
        }
    }

    /** The jar's {@code Cookie} value for {@code url}, or null (no jar, or nothing for it). */
    String cookieHeader(URI url) {
        if (cookies == null) {
            return null;
        }
        try {
            List<String> values = cookies.get(url, Map.of()).get("Cookie");
            return values == null || values.isEmpty() ? null : String.join("; ", values);
        } catch (IOException e) {
            return null;
        }
    }

    /** Files the cookies a response to {@code url} set, when there is a jar. */
    void keepCookies(URI url, HttpHeaders headers) {
        if (cookies == null || !headers.contains(HttpHeaderNames.SET_COOKIE)) {
            return;
        }
        try {
            cookies.put(url, Map.of("Set-Cookie", headers.getAll(HttpHeaderNames.SET_COOKIE)));
        } catch (IOException e) {
            // CookieManager.put throws only for a null argument
        }
    }

    /**
     * Closes every connection (a request in flight fails with an {@code IOException}) and lets go
     * of the event loops; requests after this fail.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            List<io.netty.util.concurrent.Future<?>> closing = new ArrayList<>();
            pools.values().forEach(pool -> closing.add(pool.closeAsync()));
            closing.add(sockets.close());
            pools.clear();
            // the loops are let go once every connection is closed: a pool closes its connections on Netty's one global
            // executor thread and waits for each, and a close that loops stopping under it never finish (io_uring)
            // would hold that thread for good
            AtomicInteger left = new AtomicInteger(closing.size());
            closing.forEach(future -> future.addListener(done -> {
                if (left.decrementAndGet() == 0) {
                    releaseLoops.run();
                }
            }));
        }
    }
}

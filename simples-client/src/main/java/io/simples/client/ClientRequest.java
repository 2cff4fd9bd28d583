package io.simples.client;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.QueryStringEncoder;
import io.simples.core.internal.Handoff;
import io.simples.core.internal.Json;
import io.simples.core.internal.MimeTypes;
import io.simples.client.internal.Body;
import io.simples.client.internal.HttpEngine;
import io.simples.client.internal.Origin;
import io.simples.client.internal.Outgoing;
import io.simples.client.internal.Sink;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.regex.Pattern;

/**
 * A request being built: headers, query parameters, a body, a timeout; then {@link #send()}. One
 * body at most: text, bytes, JSON, a urlencoded form, multipart fields and files, or a stream.
 *
 * <pre>{@code
 * client.post("https://api.example.com/users").json(new User("Ada")).send()
 *       .thenApply(response -> response.json(User.class));
 * }</pre>
 *
 * <p>Not thread-safe: build it on one thread. It may be sent more than once.
 */
public final class ClientRequest {

    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+");

    private final HttpEngine engine;
    private final String method;
    private final URI url;
    private final HttpHeaders headers = new DefaultHttpHeaders();
    private final List<String[]> query = new ArrayList<>();
    private final List<Body.Part> parts = new ArrayList<>();
    private Body body = Body.NONE;
    private Duration timeout;

    ClientRequest(HttpEngine engine, String method, String url) {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(url, "url");
        if (!TOKEN.matcher(method).matches()) {
            throw new IllegalArgumentException("\"" + method + "\" is not an HTTP method");
        }
        this.engine = engine;
        this.method = method;
        try {
            this.url = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL: " + url + " (" + e.getReason() + ")", e);
        }
        if (this.url.getScheme() != null && this.url.getScheme().toLowerCase(java.util.Locale.ROOT).startsWith("ws")) {
            throw new IllegalArgumentException("a WebSocket URL needs a WebSocket client, not an HTTP request: " + url);
        }
        Origin.of(this.url); // an absolute http(s) URL with a host
        this.timeout = engine.options().responseTimeout();
    }

    /**
     * Sets a header ({@code null} removes it; an {@code Iterable} sets several values).
     *
     * @param name the header's name
     * @param value the value (sent as its {@code String.valueOf}), the values as an {@code Iterable},
     *              or {@code null} to remove the header
     * @return this request, for chaining
     * @throws IllegalArgumentException when the name or a value is not allowed in a header
     */
    public ClientRequest header(String name, Object value) {
        if (value == null) {
            headers.remove(name);
        } else if (value instanceof Iterable<?> values) {
            headers.remove(name);
            values.forEach(v -> headers.add(name, String.valueOf(v)));
        } else {
            headers.set(name, String.valueOf(value));
        }
        return this;
    }

    /**
     * Adds a query parameter (encoded as needed) to the URL's own. Adding a name twice sends it twice.
     *
     * @param name the parameter's name
     * @param value the parameter's value, sent as its {@code String.valueOf}
     * @return this request, for chaining
     */
    public ClientRequest query(String name, Object value) {
        query.add(new String[]{Objects.requireNonNull(name, "name"), String.valueOf(value)});
        return this;
    }

    /**
     * Sets {@code Content-Type} from an extension ("json") or a media type, as {@code HTTPConnection.type} does.
     *
     * @param type an extension, a file name or a media type
     * @return this request, for chaining
     */
    public ClientRequest type(String type) {
        headers.set(HttpHeaderNames.CONTENT_TYPE, MimeTypes.of(type));
        return this;
    }

    /**
     * How long the response may take (the client's {@code responseTimeout} unless set).
     *
     * @param value the time allowed for the answer, positive
     * @return this request, for chaining
     * @throws IllegalArgumentException when {@code value} is zero or negative
     */
    public ClientRequest timeout(Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("a timeout must be positive, got " + value);
        }
        this.timeout = value;
        return this;
    }

    /**
     * A text body, UTF-8 ({@code text/plain} unless a type is set).
     *
     * @param text the body
     * @return this request, for chaining
     * @throws IllegalStateException when this request has a body already
     */
    public ClientRequest body(String text) {
        return body(new Body.Bytes(text.getBytes(StandardCharsets.UTF_8), "text/plain;charset=utf-8"));
    }

    /**
     * A body of bytes ({@code application/octet-stream} unless a type is set).
     *
     * @param bytes the body; it is copied, so the array may be reused
     * @return this request, for chaining
     * @throws IllegalStateException when this request has a body already
     */
    public ClientRequest body(byte[] bytes) {
        return body(new Body.Bytes(bytes.clone(), "application/octet-stream"));
    }

    /**
     * A body read from {@code stream} and sent chunked as it is read, on the connection's I/O
     * thread (give it a file or memory stream, not a slow pipe); the client closes it. A request
     * with a stream is sent once: not retried, not redirected with its body.
     *
     * @param stream the body's source ({@code application/octet-stream} unless a type is set)
     * @return this request, for chaining
     * @throws IllegalStateException when this request has a body already
     */
    public ClientRequest body(InputStream stream) {
        return body(new Body.Stream(Objects.requireNonNull(stream, "stream"), "application/octet-stream"));
    }

    /**
     * {@code value} as JSON, through Jackson ({@code application/json}).
     *
     * @param value the object to write as the JSON body
     * @return this request, for chaining
     * @throws IllegalStateException when this request has a body already
     */
    public ClientRequest json(Object value) {
        return body(new Body.Bytes(Json.MAPPER.writeValueAsBytes(value), "application/json"));
    }

    /**
     * A urlencoded form ({@code application/x-www-form-urlencoded}); an {@code Iterable} value repeats its field.
     *
     * @param fields the form's values by field name, each sent as its {@code String.valueOf}
     * @return this request, for chaining
     * @throws IllegalStateException when this request has a body already
     */
    public ClientRequest form(Map<String, ?> fields) {
        QueryStringEncoder encoder = new QueryStringEncoder("");
        fields.forEach((name, value) -> {
            if (value instanceof Iterable<?> values) {
                values.forEach(v -> encoder.addParam(name, String.valueOf(v)));
            } else {
                encoder.addParam(name, String.valueOf(value));
            }
        });
        String encoded = encoder.toString();
        encoded = encoded.startsWith("?") ? encoded.substring(1) : encoded;
        return body(new Body.Bytes(encoded.getBytes(StandardCharsets.US_ASCII), "application/x-www-form-urlencoded"));
    }

    /**
     * A multipart ({@code multipart/form-data}) field. Fields and files add up to one body.
     *
     * @param name the field's name
     * @param value the field's value
     * @return this request, for chaining
     * @throws IllegalStateException when this request has a body that is not multipart
     */
    public ClientRequest field(String name, String value) {
        return part(new Body.Part(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"), null, null));
    }

    /**
     * A multipart file, its type from its extension, sent from disk as it is read (never whole in memory).
     * Fields and files add up to one body.
     *
     * @param name the field's name
     * @param file the file to send
     * @return this request, for chaining
     * @throws IllegalArgumentException when {@code file} is not a readable file
     * @throws IllegalStateException when this request has a body that is not multipart
     */
    public ClientRequest file(String name, Path file) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException("not a readable file: " + file);
        }
        String type = MimeTypes.of(file.getFileName().toString());
        return part(new Body.Part(Objects.requireNonNull(name, "name"), null, file, type));
    }

    private ClientRequest part(Body.Part part) {
        if (body != Body.NONE && !(body instanceof Body.Multipart)) {
            throw new IllegalStateException("this request has a body already; multipart fields and files are one");
        }
        parts.add(part);
        body = new Body.Multipart(List.copyOf(parts));
        return this;
    }

    private ClientRequest body(Body value) {
        if (body != Body.NONE) {
            throw new IllegalStateException("a request has one body; this one has " + describe(body) + " already");
        }
        body = value;
        return this;
    }

    private static String describe(Body body) {
        return body instanceof Body.Multipart ? "multipart parts" : body instanceof Body.Stream ? "a stream" : "a body";
    }

    /**
     * Sends the request; the future completes with the whole answer in memory (up to the client's
     * {@code bodyLimit}), or fails with: {@link java.net.UnknownHostException},
     * {@link java.net.ConnectException} (refused), {@link java.net.http.HttpConnectTimeoutException},
     * {@link java.net.http.HttpTimeoutException} (no answer within the timeout),
     * {@link javax.net.ssl.SSLException} (TLS), {@link java.net.ProtocolException} (not HTTP), or
     * an {@link java.io.IOException} (the connection dropped, the body is too large), each naming the URL.
     *
     * @return the answer, once it is whole
     */
    public CompletableFuture<ClientResponse> send() {
        return send(new Sink.Memory(engine.options().bodyLimit()));
    }

    /**
     * Sends the request and writes the answer's body to {@code file} (made or emptied; deleted if the answer
     * fails half-way). The future fails as {@link #send()}'s does.
     *
     * @param file where the body goes
     * @return the answer, once its body is in {@code file}
     */
    public CompletableFuture<ClientResponse> send(Path file) {
        return send(new Sink.ToFile(Objects.requireNonNull(file, "file")));
    }

    /**
     * Sends the request; the future completes when the answer's head arrives, and its body goes
     * to {@code subscriber}, no faster than it requests (the connection waits meanwhile). Its
     * callbacks run on the connection's I/O thread: hand slow work to another thread.
     *
     * @param subscriber gets the body, piece by piece
     * @return the answer, once its head arrived
     */
    public CompletableFuture<ClientResponse> send(Flow.Subscriber<? super ByteBuffer> subscriber) {
        return send(new Sink.ToSubscriber(Objects.requireNonNull(subscriber, "subscriber")));
    }

    private CompletableFuture<ClientResponse> send(Sink sink) {
        Outgoing outgoing = new Outgoing(method, withQuery(), headers.copy(), body, timeout);
        // completed on a handler thread, never on an event loop: a caller's next stage may block (even join another request)
        return engine.send(outgoing, sink).thenApplyAsync(ClientResponse::new, Handoff.handlers());
    }

    private URI withQuery() {
        if (query.isEmpty()) {
            return url;
        }
        QueryStringEncoder encoder = new QueryStringEncoder("");
        query.forEach(pair -> encoder.addParam(pair[0], pair[1]));
        String added = encoder.toString().substring(1);
        String raw = url.toString();
        int fragment = raw.indexOf('#');
        String base = fragment < 0 ? raw : raw.substring(0, fragment);
        return URI.create(base + (url.getRawQuery() == null ? "?" : "&") + added);
    }

    @Override
    public String toString() {
        return "ClientRequest[" + method + " " + url + "]";
    }
}

package io.simples.http;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.cookie.CookieHeaderNames;
import io.netty.handler.codec.http.cookie.DefaultCookie;
import io.netty.handler.codec.http.cookie.ServerCookieEncoder;
import io.simples.core.Connection;
import io.simples.core.LoggerOptions;
import io.simples.core.internal.JsonLine;
import io.simples.http.internal.Errors;
import io.simples.http.internal.Exchange;
import io.simples.http.internal.Inputs;
import io.simples.core.internal.Json;
import io.simples.core.internal.MimeTypes;
import io.simples.http.internal.Response;
import io.simples.http.internal.StaticFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.concurrent.ExecutionException;

/**
 * One HTTP request and its response: what a route listener and a middleware get.
 *
 * <p>The request side comes from {@link Connection} (headers, cookies, query, path, host, ip,
 * langs, protocol, data, session), plus {@link #method()}, {@link #params()} and
 * {@link #body()}. The response side: set the head ({@link #status(int)},
 * {@link #header(String, Object)}, {@link #type}, {@link #cookie}, …), then either end it at once
 * ({@link #end(String)}, {@link #send}, {@link #drain}, {@link #render}, {@link #redirect},
 * {@link #error}) or stream it ({@link #write(String)} then {@link #end()}). Once the head is sent
 * it cannot change: trying throws {@link IllegalStateException}, and nothing corrupt reaches the
 * client. The response ends when the listener returns if the listener did not end it.
 *
 * <p>A connection belongs to the thread running its listener; it may be handed to another
 * thread (its methods are synchronized), but not used after the response ended.
 */
public final class HTTPConnection extends Connection {

    private final Exchange exchange;
    private final Response response;
    private RequestBody body;

    HTTPConnection(Exchange exchange) {
        exchange.head().bindTo(this);
        this.exchange = exchange;
        this.response = exchange.response();
    }

    // --- request ---

    /**
     * The request method, upper case.
     *
     * @return the method, such as {@code "GET"} or {@code "POST"}
     */
    public String method() {
        return exchange.head().method();
    }

    /**
     * The version of HTTP the request came by. ({@link #protocol()} is the scheme, {@code http} or
     * {@code https}, as the original simpleS has it.)
     *
     * @return {@code "HTTP/1.0"}, {@code "HTTP/1.1"} or {@code "HTTP/2"}
     */
    public String version() {
        return exchange.transport().version(exchange.request());
    }

    /**
     * The values of the route's {@code :name} parameters, and of its wildcard under {@code "*"}.
     *
     * @return the values by parameter name; empty when the route has no parameters
     */
    public Map<String, String> params() {
        return exchange.params();
    }

    /**
     * The route parameter {@code name} as a {@code type} ({@code c.param("id", long.class)}): see
     * {@link #query(String, Class)} for the types.
     *
     * @param <T> the type to convert to
     * @param name the parameter's name in the route, without the colon
     * @param type the class of the type to convert to
     * @return the parameter's value as a {@code type}
     * @throws HTTPException 400 when it is not one
     * @throws IllegalArgumentException when the route has no parameter {@code name}
     */
    public <T> T param(String name, Class<T> type) {
        String value = params().get(name);
        if (value == null) {
            throw new IllegalArgumentException("the route of " + path() + " has no parameter \"" + name + "\"");
        }
        return Inputs.convert(value, type, "path parameter \"" + name + "\"");
    }

    /**
     * The query parameter {@code name} as a {@code type} ({@code c.query("page", int.class)}):
     * {@code String}, {@code int}, {@code long}, {@code double}, {@code boolean} and their boxes,
     * {@code UUID}, an enum (by name, any case), {@code LocalDate} and {@code Instant} (ISO-8601), or
     * anything Jackson makes from a string. A value that is not one, or a missing one, is answered
     * 400 with a message naming the parameter and the type, through the router's error pages.
     *
     * @param <T> the type to convert to
     * @param name the query parameter's name
     * @param type the class of the type to convert to
     * @return the parameter's value as a {@code type}
     * @throws HTTPException 400 when it is missing or not a {@code type}
     */
    public <T> T query(String name, Class<T> type) {
        return Inputs.required(query().get(name), type, "query parameter \"" + name + "\"");
    }

    /**
     * The query parameter {@code name} as a {@code type}, or {@code fallback} when there is none
     * (see {@link #query(String, Class)}).
     *
     * @param <T> the type to convert to
     * @param name the query parameter's name
     * @param type the class of the type to convert to
     * @param fallback the value to return when the request has no such parameter
     * @return the parameter's value as a {@code type}, or {@code fallback}
     * @throws HTTPException 400 when it is present but not a {@code type}
     */
    public <T> T query(String name, Class<T> type, T fallback) {
        return Inputs.optional(query().get(name), type, fallback, "query parameter \"" + name + "\"");
    }

    /**
     * The request header {@code name} as a {@code type} (see {@link #query(String, Class)}; the
     * name says "request" because {@link #header(String)} reads the response's).
     *
     * @param <T> the type to convert to
     * @param name the request header's name
     * @param type the class of the type to convert to
     * @return the header's value as a {@code type}
     * @throws HTTPException 400 when it is missing or not a {@code type}
     */
    public <T> T requestHeader(String name, Class<T> type) {
        return Inputs.required(headers().get(name), type, "header \"" + name + "\"");
    }

    /**
     * The request header {@code name} as a {@code type}, or {@code fallback} when there is none
     * (see {@link #requestHeader(String, Class)}).
     *
     * @param <T> the type to convert to
     * @param name the request header's name
     * @param type the class of the type to convert to
     * @param fallback the value to return when the request has no such header
     * @return the header's value as a {@code type}, or {@code fallback}
     * @throws HTTPException 400 when it is present but not a {@code type}
     */
    public <T> T requestHeader(String name, Class<T> type, T fallback) {
        return Inputs.optional(headers().get(name), type, fallback, "header \"" + name + "\"");
    }

    /**
     * The request body.
     *
     * @return the body, made on the first call and the same one after
     */
    public synchronized RequestBody body() {
        if (body == null) {
            body = new RequestBody(exchange.request(), exchange.limits().parts());
        }
        return body;
    }

    // --- response head ---

    /**
     * The response status (200 unless set).
     *
     * @return the status code
     */
    public int status() {
        return response.status();
    }

    /**
     * Sets the response status.
     *
     * @param code the status code, three digits
     * @return this connection, for chaining
     * @throws IllegalArgumentException when {@code code} does not have three digits
     * @throws IllegalStateException when the head was already sent
     */
    public HTTPConnection status(int code) {
        response.status(code);
        return this;
    }

    /**
     * A response header as set so far, or {@code null}.
     *
     * @param name the header's name, in any case
     * @return the header's value (its first one, when it has several), or {@code null} when it is not set
     */
    public String header(String name) {
        return response.header(name);
    }

    /**
     * Sets a response header ({@code null} removes it; an {@code Iterable} sets several values).
     *
     * @param name the header's name
     * @param value the value, the values as an {@code Iterable}, or {@code null} to remove the header
     * @return this connection, for chaining
     * @throws IllegalStateException when the head was already sent
     */
    public HTTPConnection header(String name, Object value) {
        response.header(name, value);
        return this;
    }

    /**
     * Sets {@code Content-Type} from an extension or file name ("json", "app.js") or a media type
     * ("text/plain"); text types get UTF-8. The default is {@code text/plain;charset=utf-8}
     * ({@code text/html;charset=utf-8} for {@link #render rendered views}): a text that reflects
     * what a client sent is never read as HTML unless the listener says it is.
     *
     * @param type an extension, a file name or a media type
     * @return this connection, for chaining
     * @throws IllegalStateException when the head was already sent
     */
    public HTTPConnection type(String type) {
        response.header(HttpHeaderNames.CONTENT_TYPE, MimeTypes.of(type));
        return this;
    }

    /**
     * Sets {@code Content-Language}.
     *
     * @param language the language tag, such as {@code "en"} or {@code "pt-BR"}
     * @return this connection, for chaining
     * @throws IllegalStateException when the head was already sent
     */
    public HTTPConnection lang(String language) {
        response.header(HttpHeaderNames.CONTENT_LANGUAGE, language);
        return this;
    }

    /**
     * Sets a cookie with the default attributes (path "/", HttpOnly, SameSite=Lax).
     *
     * @param name the cookie's name
     * @param value the cookie's value
     * @return this connection, for chaining
     * @throws IllegalStateException when the head was already sent
     */
    public HTTPConnection cookie(String name, String value) {
        return cookie(name, value, CookieOptions.defaults());
    }

    /**
     * Sets a cookie: adds a {@code Set-Cookie} header with the attributes of {@code options}.
     *
     * @param name the cookie's name
     * @param value the cookie's value
     * @param options the cookie's path, domain, age and flags
     * @return this connection, for chaining
     * @throws IllegalStateException when the head was already sent
     */
    public HTTPConnection cookie(String name, String value, CookieOptions options) {
        DefaultCookie cookie = new DefaultCookie(name, value);
        cookie.setPath(options.path());
        if (options.domain() != null) {
            cookie.setDomain(options.domain());
        }
        if (options.maxAge() != null) {
            cookie.setMaxAge(options.maxAge().toSeconds());
        }
        cookie.setSecure(options.secure());
        cookie.setHttpOnly(options.httpOnly());
        if (options.sameSite() != null) {
            cookie.setSameSite(CookieHeaderNames.SameSite.valueOf(options.sameSite()));
        }
        response.addHeader(HttpHeaderNames.SET_COOKIE, ServerCookieEncoder.STRICT.encode(cookie));
        return this;
    }

    /**
     * Sets {@code Cache-Control}, e.g. {@code "max-age=3600"} or {@code "no-store"}.
     *
     * @param directives the header's value
     * @return this connection, for chaining
     * @throws IllegalStateException when the head was already sent
     */
    public HTTPConnection cache(String directives) {
        response.header(HttpHeaderNames.CACHE_CONTROL, directives);
        return this;
    }

    /**
     * Sets the {@code Link} header from relation names to URLs.
     *
     * @param links the URLs by relation name, such as {@code "next"}
     * @return this connection, for chaining
     * @throws IllegalStateException when the head was already sent
     */
    public HTTPConnection links(Map<String, String> links) {
        StringJoiner header = new StringJoiner(", ");
        links.forEach((rel, url) -> header.add("<" + url + ">; rel=\"" + rel + "\""));
        return header("Link", header.toString());
    }

    /**
     * Closes the connection after {@code duration} without traffic (this connection only).
     *
     * @param duration how long the connection may stay idle
     * @return this connection, for chaining
     */
    public HTTPConnection keep(Duration duration) {
        exchange.transport().idleTimeout(duration);
        return this;
    }

    // --- response body ---

    /**
     * Writes a piece of the body; the first write sends the head (chunked unless a length was set).
     *
     * @param chunk the piece, sent as UTF-8
     * @return this connection, for chaining
     * @throws IllegalStateException when the response already ended
     */
    public HTTPConnection write(String chunk) {
        response.write(ByteBufUtil.writeUtf8(response.alloc(), chunk));
        return this;
    }

    /**
     * Writes a piece of the body; the first write sends the head (see {@link #write(String)}).
     *
     * @param chunk the piece; it is copied, so the array may be reused
     * @return this connection, for chaining
     * @throws IllegalStateException when the response already ended
     */
    public HTTPConnection write(byte[] chunk) {
        response.write(Unpooled.copiedBuffer(chunk));
        return this;
    }

    /** Ends the response. */
    public void end() {
        response.end(Unpooled.EMPTY_BUFFER);
    }

    /**
     * Ends the response with this text (UTF-8) as its last or only piece.
     *
     * @param last the text that ends the body
     */
    public void end(String last) {
        response.end(ByteBufUtil.writeUtf8(response.alloc(), last));
    }

    /**
     * Ends the response with these bytes as its last or only piece.
     *
     * @param last the bytes that end the body; they are not copied, so the array must not change
     */
    public void end(byte[] last) {
        response.end(Unpooled.wrappedBuffer(last));
    }

    /**
     * Ends the response with {@code value}: text as it is, bytes as they are, anything else as
     * JSON through Jackson (setting the type to JSON unless a type was set).
     *
     * @param value the body: a {@code String}, a {@code byte[]}, or an object to write as JSON
     */
    public void send(Object value) {
        if (value instanceof String text) {
            end(text);
        } else if (value instanceof byte[] bytes) {
            if (header(HttpHeaderNames.CONTENT_TYPE.toString()) == null) {
                type("bin");
            }
            end(bytes);
        } else {
            byte[] json = Json.MAPPER.writeValueAsBytes(value);
            if (header(HttpHeaderNames.CONTENT_TYPE.toString()) == null) {
                type("json");
            }
            end(json);
        }
    }

    /**
     * Ends the response with a file, its type from its extension (see {@link #drain(Path, String)}).
     *
     * @param file the file to send
     */
    public void drain(Path file) {
        drain(file, file.getFileName().toString());
    }

    /**
     * Ends the response with a file of {@code type} (see {@link #type}), as static files are served:
     * {@code ETag} and {@code Last-Modified}, 304 to a matching {@code If-None-Match} or
     * {@code If-Modified-Since}, one byte range ({@code Range}: 206, or 416), a precompressed
     * {@code .br}/{@code .zst}/{@code .gz} sibling for a client that accepts it, zero-copy on plain
     * connections; 404 when it is not a readable file.
     *
     * @param file the file to send
     * @param type an extension, a file name or a media type, as {@link #type(String)} takes
     * @throws java.io.UncheckedIOException when reading the file fails
     */
    public void drain(Path file, String type) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            error(404);
            return;
        }
        try {
            StaticFiles.send(exchange, file, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Renders {@code view} with the router's template engine and ends the response with it, as
     * {@code text/html} unless a type was set. The template also sees this connection as {@code "connection"}, unless {@code imports} has one.
     *
     * @param view the name of the template, as the engine finds it
     * @param imports the values the template can use, by name
     * @throws IllegalStateException when no template engine is set, or rendering is interrupted or fails
     */
    public void render(String view, Map<String, Object> imports) {
        TemplateEngine engine = exchange.router().engine();
        if (engine == null) {
            throw new IllegalStateException("render(\"" + view + "\") needs a template engine:"
                    + " call engine(...) on the router, its host or the server");
        }
        Map<String, Object> all = new HashMap<>(imports);
        all.putIfAbsent("connection", this);
        String html;
        try {
            html = engine.render(view, all).toCompletableFuture().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while rendering " + view, e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException("rendering " + view + " failed", e.getCause());
        }
        if (header(HttpHeaderNames.CONTENT_TYPE.toString()) == null) {
            type("html"); // a view is a page, unless the listener said otherwise
        }
        end(html);
    }

    /**
     * Redirects temporarily (302) to {@code location}.
     *
     * @param location the URL to send the client to, absolute or relative
     */
    public void redirect(String location) {
        redirect(location, false);
    }

    /**
     * Redirects to {@code location}, permanently (301) or temporarily (302), and ends the response.
     *
     * @param location the URL to send the client to, absolute or relative
     * @param permanent true for 301, false for 302
     */
    public void redirect(String location, boolean permanent) {
        Objects.requireNonNull(location, "location");
        status(permanent ? 301 : 302);
        header(HttpHeaderNames.LOCATION.toString(), location);
        end();
    }

    /**
     * Answers with error {@code code} through the router's listener for it (or the default: the
     * status and its reason as text). Drops headers set so far.
     *
     * @param code the error's status code, such as 404
     */
    public void error(int code) {
        Errors.answer(exchange, code, null);
    }

    /** Closes the connection at once, without finishing the response. */
    public void close() {
        response.abort();
    }

    /**
     * Tells whether the response head was sent; from then on it cannot change.
     *
     * @return true once the response head was sent
     */
    public boolean headSent() {
        return response.headSent();
    }

    /**
     * Tells whether the response ended (or is ending).
     *
     * @return true once the response ended
     */
    public boolean ended() {
        return response.ended();
    }

    // --- logging ---

    @Override
    protected String defaultLogFormat() {
        return LoggerOptions.HTTP_FORMAT;
    }

    @Override
    protected String token(String name, String argument) {
        return switch (name) {
            case "method" -> method();
            case "status" -> Integer.toString(status());
            case "lang" -> header(HttpHeaderNames.CONTENT_LANGUAGE.toString());
            case "type" -> header(HttpHeaderNames.CONTENT_TYPE.toString());
            case "req" -> argument == null ? null : headers().get(argument);
            case "res" -> argument == null ? null : header(argument);
            case "version" -> version();
            case "route" -> exchange.routeTemplate();
            case "bytes" -> Long.toString(response.bytes());
            case "json" -> new JsonLine().text("time", token("utc", null)).text("id", id()).text("protocol", protocol())
                    .text("version", version()).text("method", method()).text("route", exchange.routeTemplate())
                    .text("path", path()).number("status", status()).number("bytes", response.bytes())
                    .number("duration_us", Long.parseLong(token("duration-us", null))).text("remote", ip())
                    .text("user_agent", headers().get("user-agent")).toString();
            default -> super.token(name, argument);
        };
    }

    // --- for the framework ---

    /** The exchange this connection is the face of, for the routes the framework adds (WebSocket endpoints). */
    Exchange exchange() {
        return exchange;
    }
}

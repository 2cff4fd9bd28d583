package io.simples.client;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.cookie.ClientCookieDecoder;
import io.netty.handler.codec.http.cookie.Cookie;
import io.simples.core.internal.HeaderMap;
import io.simples.core.internal.Json;
import io.simples.client.internal.Received;
import java.lang.reflect.Type;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A server's answer to a {@link ClientRequest}: status, headers, cookies and body. The body is in
 * memory after {@code send()}, in a file after {@code send(file)}, and was given to the
 * subscriber after {@code send(subscriber)} (then {@link #bytes()} is empty).
 */
public final class ClientResponse {

    private final Received received;
    private Map<String, String> headers;

    ClientResponse(Received received) {
        this.received = received;
    }

    /**
     * The status code.
     *
     * @return the status code of the answer, such as 200 or 404
     */
    public int status() {
        return received.status();
    }

    /**
     * The URL that answered: the request's, or where its redirects led.
     *
     * @return the URL of the last request made
     */
    public URI url() {
        return received.url();
    }

    /**
     * The headers; names compare without case, a repeated header gives its first value.
     *
     * @return the headers by name; see {@link #headers(String)} for every value of one
     */
    public Map<String, String> headers() {
        Map<String, String> view = headers;
        if (view == null) {
            view = new HeaderMap(received.headers());
            headers = view;
        }
        return view;
    }

    /**
     * The first value of header {@code name}, or null.
     *
     * @param name the header's name, in any case
     * @return the header's first value, or {@code null} when the answer has no such header
     */
    public String header(String name) {
        return received.headers().get(name);
    }

    /**
     * Every value of header {@code name}, in order; empty when absent.
     *
     * @param name the header's name, in any case
     * @return the header's values
     */
    public List<String> headers(String name) {
        return received.headers().getAll(name);
    }

    /**
     * The cookies this response set, by name (attributes left out).
     *
     * @return the cookies' values by name, in the order set; a map that cannot be changed
     */
    public Map<String, String> cookies() {
        Map<String, String> cookies = new LinkedHashMap<>();
        for (String header : received.headers().getAll(HttpHeaderNames.SET_COOKIE)) {
            Cookie cookie = ClientCookieDecoder.LAX.decode(header);
            if (cookie != null) {
                cookies.put(cookie.name(), cookie.value());
            }
        }
        return Collections.unmodifiableMap(cookies);
    }

    /**
     * The body (a copy).
     *
     * @return the body's bytes; empty when the body went to a file or a subscriber
     */
    public byte[] bytes() {
        return received.body().clone();
    }

    /**
     * The body as text, in the charset of its {@code Content-Type} (UTF-8 unless it says otherwise).
     *
     * @return the body's text
     */
    public String text() {
        Charset charset = HttpUtil.getCharset(received.headers().get(HttpHeaderNames.CONTENT_TYPE), StandardCharsets.UTF_8);
        return new String(received.body(), charset);
    }

    /**
     * The body as JSON, read into {@code type} with Jackson.
     *
     * @param <T> the type to read
     * @param type the class of the type to read
     * @return the object read from the body
     * @throws tools.jackson.core.JacksonException when the body is not JSON of that type
     */
    public <T> T json(Class<T> type) {
        return Json.MAPPER.readValue(received.body(), type);
    }

    /**
     * The body as JSON, read into a generic {@code type} ({@code List<User>}, say) with Jackson.
     *
     * @param <T> the type to read
     * @param type the type to read, generic or not
     * @return the object read from the body
     * @throws tools.jackson.core.JacksonException when the body is not JSON of that type
     */
    public <T> T json(Type type) {
        return Json.MAPPER.readValue(received.body(), Json.MAPPER.constructType(type));
    }

    /**
     * The file the body went to, or null when it did not go to a file.
     *
     * @return the file given to {@code send(file)}, or {@code null}
     */
    public Path file() {
        return received.file();
    }

    @Override
    public String toString() {
        return "ClientResponse[" + status() + " " + url() + "]";
    }
}

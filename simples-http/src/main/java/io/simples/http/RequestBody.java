package io.simples.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpUtil;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The body of a request, read in the form the listener asks for: bytes, text in the request's
 * charset, or JSON (a tree or a type). Bad JSON fails with {@link HTTPException} 400.
 */
public final class RequestBody {

    private final ByteBuf content;
    private final HttpHeaders headers;
    private byte[] bytes;

    RequestBody(ByteBuf content, HttpHeaders headers) {
        this.content = content;
        this.headers = headers;
    }

    /** The raw bytes. */
    public synchronized byte[] bytes() {
        if (bytes == null) {
            bytes = ByteBufUtil.getBytes(content);
        }
        return bytes;
    }

    /** How many bytes the body has. */
    public int length() {
        return content.readableBytes();
    }

    /** The body as text, in the charset of its {@code Content-Type} (UTF-8 when none is named). */
    public String text() {
        Charset charset = HttpUtil.getCharset(headers.get(HttpHeaderNames.CONTENT_TYPE), StandardCharsets.UTF_8);
        return new String(bytes(), charset);
    }

    /** The body as a JSON tree. */
    public JsonNode json() {
        try {
            return Json.MAPPER.readTree(bytes());
        } catch (JacksonException e) {
            throw new HTTPException(400, "the body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** The body as JSON bound to {@code type}. */
    public <T> T json(Class<T> type) {
        try {
            return Json.MAPPER.readValue(bytes(), type);
        } catch (JacksonException e) {
            throw new HTTPException(400, "the body is not valid JSON for " + type.getSimpleName() + ": "
                    + e.getOriginalMessage());
        }
    }
}

package io.simples.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.multipart.Attribute;
import io.netty.handler.codec.http.multipart.FileUpload;
import io.netty.handler.codec.http.multipart.InterfaceHttpData;
import io.simples.core.internal.Json;
import io.simples.http.internal.UploadRequest;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;

/**
 * The body of a request, read in the form the listener asks for: bytes, text in the request's
 * charset, JSON (a tree or a type), or a {@link Form} (urlencoded, or multipart with files). Bad
 * JSON fails with {@link HTTPException} 400, a form of another type with 415. The body can be
 * read until the response ends.
 */
public final class RequestBody {

    private final FullHttpRequest request;
    private final ByteBuf content;
    private final HttpHeaders headers;
    private final int maxFields;
    private byte[] bytes;
    private Form form;

    RequestBody(FullHttpRequest request, int maxFields) {
        this.request = request;
        this.content = request.content();
        this.headers = request.headers();
        this.maxFields = maxFields;
    }

    /**
     * The body as a form: urlencoded fields, or multipart fields and files. Another content type
     * is a 415.
     *
     * @return the form, read on the first call and the same one after
     * @throws HTTPException 415 when the body is neither urlencoded nor multipart
     * @throws java.io.UncheckedIOException when reading a multipart body fails
     */
    public synchronized Form form() {
        if (form != null) {
            return form;
        }
        if (request instanceof UploadRequest upload) {
            Map<String, List<String>> fields = new LinkedHashMap<>();
            List<Upload> files = new ArrayList<>();
            try {
                for (InterfaceHttpData part : upload.decoder().getBodyHttpDatas()) {
                    if (part instanceof Attribute attribute) {
                        fields.computeIfAbsent(attribute.getName(), n -> new ArrayList<>()).add(attribute.getValue());
                    } else if (part instanceof FileUpload file) {
                        files.add(new Upload(file, upload.decoder()));
                    }
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            form = new Form(fields, files);
        } else if (isType("application/x-www-form-urlencoded")) {
            QueryStringDecoder decoder = new QueryStringDecoder(text(), StandardCharsets.UTF_8, false, maxFields);
            form = new Form(decoder.parameters(), List.of());
        } else {
            throw new HTTPException(415, "a form needs the type application/x-www-form-urlencoded or multipart/form-data, got "
                    + headers.get(HttpHeaderNames.CONTENT_TYPE));
        }
        return form;
    }

    private boolean isType(String type) {
        String contentType = headers.get(HttpHeaderNames.CONTENT_TYPE);
        return contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).startsWith(type);
    }

    /**
     * The raw bytes.
     *
     * @return the body's bytes; the same array on every call, so do not change it
     */
    public synchronized byte[] bytes() {
        if (bytes == null) {
            bytes = ByteBufUtil.getBytes(content);
        }
        return bytes;
    }

    /**
     * How many bytes the body has.
     *
     * @return the body's length in bytes, 0 when there is none
     */
    public int length() {
        return content.readableBytes();
    }

    /**
     * The body as text, in the charset of its {@code Content-Type} (UTF-8 when none is named).
     *
     * @return the body's text
     */
    public String text() {
        Charset charset = HttpUtil.getCharset(headers.get(HttpHeaderNames.CONTENT_TYPE), StandardCharsets.UTF_8);
        return new String(bytes(), charset);
    }

    /**
     * The body as a JSON tree.
     *
     * @return the tree read from the body
     * @throws HTTPException 400 when the body is not valid JSON
     */
    public JsonNode json() {
        try {
            return Json.MAPPER.readTree(bytes());
        } catch (JacksonException e) {
            throw new HTTPException(400, "the body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    /**
     * The body as JSON bound to {@code type}. A body that is not JSON, or not one of {@code type},
     * is answered 400 with where it went wrong: the field ({@code items[2].title}) or the line and
     * column, and Jackson's reason.
     *
     * @param <T> the type to read
     * @param type the class of the type to read
     * @return the object read from the body
     * @throws HTTPException 400 when the body is not JSON of {@code type}
     */
    public <T> T json(Class<T> type) {
        try {
            return Json.MAPPER.readValue(bytes(), type);
        } catch (JacksonException e) {
            throw new HTTPException(400, "the body is not valid JSON for " + type.getSimpleName() + where(e) + ": "
                    + e.getOriginalMessage());
        }
    }

    /** " at items[2].title", or " at line 3, column 7", or nothing. */
    private static String where(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        if (!path.isEmpty()) {
            return " at " + path;
        }
        TokenStreamLocation location = e.getLocation();
        return location == null || location.getLineNr() < 1 ? ""
                : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}

package io.simples.http.internal;

import io.simples.http.HTTPConnection;
import io.simples.http.HTTPListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The route of {@code simples.js}, the browser side of simpleS (a resource of this module): the
 * script with a strong ETag of its content and {@code Cache-Control: no-cache} (browsers keep it
 * and ask again with {@code If-None-Match}: a 304 while it is the same, the new script after an
 * upgrade).
 */
public final class ClientScript implements HTTPListener {

    /** The one listener: the script is read once. */
    public static final ClientScript INSTANCE = new ClientScript();

    private final byte[] script;
    private final String etag;

    private ClientScript() {
        try (InputStream in = ClientScript.class.getResourceAsStream("simples.js")) {
            if (in == null) {
                throw new IOException("simples.js is missing from the jar");
            }
            script = in.readAllBytes();
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(script);
            etag = "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void handle(HTTPConnection connection) {
        connection.header("ETag", etag).cache("no-cache");
        String known = connection.headers().get("if-none-match");
        if (known != null && (known.contains(etag) || known.trim().equals("*"))) {
            connection.status(304).end();
            return;
        }
        connection.type("js").end(script);
    }
}

package io.simples.http;

import io.simples.core.internal.Rejection;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become responses: an {@link HTTPException} answers with its
 * status, anything else with a 500 (the failure in {@code data().get("error")}, reported to the
 * router's error listeners and logged). Error listeners that fail fall back to the default
 * answer, logged once. After the head was sent nothing can be answered: the connection closes.
 */
final class Errors {

    private static final Logger LOG = LoggerFactory.getLogger(Errors.class);

    private Errors() {
    }

    /** Answers {@code connection} after {@code failure} escaped its listener or a middleware. */
    static void fail(HTTPConnection connection, Throwable failure) {
        if (failure instanceof HTTPException http) {
            answer(connection, http.status(), http.getMessage());
            return;
        }
        LOG.error("{} {} failed", connection.method(), connection.url(), failure);
        connection.data().put("error", failure);
        try {
            connection.router().reportError(connection, failure);
        } catch (RuntimeException e) {
            LOG.error("an error listener failed too", e);
        }
        answer(connection, 500, null);
    }

    /** Answers with error {@code code}, through the router's listener for it or the default. */
    static void answer(HTTPConnection connection, int code, String message) {
        answer(connection, code, message, Map.of());
    }

    /** Answers a request a route refused (its listener for the code, or the rejection's text). */
    static void reject(HTTPConnection connection, Rejection rejection) {
        answer(connection, rejection.code(), rejection.text(), rejection.headers());
    }

    /** Answers 405 with the {@code Allow} header. */
    static void methodNotAllowed(HTTPConnection connection, java.util.Set<String> allowed) {
        answer(connection, 405, null, Map.of("Allow", String.join(", ", allowed)));
    }

    private static void answer(HTTPConnection connection, int code, String message, Map<String, String> headers) {
        Response response = connection.response();
        if (response.ended()) {
            return;
        }
        if (response.headSent()) {
            response.abort(); // the client got a head that now lies; cutting it off is the honest answer
            return;
        }
        reset(response, code, headers);
        HTTPListener listener = connection.router().errorListener(code);
        if (listener != null) {
            try {
                listener.handle(connection);
                if (!response.ended()) {
                    connection.end();
                }
                return;
            } catch (Exception e) {
                LOG.error("the error listener for {} of {} {} failed; answering the default", code,
                        connection.method(), connection.url(), e);
                if (response.ended()) {
                    return;
                }
                if (response.headSent()) {
                    response.abort();
                    return;
                }
                reset(response, code, headers);
            }
        }
        connection.type("txt");
        connection.end(message != null ? message : code + " " + HTTPConnection.reason(code));
    }

    private static void reset(Response response, int code, Map<String, String> headers) {
        response.reset();
        response.status(code);
        headers.forEach(response::header);
    }
}

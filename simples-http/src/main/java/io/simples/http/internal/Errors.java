package io.simples.http.internal;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.simples.core.internal.Rejection;
import io.simples.core.internal.ResponseHeads;
import io.simples.http.HTTPConnection;
import io.simples.http.HTTPException;
import io.simples.http.HTTPListener;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become responses: an {@link HTTPException} answers with its
 * status (its message in {@code data().get("message")} for the router's error page), a session
 * store that failed with a 503 and {@code Retry-After}, anything else with a 500 (the failure in {@code data().get("error")}, reported to the router's error
 * listeners and logged). Error listeners that fail fall back to the default
 * answer, logged once. After the head was sent nothing can be answered: the connection closes.
 */
public final class Errors {

    private static final Logger LOG = LoggerFactory.getLogger(Errors.class);

    private Errors() {
    }

    /** Answers {@code connection} after {@code failure} escaped its listener or a middleware. */
    static void fail(Exchange exchange, Throwable failure) {
        if (failure instanceof HTTPException http) {
            answer(exchange, http.status(), http.getMessage());
            return;
        }
        HTTPConnection connection = exchange.connection();
        exchange.failed(failure);
        LOG.error("{} {} failed", connection.method(), connection.url(), failure);
        connection.data().put("error", failure);
        try {
            if (exchange.router() != null) {
                exchange.application().reportError(exchange.router(), connection, failure);
            }
        } catch (RuntimeException e) {
            LOG.error("an error listener failed too", e);
        }
        if (failure instanceof SessionWiring.StoreFailure) { // the store, not the application: try again soon
            answer(exchange, 503, "503 Service Unavailable: the session store is unavailable", Map.of("Retry-After", "1"));
            return;
        }
        boolean shown = exchange.application().development() && Development.local(exchange);
        answer(exchange, 500, shown ? Development.failure(failure) : null);
    }

    /** Answers with error {@code code}, through the router's listener for it or the default. */
    public static void answer(Exchange exchange, int code, String message) {
        answer(exchange, code, message, Map.of());
    }

    /** Answers a request a route refused (its listener for the code, or the rejection's text). */
    static void reject(Exchange exchange, Rejection rejection) {
        answer(exchange, rejection.code(), rejection.text(), rejection.headers());
    }

    /** Answers 405 with the {@code Allow} header. */
    static void methodNotAllowed(Exchange exchange, java.util.Set<String> allowed) {
        answer(exchange, 405, null, Map.of("Allow", String.join(", ", allowed)));
    }

    private static void answer(Exchange exchange, int code, String message, Map<String, String> headers) {
        Response response = exchange.response();
        HTTPConnection connection = exchange.connection();
        if (response.ended()) {
            return;
        }
        if (response.headSent()) {
            response.abort(); // the client got a head that now lies; cutting it off is the honest answer
            return;
        }
        reset(response, code, headers);
        HTTPListener listener = exchange.router() == null ? null
                : exchange.application().errorListener(exchange.router(), code);
        if (listener != null) {
            if (message != null) {
                connection.data().put("message", message); // what the default page would say: a 400's reason, say
            }
            try {
                listener.handle(connection);
                if (!response.ended()) {
                    response.end();
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
        response.type("txt").end(message != null ? message : code + " " + reason(code));
    }

    /** The reason phrase of a status code. */
    static String reason(int code) {
        return ResponseHeads.status(code).reasonPhrase();
    }

    private static void reset(Response response, int code, Map<String, String> headers) {
        response.reset();
        response.status(code);
        headers.forEach(response::header);
    }
}

package io.simples.http.internal;

import io.simples.http.HTTPConnection;
import io.simples.http.HTTPListener;
import io.simples.http.Middleware;
import java.util.List;

/**
 * Runs the middlewares of a request in order, then the route: a list and an index. Each step's
 * {@link Middleware.Next} runs the rest of the chain once; a middleware that returns having
 * neither called it nor answered the connection is a bug, reported with its name.
 */
final class Chain {

    private final List<Middleware> middlewares;
    private final HTTPConnection connection;
    private final Response response;
    private final HTTPListener route;

    Chain(List<Middleware> middlewares, HTTPConnection connection, Response response, HTTPListener route) {
        this.middlewares = middlewares;
        this.connection = connection;
        this.response = response;
        this.route = route;
    }

    public void run() throws Exception {
        proceed(0);
    }

    private void proceed(int index) throws Exception {
        if (index == middlewares.size()) {
            route.handle(connection);
            return;
        }
        Middleware middleware = middlewares.get(index);
        boolean[] called = {false};
        middleware.handle(connection, () -> {
            if (called[0]) {
                throw new IllegalStateException("middleware " + middleware + " called next.run() twice");
            }
            called[0] = true;
            proceed(index + 1);
        });
        if (!called[0] && !response.ended()) {
            throw new IllegalStateException("middleware " + middleware + " neither called next.run() nor"
                    + " ended the connection: call next.run() to go on, or answer (end, send, error) to stop");
        }
    }
}

package io.simples.http;

/**
 * What a route does with a request: {@code connection -> connection.end("Hello")}. It runs on a
 * handler thread (see {@link Server}), so it may block. The response ends when the listener
 * returns, if the listener did not end it; a listener that throws gives a 500.
 */
@FunctionalInterface
public interface HTTPListener {

    /**
     * Answers a request.
     *
     * @param connection the request and its response
     * @throws Exception anything: an {@link HTTPException} answers with its status, any other
     *                   failure with a 500
     */
    void handle(HTTPConnection connection) throws Exception;
}

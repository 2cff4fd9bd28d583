package io.simples.http;

/**
 * A step that runs before routing, in the order added: {@code (connection, next) -> { ...; next.run(); }}.
 * It either calls {@code next.run()} to go on — the rest of the chain and the route run inside
 * that call — or answers the connection itself (ends it, or calls {@code error(code)}) to stop
 * the chain. A middleware that returns having done neither is a bug, answered with a 500 that
 * names it.
 */
@FunctionalInterface
public interface Middleware {

    /**
     * Runs this step for a request: calls {@code next.run()} to go on, or answers the connection.
     *
     * @param connection the request and its response
     * @param next the rest of the chain and the route
     * @throws Exception anything: the request is answered as if its listener threw it
     */
    void handle(HTTPConnection connection, Next next) throws Exception;

    /** The rest of the chain. */
    @FunctionalInterface
    interface Next {

        /**
         * Runs the rest of the chain and the route; returns when they are done.
         *
         * @throws Exception what a later middleware or the route threw; let it through
         */
        void run() throws Exception;
    }
}

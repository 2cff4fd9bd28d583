package io.simples.http;

import io.simples.core.LoggerOptions;

/**
 * All options of a router at once, for {@link Router#config}. A {@code null} field leaves that
 * option as it is: inherited from the parent router unless this router set it.
 *
 * @param compression which responses are compressed (see {@link CompressionOptions})
 * @param cors which other origins may call the router from a browser (see {@link CorsOptions})
 * @param logger how requests are logged (see {@link LoggerOptions})
 * @param session which connections carry a session, and where it is stored (see {@link SessionOptions})
 * @param staticFiles which files are served from a directory (see {@link StaticOptions})
 * @param timeout when silent connections are closed (see {@link TimeoutOptions})
 */
public record RouterOptions(CompressionOptions compression, CorsOptions cors, LoggerOptions logger,
                            SessionOptions session, StaticOptions staticFiles, TimeoutOptions timeout) {

    /**
     * Everything inherited from the parent router (each field {@code null}).
     *
     * @return options that set nothing
     */
    public static RouterOptions inherit() {
        return new RouterOptions(null, null, null, null, null, null);
    }

    /**
     * These options with the compression option set.
     *
     * @param value the compression option, or {@code null} to inherit it
     * @return these options with {@code compression} set to {@code value}
     */
    public RouterOptions compression(CompressionOptions value) {
        return new RouterOptions(value, cors, logger, session, staticFiles, timeout);
    }

    /**
     * These options with the CORS option set.
     *
     * @param value the CORS option, or {@code null} to inherit it
     * @return these options with {@code cors} set to {@code value}
     */
    public RouterOptions cors(CorsOptions value) {
        return new RouterOptions(compression, value, logger, session, staticFiles, timeout);
    }

    /**
     * These options with the logger option set.
     *
     * @param value the logger option, or {@code null} to inherit it
     * @return these options with {@code logger} set to {@code value}
     */
    public RouterOptions logger(LoggerOptions value) {
        return new RouterOptions(compression, cors, value, session, staticFiles, timeout);
    }

    /**
     * These options with the session option set.
     *
     * @param value the session option, or {@code null} to inherit it
     * @return these options with {@code session} set to {@code value}
     */
    public RouterOptions session(SessionOptions value) {
        return new RouterOptions(compression, cors, logger, value, staticFiles, timeout);
    }

    /**
     * These options with the static files option set.
     *
     * @param value the static files option, or {@code null} to inherit it
     * @return these options with {@code staticFiles} set to {@code value}
     */
    public RouterOptions staticFiles(StaticOptions value) {
        return new RouterOptions(compression, cors, logger, session, value, timeout);
    }

    /**
     * These options with the timeout option set.
     *
     * @param value the timeout option, or {@code null} to inherit it
     * @return these options with {@code timeout} set to {@code value}
     */
    public RouterOptions timeout(TimeoutOptions value) {
        return new RouterOptions(compression, cors, logger, session, staticFiles, value);
    }

    /** This router's own settings over {@code parent}'s effective ones. */
    RouterOptions over(RouterOptions parent) {
        return new RouterOptions(
                compression != null ? compression : parent.compression,
                cors != null ? cors : parent.cors,
                logger != null ? logger : parent.logger,
                session != null ? session : parent.session,
                staticFiles != null ? staticFiles : parent.staticFiles,
                timeout != null ? timeout : parent.timeout);
    }

    /**
     * Every option at its own default (nothing inherited): what the server starts from.
     *
     * @return the default options, none of them {@code null}
     */
    public static RouterOptions defaults() {
        return new RouterOptions(CompressionOptions.defaults(), CorsOptions.defaults(), LoggerOptions.defaults(),
                SessionOptions.defaults(), StaticOptions.defaults(), TimeoutOptions.defaults());
    }
}

package io.simples.http;

import io.simples.core.LoggerOptions;

/**
 * All options of a router at once, for {@link Router#config}. A {@code null} field leaves that
 * option as it is: inherited from the parent router unless this router set it.
 */
public record RouterOptions(CompressionOptions compression, CorsOptions cors, LoggerOptions logger,
                            SessionOptions session, StaticOptions staticFiles, TimeoutOptions timeout) {

    /** Everything inherited from the parent router (each field {@code null}). */
    public static RouterOptions inherit() {
        return new RouterOptions(null, null, null, null, null, null);
    }

    public RouterOptions compression(CompressionOptions value) {
        return new RouterOptions(value, cors, logger, session, staticFiles, timeout);
    }

    public RouterOptions cors(CorsOptions value) {
        return new RouterOptions(compression, value, logger, session, staticFiles, timeout);
    }

    public RouterOptions logger(LoggerOptions value) {
        return new RouterOptions(compression, cors, value, session, staticFiles, timeout);
    }

    public RouterOptions session(SessionOptions value) {
        return new RouterOptions(compression, cors, logger, value, staticFiles, timeout);
    }

    public RouterOptions staticFiles(StaticOptions value) {
        return new RouterOptions(compression, cors, logger, session, value, timeout);
    }

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

    /** Every option at its own default (nothing inherited): what the server starts from. */
    public static RouterOptions defaults() {
        return new RouterOptions(CompressionOptions.defaults(), CorsOptions.defaults(), LoggerOptions.defaults(),
                SessionOptions.defaults(), StaticOptions.defaults(), TimeoutOptions.defaults());
    }
}

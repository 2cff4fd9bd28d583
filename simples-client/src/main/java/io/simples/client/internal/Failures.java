package io.simples.client.internal;

import io.netty.handler.codec.DecoderException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ProtocolException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.CompletionException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * What a failed request gives its caller: one specific exception type per cause, the JDK's own
 * (as {@code java.net.http} gives them), each naming the URL and keeping the original as its
 * cause. Unknown host: {@link UnknownHostException}; refused: {@link ConnectException}; no
 * connection in time: {@link HttpConnectTimeoutException}; no answer in time:
 * {@link HttpTimeoutException}; TLS: {@link SSLHandshakeException} or {@link SSLException}; an
 * answer that is not HTTP: {@link ProtocolException}; anything else on the wire: {@link IOException}.
 */
final class Failures {

    private Failures() {
    }

    static Throwable of(Throwable failure, URI url) {
        Throwable cause = failure;
        while ((cause instanceof DecoderException || cause instanceof CompletionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof HttpTimeoutException || cause instanceof IllegalStateException) {
            return cause; // ours already (a timeout, a closed client)
        }
        Throwable mapped;
        if (cause instanceof java.util.concurrent.TimeoutException) { // the pool's: every connection busy all along
            mapped = new HttpTimeoutException("no free connection to " + Origin.of(url) + " in time: " + url);
        } else if (cause instanceof io.netty.channel.ConnectTimeoutException) {
            mapped = new HttpConnectTimeoutException("no connection to " + Origin.of(url) + " in time: " + url);
        } else if (cause instanceof UnknownHostException) {
            mapped = new UnknownHostException("unknown host " + url.getHost() + ": " + url);
        } else if (cause instanceof ConnectException) {
            mapped = new ConnectException("connection refused by " + Origin.of(url) + ": " + url);
        } else if (cause instanceof SSLHandshakeException || cause instanceof SSLException && failure instanceof DecoderException) {
            mapped = new SSLHandshakeException("TLS with " + Origin.of(url) + " failed (" + cause.getMessage() + "): " + url);
        } else if (cause instanceof SSLException) {
            mapped = new SSLException("TLS with " + Origin.of(url) + " failed (" + cause.getMessage() + "): " + url);
        } else if (failure instanceof DecoderException) {
            mapped = new ProtocolException("not a valid HTTP response (" + cause.getMessage() + "): " + url);
        } else if (cause instanceof ProtocolException) {
            mapped = new ProtocolException(cause.getMessage() + ": " + url);
        } else if (cause instanceof IOException && cause.getMessage() != null && cause.getMessage().endsWith(url.toString())) {
            return cause; // ours, naming the URL already
        } else {
            mapped = new IOException(cause.getClass().getSimpleName() + " (" + cause.getMessage() + "): " + url);
        }
        mapped.initCause(cause);
        return mapped;
    }

    /** An answer the HTTP decoder could not read. */
    static ProtocolException invalid(Throwable cause, URI url) {
        ProtocolException invalid = new ProtocolException("not a valid HTTP response (" + cause.getMessage() + "): " + url);
        invalid.initCause(cause);
        return invalid;
    }
}

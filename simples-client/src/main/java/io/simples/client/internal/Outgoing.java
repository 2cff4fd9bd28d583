package io.simples.client.internal;

import io.netty.handler.codec.http.HttpHeaders;
import java.net.URI;
import java.time.Duration;
import java.util.Set;

/**
 * One request as the client sends it: method, absolute URL, the caller's headers, body, and how
 * long its response may take.
 */
public record Outgoing(String method, URI url, HttpHeaders headers, Body body, Duration timeout) {

    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE");

    /** True when sending it twice does what sending it once does (RFC 9110 §9.2.2): such a request may be retried. */
    public boolean idempotent() {
        return IDEMPOTENT.contains(method) && body.replayable();
    }
}

package io.simples.client.internal;

import io.netty.handler.codec.http.HttpHeaders;
import java.net.URI;
import java.nio.file.Path;

/**
 * A response as the client got it: status, headers, the body in memory (empty when it went to a
 * file or a subscriber), the file it went to, and the URL that answered (after redirects).
 */
public record Received(int status, HttpHeaders headers, byte[] body, Path file, URI url) {
}

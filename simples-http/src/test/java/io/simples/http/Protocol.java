package io.simples.http;

import java.net.http.HttpClient;

/**
 * The protocols the HTTP suite runs over, as clients speak them: HTTP/1.1 in clear, and HTTP/2
 * over TLS chosen by ALPN (what browsers do; the JDK's client sends every request of a test,
 * bodies too, as HTTP/2 streams on one connection). A test class runs over both with
 * {@code @ParameterizedClass @EnumSource(Protocol.class)}.
 */
enum Protocol {
    HTTP_1_1(HttpClient.Version.HTTP_1_1, "http"),
    HTTP_2(HttpClient.Version.HTTP_2, "https");

    final HttpClient.Version version;
    final String scheme;

    Protocol(HttpClient.Version version, String scheme) {
        this.version = version;
        this.scheme = scheme;
    }

    /** {@code options} as this protocol needs them: HTTP/2 adds the test certificate (ALPN offers h2). */
    ServerOptions options(ServerOptions options) {
        return this == HTTP_2 ? options.https(TestCertificate.https()) : options;
    }

    /** A client builder that speaks this protocol to a server of {@link #options}. */
    HttpClient.Builder client() {
        HttpClient.Builder builder = HttpClient.newBuilder().version(version);
        return this == HTTP_2 ? builder.sslContext(TestCertificate.trusting()) : builder;
    }

    /** Whether raw HTTP/1.1 bytes on a socket reach this protocol's server as they would a client's. */
    boolean speaksRawHttp1() {
        return this == HTTP_1_1;
    }
}

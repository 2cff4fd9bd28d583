package io.simples.http;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A started server on an ephemeral port and clients for it: the JDK's HttpClient speaking the
 * test's {@link Protocol} (HTTP/1.1 unless the test says), and raw sockets for what clients will
 * not send. Every answer {@link #send} returns came in that protocol. Always stops the server on
 * close.
 */
final class TestServer implements AutoCloseable {

    final Protocol protocol;
    final Server server;
    final HttpClient client;

    TestServer() {
        this(Protocol.HTTP_1_1);
    }

    TestServer(ServerOptions options) {
        this(Protocol.HTTP_1_1, options);
    }

    TestServer(Protocol protocol) {
        this(protocol, ServerOptions.defaults());
    }

    TestServer(Protocol protocol, ServerOptions options) {
        this.protocol = protocol;
        this.server = Simples.server(protocol.options(options).port(0));
        this.client = protocol.client().connectTimeout(Duration.ofSeconds(5)).build();
    }

    static TestServer with(Consumer<Server> routes) {
        return with(Protocol.HTTP_1_1, routes);
    }

    static TestServer with(Protocol protocol, Consumer<Server> routes) {
        TestServer test = new TestServer(protocol);
        routes.accept(test.server);
        return test;
    }

    /** The scheme and authority of the server, for a client of the test's protocol. */
    String origin() {
        return protocol.scheme + "://127.0.0.1:" + server.port();
    }

    URI uri(String path) {
        return URI.create(origin() + path);
    }

    /** A raw HTTP/2 connection to this server over TLS (ALPN h2), for what the JDK's client will not send. */
    Http2Wire h2() {
        if (protocol != Protocol.HTTP_2) {
            throw new IllegalStateException("a raw HTTP/2 connection needs a test over Protocol.HTTP_2");
        }
        try {
            return Http2Wire.tls(server.port());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A WebSocket's address on this server: {@code wss} when the test's protocol runs over TLS. */
    URI webSocketUri(String path) {
        return URI.create(origin().replaceFirst("^http", "ws") + path);
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).build());
    }

    HttpResponse<String> request(String method, String path, String body) {
        return send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build());
    }

    HttpResponse<String> send(HttpRequest request) {
        return send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Sends with the test's client, and checks the answer came in the test's protocol. */
    <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body) {
        try {
            HttpResponse<T> response = client.send(request, body);
            if (response.version() != protocol.version) {
                throw new AssertionError("answered in " + response.version() + ", not " + protocol.version);
            }
            return response;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** Sends raw bytes and reads until the server closes or is silent for {@code silence}. */
    String raw(String request, Duration silence) {
        if (!protocol.speaksRawHttp1()) {
            throw new IllegalStateException("raw HTTP/1.1 bytes need a test over Protocol.HTTP_1_1");
        }
        return raw(server.port(), request.getBytes(StandardCharsets.ISO_8859_1), silence);
    }

    static String raw(int port, byte[] request, Duration silence) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout((int) silence.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    answer.write(buffer, 0, read);
                }
            } catch (SocketTimeoutException silent) {
                // the server keeps the connection open: what came so far is the answer
            } catch (IOException reset) {
                // closed hard after answering
            }
            return answer.toString(StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Runs a client tool (curl, h2load) to its end and returns what it printed. A tool that is
     * not installed skips the test, unless the run requires the HTTP/2 clients (CI does).
     */
    static String run(String... command) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) { // a tool missing: skipped, unless the run requires the HTTP/2 clients (CI does)
            if ("1".equals(System.getenv("SIMPLES_REQUIRE_HTTP2_CLIENTS"))) {
                throw new AssertionError("SIMPLES_REQUIRE_HTTP2_CLIENTS=1 but " + command[0] + " cannot run", e);
            }
            assumeTrue(false, command[0] + " is not installed (Debian: curl, nghttp2-client)");
            throw e;
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), command[0] + " did not end");
        return output;
    }

    /**
     * A GET by curl as if {@code authority} were this server's name ({@code --connect-to}), in
     * the test's protocol: HTTP/2's {@code :authority}, HTTP/1.1's {@code Host}. Returns the body.
     */
    String curlAs(String authority, String path) {
        String url = protocol.scheme + "://" + authority + path;
        try {
            return run("curl", "-sS", "--max-time", "10", "-k", protocol == Protocol.HTTP_2 ? "--http2" : "--http1.1",
                    "--connect-to", "::127.0.0.1:" + server.port(), url);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        server.stop();
        server.mirrors().forEach(Mirror::stop);
    }
}

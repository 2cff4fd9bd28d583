package io.simples.http;

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
import java.util.function.Consumer;

/**
 * A started server on an ephemeral port and clients for it: the JDK's HttpClient, and raw
 * sockets for what clients will not send. Always stops the server on close.
 */
final class TestServer implements AutoCloseable {

    final Server server;
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    TestServer() {
        this(ServerOptions.defaults());
    }

    TestServer(ServerOptions options) {
        server = Simples.server(options.port(0));
    }

    static TestServer with(Consumer<Server> routes) {
        TestServer test = new TestServer();
        routes.accept(test.server);
        return test;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
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
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** Sends raw bytes and reads until the server closes or is silent for {@code silence}. */
    String raw(String request, Duration silence) {
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

    @Override
    public void close() {
        server.stop();
        server.mirrors().forEach(Mirror::stop);
    }
}

package io.simples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.simples.client.Client;
import io.simples.client.ClientOptions;
import io.simples.client.ClientResponse;
import io.simples.client.ClientTrust;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java client against servers that are not ours: the JDK's HttpServer (pooling counted on the
 * server's side), and sockets that answer what a broken or hostile server would; TLS trust.
 */
@Timeout(60)
class ClientWireTest {


    static {
        // the JDK's server writes a head and its body in two packets: without this, Nagle's
        // algorithm holds the body until the client's delayed ACK (40 ms a request)
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    @TempDir
    Path dir;

    static Throwable failure(CompletableFuture<?> future) {
        return assertThrows(CompletionException.class, future::join).getCause();
    }

    @Test
    void a_client_closed_with_idle_connections_while_it_holds_the_event_loops_alone_frees_them() throws Exception {
        HttpServer jdk = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
        jdk.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, 2);
            exchange.getResponseBody().write("ok".getBytes(StandardCharsets.UTF_8));
            exchange.close();
        });
        jdk.start();
        try {
            String url = "http://127.0.0.1:" + jdk.getAddress().getPort() + "/";
            for (int i = 0; i < 30; i++) { // each close stops the loops with the pool's open connections still to close
                Client client = Client.create(ClientOptions.defaults().connectionsPerOrigin(4));
                List<CompletableFuture<ClientResponse>> answers = new ArrayList<>();
                for (int j = 0; j < 4; j++) {
                    answers.add(client.get(url).send());
                }
                answers.forEach(answer -> assertEquals("ok", answer.join().text()));
                client.close();
            }
            // the connections a pool closes on Netty's one global executor thread (which waits for each) are closed
            // before the loops stop, or that thread waits for good and all that hands it tasks after (Lettuce) hangs
            assertTrue(GlobalEventExecutor.INSTANCE.submit(() -> { }).await(5, TimeUnit.SECONDS),
                    "Netty's global executor is still busy closing a pool's connection");
        } finally {
            jdk.stop(0);
        }
    }

    @Test
    void requests_reuse_pooled_connections_within_the_limit() throws Exception {
        Set<Integer> peers = ConcurrentHashMap.newKeySet();
        HttpServer jdk = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
        jdk.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(16));
        jdk.createContext("/", exchange -> {
            peers.add(exchange.getRemoteAddress().getPort());
            byte[] body = (exchange.getRequestMethod() + " " + new String(exchange.getRequestBody().readAllBytes(),
                    StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        jdk.start();
        String url = "http://127.0.0.1:" + jdk.getAddress().getPort() + "/";
        try (Client client = Client.create(ClientOptions.defaults().connectionsPerOrigin(4))) {
            assertEquals("POST hello", client.post(url).body("hello").send().join().text());
            for (int i = 0; i < 1_000; i++) {
                assertEquals(200, client.get(url).send().join().status());
            }
            assertEquals(1, peers.size(), "1 000 sequential requests on one connection: " + peers);
            List<CompletableFuture<ClientResponse>> concurrent = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                concurrent.add(client.get(url).send());
            }
            concurrent.forEach(answer -> assertEquals(200, answer.join().status()));
            assertTrue(peers.size() <= 4, "at most 4 connections to one origin: " + peers.size());
        } finally {
            jdk.stop(0);
            ((java.util.concurrent.ExecutorService) jdk.getExecutor()).shutdownNow();
        }
    }

    /** A server on a socket whose connections each follow {@code script} (given the connection's number, from 0). */
    static final class Scripted implements AutoCloseable {

        final ServerSocket socket = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        final AtomicInteger accepted = new AtomicInteger();
        final Thread acceptor;

        Scripted(BiConsumer<Socket, Integer> script) throws IOException {
            acceptor = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket connection = socket.accept();
                        int number = accepted.getAndIncrement();
                        Thread worker = new Thread(() -> {
                            try (connection) {
                                script.accept(connection, number);
                            } catch (IOException ignored) {
                                // the client went away
                            }
                        });
                        worker.setDaemon(true);
                        worker.start();
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
        }

        String url(String path) {
            return "http://127.0.0.1:" + socket.getLocalPort() + path;
        }

        /** Reads one request head (no body expected). */
        static String readHead(Socket connection) {
            try {
                InputStream in = connection.getInputStream();
                ByteArrayOutputStream head = new ByteArrayOutputStream();
                while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                    int b = in.read();
                    if (b < 0) {
                        return null;
                    }
                    head.write(b);
                }
                return head.toString(StandardCharsets.ISO_8859_1);
            } catch (IOException e) {
                return null;
            }
        }

        static void write(Socket connection, String answer) {
            try {
                OutputStream out = connection.getOutputStream();
                out.write(answer.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            } catch (IOException ignored) {
                // the client went away
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

    /** The first connection answers one request, then closes on the next without a word; later ones answer all. */
    static Scripted closesAfterOne() throws IOException {
        return new Scripted((connection, number) -> {
            for (int request = 0; Scripted.readHead(connection) != null; request++) {
                if (number == 0 && request == 1) {
                    return; // an idle connection the server closed just as the client reused it
                }
                Scripted.write(connection, OK);
            }
        });
    }

    @Test
    void an_idempotent_request_on_a_connection_the_server_closed_is_retried_once_on_a_new_one() throws Exception {
        try (Scripted server = closesAfterOne(); Client client = Client.create()) {
            assertEquals("ok", client.get(server.url("/a")).send().join().text());
            assertEquals("ok", client.get(server.url("/b")).send().join().text(), "retried on a fresh connection");
            assertEquals(2, server.accepted.get());
        }
    }

    @Test
    void a_post_on_a_connection_the_server_closed_is_not_retried() throws Exception {
        try (Scripted server = closesAfterOne(); Client client = Client.create()) {
            assertEquals("ok", client.get(server.url("/a")).send().join().text());
            Throwable lost = failure(client.post(server.url("/b")).send());
            assertInstanceOf(IOException.class, lost);
            assertTrue(lost.getMessage().contains("closed before a response came") && lost.getMessage().contains("/b"),
                    lost.getMessage());
            assertEquals(1, server.accepted.get(), "a POST is never sent twice");
        }
    }

    @Test
    void what_is_not_http_fails_with_a_protocol_exception() throws Exception {
        try (Scripted server = new Scripted((connection, number) -> {
            Scripted.readHead(connection);
            Scripted.write(connection, "HELLO WORLD\r\n\r\n");
        }); Client client = Client.create()) {
            Throwable invalid = failure(client.get(server.url("/")).send());
            assertInstanceOf(ProtocolException.class, invalid);
            assertTrue(invalid.getMessage().contains(server.url("/")), invalid.getMessage());
        }
    }

    @Test
    void informational_answers_are_skipped_and_bodiless_ones_have_no_body() throws Exception {
        try (Scripted server = new Scripted((connection, number) -> {
            while (Scripted.readHead(connection) != null) {
                Scripted.write(connection, "HTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\n"
                        + "HTTP/1.1 204 No Content\r\n\r\n");
            }
        }); Client client = Client.create()) {
            ClientResponse answer = client.get(server.url("/")).send().join();
            assertEquals(204, answer.status());
            assertEquals(0, answer.bytes().length);
            assertEquals(204, client.get(server.url("/again")).send().join().status(), "the connection stays usable");
            assertEquals(1, server.accepted.get());
        }
    }

    @Test
    void connection_close_answers_are_not_pooled_and_a_304_has_no_body() throws Exception {
        try (Scripted server = new Scripted((connection, number) -> {
            String head = Scripted.readHead(connection);
            if (head != null && head.startsWith("GET /cached")) {
                Scripted.write(connection, "HTTP/1.1 304 Not Modified\r\nETag: \"1\"\r\nContent-Length: 5\r\nConnection: close\r\n\r\n");
            } else if (head != null) {
                Scripted.write(connection, "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nuntil the end");
            }
        }); Client client = Client.create()) {
            assertEquals("until the end", client.get(server.url("/a")).send().join().text(), "a body that ends with the connection");
            ClientResponse cached = client.get(server.url("/cached")).send().join();
            assertEquals(304, cached.status());
            assertEquals(0, cached.bytes().length, "a 304 has no body, whatever its Content-Length says");
            assertEquals("until the end", client.get(server.url("/b")).send().join().text());
            assertEquals(3, server.accepted.get(), "each answer closed its connection");
        }
    }

    @Test
    void unknown_hosts_refused_connections_and_silent_listeners_fail_with_their_own_exceptions() throws Exception {
        try (Client client = Client.create(ClientOptions.defaults().connectTimeout(Duration.ofMillis(500)))) {
            Throwable unknown = failure(client.get("http://no-such-host.invalid/x").send());
            assertInstanceOf(UnknownHostException.class, unknown);
            assertTrue(unknown.getMessage().contains("http://no-such-host.invalid/x"), unknown.getMessage());

            int closedPort;
            try (ServerSocket gone = new ServerSocket(0)) {
                closedPort = gone.getLocalPort();
            }
            Throwable refused = failure(client.get("http://127.0.0.1:" + closedPort + "/").send());
            assertInstanceOf(ConnectException.class, refused);
            assertTrue(refused.getMessage().contains(":" + closedPort), refused.getMessage());

            // a listener that never accepts, its queue full: the kernel drops further connection attempts
            try (ServerSocket deaf = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                List<Socket> queued = new ArrayList<>();
                try {
                    for (int i = 0; i < 4; i++) {
                        Socket filler = new Socket();
                        queued.add(filler);
                        try {
                            filler.connect(deaf.getLocalSocketAddress(), 200);
                        } catch (IOException full) {
                            break;
                        }
                    }
                    Throwable silent = failure(client.get("http://127.0.0.1:" + deaf.getLocalPort() + "/").send());
                    assertInstanceOf(HttpConnectTimeoutException.class, silent, String.valueOf(silent));
                } finally {
                    for (Socket filler : queued) {
                        filler.close();
                    }
                }
            }
        }
    }

    @Test
    void https_trusts_what_it_is_told_to_and_checks_the_host_name() throws Exception {
        Path pkcs12 = dir.resolve("server.p12");
        Path pem = dir.resolve("server.pem");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        TlsTest.run(keytool, "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", pkcs12.toString(), "-storepass", "changeit");
        TlsTest.run(keytool, "-exportcert", "-rfc", "-alias", "server", "-keystore", pkcs12.toString(),
                "-storepass", "changeit", "-file", pem.toString());
        Server server = Simples.server(ServerOptions.defaults().port(0).https(Https.pkcs12(pkcs12, "changeit")));
        server.get("/", c -> c.end("secure " + c.protocol()));
        String url = "https://127.0.0.1:" + server.port() + "/";
        try (Client system = Client.create();
             Client fromPkcs12 = Client.create(ClientOptions.defaults().trust(ClientTrust.pkcs12(pkcs12, "changeit")));
             Client fromPem = Client.create(ClientOptions.defaults().trust(ClientTrust.pem(pem)));
             Client insecure = Client.create(ClientOptions.defaults().trust(ClientTrust.insecureTrustAll()))) {
            assertEquals("secure https", fromPkcs12.get(url).send().join().text());
            assertEquals("secure https", fromPem.get(url).send().join().text());
            assertEquals("secure https", insecure.get(url).send().join().text());
            Throwable untrusted = failure(system.get(url).send());
            assertInstanceOf(SSLException.class, untrusted);
            assertTrue(untrusted.getMessage().contains(url), untrusted.getMessage());
            String otherName = "https://127.0.0.2:" + server.port() + "/";
            Throwable wrongName = failure(fromPem.get(otherName).send());
            assertInstanceOf(SSLException.class, wrongName, "127.0.0.2 is not in the certificate");
            assertEquals("secure https", insecure.get(otherName).send().join().text());
        } finally {
            server.stop();
        }
    }
}

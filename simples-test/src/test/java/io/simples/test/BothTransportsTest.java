package io.simples.test;

import static io.simples.session.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simples.client.Client;
import io.simples.client.ClientOptions;
import io.simples.client.ClientResponse;
import io.simples.client.ClientTrust;
import io.simples.http.CompressionOptions;
import io.simples.http.CorsOptions;
import io.simples.http.Https;
import io.simples.http.Limits;
import io.simples.http.Server;
import io.simples.http.ServerOptions;
import io.simples.http.SessionOptions;
import io.simples.http.TimeoutOptions;
import io.simples.session.Await;
import io.simples.ws.ClientConnection;
import io.simples.ws.WSOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The kit's promise: a test gets the same answers in process as over a socket, because both go
 * through the server's whole pipeline (the body limit is the codec's and BodyReader's, the session
 * and its cookie SessionWiring's, CORS and compression the exchange's, the WebSocket WSHost's).
 */
@Timeout(60)
class BothTransportsTest {

    static final String SHOP = "http://shop.example";

    /** A counter in the session, behind CORS for one other origin, with a 16-byte body limit, compressed when large. */
    static void routes(Server server) {
        server.session(SessionOptions.defaults().enabled(true));
        server.cors(CorsOptions.defaults().origins(SHOP).credentials(true));
        server.compression(CompressionOptions.defaults().enabled(true).minSize(100));
        server.post("/count", c -> {
            String by = c.body().text();
            int count = (Integer) c.session().getOrDefault("count", 0) + Integer.parseInt(by.trim());
            c.session().put("count", count);
            c.end("count " + count + " from " + c.ip());
        });
        server.get("/long", c -> c.end("x".repeat(1000)));
        server.ws("/count", WSOptions.defaults(), socket ->
                socket.onMessage(message -> socket.send("count " + socket.session().get("count"))));
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void a_route_with_a_session_cors_and_a_body_limit_answers_alike_over_both(Transport transport) throws Exception {
        ServerOptions options = ServerOptions.defaults().limits(Limits.defaults().bodySize(16));
        try (TestApp app = SimplesTest.start(options, BothTransportsTest::routes, transport)) {
            assertEquals(transport, app.transport());
            assertEquals(transport == Transport.IN_PROCESS, app.server().port() == -1, app.server().toString());
            List<String> answers = new ArrayList<>();
            answers.add(answer(await(app.post("/count").body("2").send())));
            answers.add(answer(await(app.post("/count").body("3").header("Origin", SHOP).send())));
            answers.add(answer(await(app.post("/count").body("1".repeat(17)).send())));           // over the limit
            answers.add(answer(await(app.request("OPTIONS", "/count").header("Origin", SHOP)
                    .header("Access-Control-Request-Method", "POST").send())));                    // a preflight
            answers.add(answer(await(app.request("OPTIONS", "/count").header("Origin", "http://evil.example")
                    .header("Access-Control-Request-Method", "POST").send())));
            assertEquals(List.of(
                    "200 count 2 from 127.0.0.1 cors=null",
                    "200 count 5 from 127.0.0.1 cors=" + SHOP,
                    "413 cors=null",
                    "204  cors=" + SHOP,
                    "403 cors=null"), answers.stream().map(BothTransportsTest::withoutReason).toList());

            Client raw = app.client(ClientOptions.defaults().decompress(false));
            ClientResponse compressed = await(raw.get(app.url("/long")).header("Accept-Encoding", "gzip").send());
            assertEquals("gzip", compressed.header("content-encoding"));
            assertEquals("x".repeat(1000), await(app.get("/long").send()).text(), "decompressed by the kit's client");

            BlockingQueue<String> heard = new LinkedBlockingQueue<>();
            ClientConnection socket = app.ws("/count").onMessage(message -> heard.add(message.text()));
            await(socket.open());
            socket.send("?");
            assertEquals("count 5", heard.poll(10, TimeUnit.SECONDS), "the WebSocket has the requests' session");
            socket.close();
            await(socket.closed());
        }
    }

    private static String answer(ClientResponse response) {
        String body = response.status() >= 400 ? "" : response.text();
        return response.status() + " " + body + " cors=" + response.header("access-control-allow-origin");
    }

    /** A refusal's body is the server's text; what matters here is its status and headers. */
    private static String withoutReason(String answer) {
        return answer.startsWith("4") ? answer.replaceAll("^(\\d+) .* cors=", "$1 cors=") : answer;
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void a_server_made_elsewhere_moves_in_process_or_keeps_its_port(Transport transport) {
        Server server = io.simples.http.Simples.server(0);
        int port = server.port();
        server.get("/", c -> c.end("here"));
        try (TestApp app = SimplesTest.start(server, transport)) {
            assertEquals("here", await(app.get("/").send()).text());
            assertEquals(transport == Transport.IN_PROCESS ? -1 : port, server.port());
            assertTrue(server.started());
        }
        assertTrue(!server.started(), "closing the app stops its server");
    }

    /** The clocks of both ends run on the event loop: in process, on the loop that parks without a time limit. */
    @ParameterizedTest
    @EnumSource(Transport.class)
    void the_clients_and_the_servers_timeouts_fire_alike_over_both(Transport transport) {
        // over a socket the server takes the client's close for a half-close and keeps /silent's response open: the
        // stop waits the grace period for it (in process it is a close, and the response is abandoned at once)
        try (TestApp app = SimplesTest.start(ServerOptions.defaults().gracePeriod(Duration.ofMillis(500)), server -> {
            server.get("/silent", c -> { }); // never answers
            server.router("/quiet").timeout(TimeoutOptions.of(Duration.ofMillis(300)).enabled(true)).get("/", c -> { });
        }, transport)) {
            long start = System.nanoTime();
            Throwable late = Await.failure(app.get("/silent").timeout(Duration.ofMillis(300)).send());
            assertTrue(late instanceof java.net.http.HttpTimeoutException, String.valueOf(late));
            Throwable closed = Await.failure(app.get("/quiet/").send());
            assertTrue(closed instanceof java.io.IOException, String.valueOf(closed));
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10), "timers fired in time");
        }
    }

    /** TLS is in the pipeline in process too: the handshake, the host name checked against the certificate, ALPN. */
    @ParameterizedTest
    @EnumSource(Transport.class)
    void https_goes_through_tls_over_both(Transport transport, @TempDir Path keys) throws Exception {
        Path store = keys.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", "changeit").redirectErrorStream(true).start();
        assertEquals(0, keytool.waitFor(), new String(keytool.getInputStream().readAllBytes()));
        ServerOptions options = ServerOptions.defaults().https(Https.pkcs12(store, "changeit"));
        try (TestApp app = SimplesTest.start(options, server -> server.get("/", c -> c.end(c.protocol())), transport)) {
            assertTrue(app.url("/").startsWith("https://localhost"), app.url("/"));
            Client trusting = app.client(ClientOptions.defaults().trust(ClientTrust.pkcs12(store, "changeit")));
            assertEquals("https", await(trusting.get(app.url("/")).send()).text());
            Throwable refused = Await.failure(app.get("/").send()); // the system's trust knows no such certificate
            assertTrue(refused instanceof javax.net.ssl.SSLException, String.valueOf(refused));
        }
    }
}

package io.simples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Development mode shows stack traces and nearby routes to requests from this machine only, and
 * prints the route table; off, no stack trace ever reaches a client. The "another machine" is this
 * machine's own non-loopback address, which the server sees as a remote one.
 */
@Timeout(60)
class DevelopmentModeTest {

    private final HttpClient client = HttpClient.newHttpClient();

    private static Server server(boolean development) {
        Server server = Simples.server(ServerOptions.defaults().port(0).development(development));
        server.get("/boom", c -> {
            throw new IllegalStateException("the secret detail");
        });
        server.get("/users", c -> c.end("users"));
        server.get("/users/:id", c -> c.end("a user"));
        server.post("/users", c -> c.end("made"));
        server.get("/about", c -> c.end("about"));
        return server;
    }

    private HttpResponse<String> get(String host, Server server, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://" + host + ":" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void a_local_request_sees_the_stack_trace_and_the_nearest_routes() throws Exception {
        Server server = server(true);
        PrintStream out = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            HttpResponse<String> failed = get("127.0.0.1", server, "/boom");
            assertEquals(500, failed.statusCode());
            assertTrue(failed.body().contains("java.lang.IllegalStateException: the secret detail"), failed.body());
            assertTrue(failed.body().contains("at io.simples.http.DevelopmentModeTest"), failed.body());

            HttpResponse<String> missing = get("127.0.0.1", server, "/usrs/7");
            assertEquals(404, missing.statusCode());
            assertTrue(missing.body().startsWith("404 Not Found: no route for GET /usrs/7"), missing.body());
            assertTrue(missing.body().contains("  GET /users/:id\n"), missing.body());
        } finally {
            System.setOut(out);
            server.stop();
        }
        String table = printed.toString(StandardCharsets.UTF_8);
        assertTrue(table.contains("GET     /users/:id"), table);
        assertTrue(table.contains("POST    /users"), table);
        assertEquals(1, table.split("routes:", -1).length - 1, "printed once, at the first request: " + table);
    }

    @Test
    void another_machine_never_sees_them() throws Exception {
        String address = nonLoopbackAddress();
        assumeTrue(address != null, "this machine has no non-loopback IPv4 address");
        Server server = server(true);
        try {
            HttpResponse<String> failed = get(address, server, "/boom");
            assertEquals(500, failed.statusCode());
            assertEquals("500 Internal Server Error", failed.body());
            HttpResponse<String> missing = get(address, server, "/usrs/7");
            assertEquals("404 Not Found", missing.body());
        } finally {
            server.stop();
        }
    }

    @Test
    void off_no_stack_trace_reaches_even_a_local_client() throws Exception {
        Server server = server(false);
        try {
            HttpResponse<String> failed = get("127.0.0.1", server, "/boom");
            assertEquals(500, failed.statusCode());
            assertEquals("500 Internal Server Error", failed.body());
            assertFalse(failed.body().contains("secret"));
            assertEquals("404 Not Found", get("127.0.0.1", server, "/usrs/7").body());
        } finally {
            server.stop();
        }
    }

    private static String nonLoopbackAddress() throws Exception {
        for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!network.isUp() || network.isLoopback()) {
                continue;
            }
            for (InetAddress address : Collections.list(network.getInetAddresses())) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress() && !address.isLinkLocalAddress()) {
                    return address.getHostAddress();
                }
            }
        }
        return null;
    }
}

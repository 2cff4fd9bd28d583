package io.simples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

@ParameterizedClass
@EnumSource(Protocol.class)
@Timeout(60)
class VirtualHostTest {

    @Parameter
    Protocol protocol;

    /** HTTP/1.1: the JDK's client with a Host header; HTTP/2: curl, whose :authority is the name (a Host unlike it is malformed, RFC 9113 §8.3.1). */
    String as(TestServer test, String host, String path) {
        return protocol.speaksRawHttp1() ? test.send(HttpRequest.newBuilder(test.uri(path)).header("Host", host).build()).body()
                : test.curlAs(host, path);
    }

    @Test
    void hosts_are_chosen_by_the_host_header() {
        try (TestServer test = new TestServer(protocol)) {
            test.server.get("/", c -> c.end("main"));
            test.server.host("example.com").get("/", c -> c.end("example " + c.hostname()));
            test.server.host("*.example.com").get("/", c -> c.end("wildcard " + c.hostname()));
            test.server.host("[::1]").get("/", c -> c.end("ipv6"));

            assertEquals("example example.com", as(test, "example.com", "/"));
            assertEquals("example example.com", as(test, "EXAMPLE.com:8080", "/"), "port and case are ignored");
            assertEquals("wildcard api.example.com", as(test, "api.example.com", "/"));
            assertEquals("wildcard a.b.example.com", as(test, "a.b.example.com:1", "/"));
            assertEquals("ipv6", as(test, "[::1]:8080", "/"));
            assertEquals("main", as(test, "other.org", "/"), "unknown hosts fall to the main host");
            assertEquals("main", test.get("/").body());
        }
    }

    @Test
    void a_host_has_its_own_routes_and_the_same_name_gives_the_same_host() {
        try (TestServer test = new TestServer(protocol)) {
            HTTPHost host = test.server.host("Example.com");
            assertSame(host, test.server.host("example.com"));
            assertEquals("example.com", host.name());
            host.get("/only-here", c -> c.end("here"));
            assertEquals(404, test.get("/only-here").statusCode());
            assertEquals("here", as(test, "example.com", "/only-here"));
            host.data().put("k", 1);
            assertEquals(1, host.data().get("k"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "exa mple.com", "example.com:8080", "http://example.com", "example.com/path",
            "-bad.com", "bad..com", "ex_ample.com"})
    void invalid_host_names_are_refused_with_the_reason(String name) {
        try (TestServer test = new TestServer(protocol)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> test.server.host(name));
            assertTrue(e.getMessage().contains("host name"), e.getMessage());
        }
    }
}

package io.simples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(Protocol.class)
@Timeout(60)
class CorsTest {

    @Parameter
    Protocol protocol;

    TestServer server(CorsOptions options) {
        TestServer test = new TestServer(protocol);
        if (options != null) {
            test.server.cors(options);
        }
        test.server.get("/data", c -> c.end("data"));
        test.server.put("/data", c -> c.end("put"));
        test.server.get("/fail", c -> c.error(500));
        return test;
    }

    static HttpResponse<String> simple(TestServer test, String path, String origin) {
        return test.send(HttpRequest.newBuilder(test.uri(path)).header("Origin", origin).build());
    }

    static HttpResponse<String> preflight(TestServer test, String origin, String method, String headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(test.uri("/data")).header("Origin", origin)
                .header("Access-Control-Request-Method", method).method("OPTIONS", HttpRequest.BodyPublishers.noBody());
        if (headers != null) {
            request.header("Access-Control-Request-Headers", headers);
        }
        return test.send(request.build());
    }

    static String header(HttpResponse<String> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    @Test
    void by_default_only_the_same_host_is_allowed() {
        try (TestServer test = server(null)) {
            String own = "http://127.0.0.1:" + test.server.port();
            assertEquals(own, header(simple(test, "/data", own), "access-control-allow-origin"));
            HttpResponse<String> foreign = simple(test, "/data", "https://other.example");
            assertEquals("data", foreign.body(), "the request is answered; the browser withholds it");
            assertEquals(null, header(foreign, "access-control-allow-origin"));
            assertEquals(403, preflight(test, "https://other.example", "GET", null).statusCode());
        }
    }

    @Test
    void listed_origins_get_headers_and_preflights_answered() {
        try (TestServer test = server(CorsOptions.defaults().origins("https://app.example").headers("X-Token").methods("GET", "PUT"))) {
            HttpResponse<String> ok = preflight(test, "https://app.example", "PUT", "x-token, content-type");
            assertEquals(204, ok.statusCode());
            assertEquals("https://app.example", header(ok, "access-control-allow-origin"));
            assertEquals("GET, PUT", header(ok, "access-control-allow-methods"));
            assertEquals("x-token, content-type", header(ok, "access-control-allow-headers"));
            assertEquals("600", header(ok, "access-control-max-age"));
            assertEquals("Origin", header(ok, "vary"));
            assertEquals(403, preflight(test, "https://app.example", "DELETE", null).statusCode(), "method not allowed");
            assertEquals(403, preflight(test, "https://app.example", "PUT", "x-other").statusCode(), "header not allowed");
            assertEquals(403, preflight(test, "https://evil.example", "GET", null).statusCode(), "origin not listed");

            HttpResponse<String> allowed = simple(test, "/data", "https://app.example");
            assertEquals("https://app.example", header(allowed, "access-control-allow-origin"));
            assertEquals("Origin", header(allowed, "vary"));
            assertEquals("https://app.example", header(simple(test, "/fail", "https://app.example"), "access-control-allow-origin"),
                    "error answers keep their CORS headers");
            assertEquals(null, header(simple(test, "/data", "https://evil.example"), "access-control-allow-origin"));
        }
    }

    @Test
    void a_leading_star_allows_any_origin_but_those_after_it() {
        try (TestServer test = server(CorsOptions.defaults().origins("*", "https://evil.example"))) {
            assertEquals("https://anyone.example", header(simple(test, "/data", "https://anyone.example"), "access-control-allow-origin"));
            assertEquals(null, header(simple(test, "/data", "https://evil.example"), "access-control-allow-origin"));
        }
        try (TestServer test = server(CorsOptions.defaults().origins("*"))) {
            assertEquals("*", header(simple(test, "/data", "https://anyone.example"), "access-control-allow-origin"));
        }
    }

    @Test
    void with_credentials_the_origin_is_echoed_never_star() {
        try (TestServer test = server(CorsOptions.defaults().origins("*").credentials(true))) {
            HttpResponse<String> response = simple(test, "/data", "https://app.example");
            assertEquals("https://app.example", header(response, "access-control-allow-origin"));
            assertEquals("true", header(response, "access-control-allow-credentials"));
        }
    }

    @Test
    void null_stands_for_local_files() {
        try (TestServer test = server(CorsOptions.defaults().origins("null"))) {
            assertEquals("null", header(simple(test, "/data", "null"), "access-control-allow-origin"));
        }
        try (TestServer test = server(null)) {
            assertFalse(simple(test, "/data", "null").headers().firstValue("access-control-allow-origin").isPresent());
        }
    }
}

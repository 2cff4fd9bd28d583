package io.simples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(Protocol.class)
@Timeout(60)
class RoutingTest {

    @Parameter
    Protocol protocol;

    @Test
    void fixed_parameter_and_wildcard_routes_answer() {
        try (TestServer test = TestServer.with(protocol, s -> s
                .get("users/admin", c -> c.end("admin"))
                .get("/users/:id", c -> c.end("user " + c.params().get("id")))
                .get("/users/:id/posts/:post", c -> c.end(c.params().get("id") + "/" + c.params().get("post")))
                .get("/files/*", c -> c.end("file " + c.params().get("*"))))) {
            assertEquals("admin", test.get("/users/admin").body(), "fixed beats dynamic");
            assertEquals("user 42", test.get("/users/42").body());
            assertEquals("user ünï", test.get("/users/%C3%BCn%C3%AF").body(), "parameters are decoded");
            assertEquals("7/hi", test.get("/users/7/posts/hi").body());
            assertEquals("file a/b/c.txt", test.get("/files/a/b/c.txt").body());
            assertEquals("admin", test.get("/users/admin/").body(), "a trailing slash is ignored");
            assertEquals(404, test.get("/users").statusCode());
        }
    }

    @Test
    void method_routes_win_over_all_and_fixed_all_over_dynamic_methods() {
        try (TestServer test = TestServer.with(protocol, s -> s
                .all("/thing", c -> c.end("all " + c.method()))
                .post("/thing", c -> c.end("post"))
                .get("/*", c -> c.end("spa"))
                .all("/login", c -> c.end("login " + c.method())))) {
            assertEquals("post", test.request("POST", "/thing", "").body());
            assertEquals("all PUT", test.request("PUT", "/thing", "").body());
            assertEquals("all GET", test.get("/thing").body());
            assertEquals("login GET", test.get("/login").body());
            assertEquals("spa", test.get("/anything/else").body());
        }
    }

    @Test
    void each_method_has_its_route() {
        try (TestServer test = TestServer.with(protocol, s -> s
                .get("/m", c -> c.end("get"))
                .post("/m", c -> c.end("post"))
                .put("/m", c -> c.end("put"))
                .patch("/m", c -> c.end("patch"))
                .delete("/m", c -> c.end("delete")))) {
            for (String method : new String[]{"GET", "POST", "PUT", "PATCH", "DELETE"}) {
                assertEquals(method.toLowerCase(), test.request(method, "/m", "").body());
            }
        }
    }

    @Test
    void head_is_answered_by_get_without_a_body() {
        try (TestServer test = TestServer.with(protocol, s -> s.get("/page", c -> c.end("twelve bytes")))) {
            HttpResponse<String> head = test.request("HEAD", "/page", null);
            assertEquals(200, head.statusCode());
            assertEquals("", head.body());
            assertEquals("12", head.headers().firstValue("content-length").orElse(""));
            if (protocol.speaksRawHttp1()) {
                String raw = test.raw("HEAD /page HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", java.time.Duration.ofSeconds(2));
                assertTrue(raw.endsWith("\r\n\r\n"), "no body bytes after the head: " + raw);
            }
        }
    }

    @Test
    void a_path_routed_only_under_other_methods_gets_405_with_allow() {
        try (TestServer test = TestServer.with(protocol, s -> s.get("/only", c -> c.end("x")).post("/only", c -> c.end("y")))) {
            HttpResponse<String> response = test.request("DELETE", "/only", null);
            assertEquals(405, response.statusCode());
            assertEquals("GET, HEAD, POST", response.headers().firstValue("allow").orElse(""));
            assertEquals(404, test.request("DELETE", "/other", null).statusCode());
        }
    }

    @Test
    void the_default_404_and_a_custom_one() {
        try (TestServer test = TestServer.with(protocol, s -> s.get("/", c -> c.end("home")))) {
            HttpResponse<String> missing = test.get("/missing");
            assertEquals(404, missing.statusCode());
            assertEquals("404 Not Found", missing.body());
            test.server.error(404, c -> c.end("nothing at " + c.path()));
            HttpResponse<String> custom = test.get("/missing");
            assertEquals(404, custom.statusCode());
            assertEquals("nothing at /missing", custom.body());
        }
    }

    @Test
    void routes_added_while_the_server_runs_are_served() {
        try (TestServer test = new TestServer(protocol)) {
            assertEquals(404, test.get("/late").statusCode());
            test.server.get("/late", c -> c.end("here"));
            assertEquals("here", test.get("/late").body());
        }
    }

    @Test
    void a_second_route_for_a_method_and_location_is_refused_when_it_is_added() {
        try (TestServer test = TestServer.with(protocol, server -> server.get("/a", c -> c.end("first")))) {
            IllegalStateException fixed = assertThrows(IllegalStateException.class, () -> test.server.get("/a/", c -> c.end("second")));
            assertTrue(fixed.getMessage().startsWith("GET /a is routed already"), fixed.getMessage());
            test.server.post("/a", c -> c.end("another method is another route"));
            test.server.get("/users/:id", c -> c.end("user " + c.params().get("id")));
            IllegalStateException shape = assertThrows(IllegalStateException.class,
                    () -> test.server.router("users").get(":other", c -> c.end("never reached")));
            assertTrue(shape.getMessage().contains("/users/:other is routed already (as /users/:id"), shape.getMessage());
            test.server.all("/users/:name", c -> c.end("all is a method of its own"));
            assertThrows(IllegalStateException.class, () -> test.server.all("/users/:x", c -> c.end("twice")));
            assertThrows(IllegalStateException.class, () -> test.server.get("/files/*", c -> c.end("one")).get("files/*", c -> c.end("two")));
            assertEquals("first", test.get("/a").body());
            assertEquals("user 7", test.get("/users/7").body());
        }
    }

    @Test
    void nested_routers_add_their_location() {
        try (TestServer test = new TestServer(protocol)) {
            Router api = test.server.router("api");
            Router v1 = api.router("/v1/");
            v1.get("users/:id", c -> c.end("v1 user " + c.params().get("id")));
            api.get("health", c -> c.end("ok"));
            assertEquals("v1 user 3", test.get("/api/v1/users/3").body());
            assertEquals("ok", test.get("/api/health").body());
            assertEquals(404, test.get("/v1/users/3").statusCode());
            assertEquals("/api/v1", v1.location());
            assertTrue(api.router("v1") == v1, "the same location gives the same router");
            assertThrows(IllegalArgumentException.class, () -> api.router(":id"));
        }
    }

    @Test
    void view_routes_render_with_the_engine_and_need_one() {
        try (TestServer test = new TestServer(protocol)) {
            IllegalStateException missing = assertThrows(IllegalStateException.class, () -> test.server.view("home"));
            assertTrue(missing.getMessage().contains("engine("), missing.getMessage());
            test.server.engine(TemplateEngine.of((view, imports) ->
                    view + ":" + imports.get("name") + ":" + (imports.get("connection") instanceof HTTPConnection)));
            test.server.get("/", test.server.view("home", c -> java.util.Map.of("name", c.query().getOrDefault("name", "?"))));
            Router child = test.server.router("child");
            child.get("/", child.view("inherited"));
            assertEquals("home:ada:true", test.get("/?name=ada").body());
            assertEquals("inherited:null:true", test.get("/child").body());
        }
    }

    @Test
    void dynamic_routes_are_tried_in_the_order_added_whatever_their_first_segment() {
        try (TestServer test = TestServer.with(protocol, s -> s
                .get("/a/:id", c -> c.end("a first"))
                .get("/*", c -> c.end("catch-all"))
                .get("/b/:id", c -> c.end("b after the catch-all"))
                .get("/:section/x", c -> c.end("section")))) {
            assertEquals("a first", test.get("/a/1").body());
            assertEquals("catch-all", test.get("/b/1").body(), "the catch-all was added before /b/:id");
            assertEquals("catch-all", test.get("/c/x").body());
        }
        try (TestServer test = TestServer.with(protocol, s -> s
                .get("/:section/x", c -> c.end("section " + c.params().get("section")))
                .get("/a/:id", c -> c.end("a")))) {
            assertEquals("section a", test.get("/a/x").body(), "a general route added first wins over an indexed one");
            assertEquals("a", test.get("/a/y").body());
        }
    }
}

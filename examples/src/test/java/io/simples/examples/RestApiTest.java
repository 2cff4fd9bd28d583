package io.simples.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simples.http.Server;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The REST example as a client uses it: CRUD, paging, problem documents, ETags, CORS. */
@Timeout(30)
class RestApiTest {

    static final String FRONT_END = "http://app.example";
    final HttpClient client = HttpClient.newHttpClient();
    final JsonMapper json = JsonMapper.builder().build();
    Server server;

    @BeforeEach
    void start() {
        server = RestApi.start(0, FRONT_END);
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    HttpResponse<String> call(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode body(HttpResponse<String> response) {
        return json.readTree(response.body());
    }

    @Test
    void create_read_update_delete() throws Exception {
        HttpResponse<String> created = call("POST", "/api/todos", "{\"title\":\"milk\"}", "Content-Type", "application/json");
        assertEquals(201, created.statusCode());
        assertEquals("/api/todos/1", created.headers().firstValue("location").orElseThrow());
        String etag = created.headers().firstValue("etag").orElseThrow();
        assertEquals("milk", body(created).get("title").asString());

        HttpResponse<String> read = call("GET", "/api/todos/1", null);
        assertEquals(etag, read.headers().firstValue("etag").orElseThrow());
        assertEquals(304, call("GET", "/api/todos/1", null, "If-None-Match", etag).statusCode());

        HttpResponse<String> updated = call("PUT", "/api/todos/1", "{\"title\":\"oat milk\",\"done\":true}", "If-Match", etag);
        assertEquals(200, updated.statusCode());
        assertTrue(body(updated).get("done").asBoolean());
        String newer = updated.headers().firstValue("etag").orElseThrow();

        HttpResponse<String> lost = call("PUT", "/api/todos/1", "{\"title\":\"soy milk\"}", "If-Match", etag);
        assertEquals(412, lost.statusCode(), "a client that read the old version must not overwrite the new one");
        assertEquals("application/problem+json", lost.headers().firstValue("content-type").orElseThrow().split(";")[0]);
        assertEquals("oat milk", body(call("GET", "/api/todos/1", null)).get("title").asString());

        assertEquals(412, call("DELETE", "/api/todos/1", null, "If-Match", etag).statusCode());
        assertEquals(204, call("DELETE", "/api/todos/1", null, "If-Match", newer).statusCode());
        HttpResponse<String> gone = call("GET", "/api/todos/1", null);
        assertEquals(404, gone.statusCode());
        assertEquals("no to-do 1", body(gone).get("detail").asString());
    }

    @Test
    void validation_failures_are_422_problem_documents_and_bad_inputs_400() throws Exception {
        HttpResponse<String> invalid = call("POST", "/api/todos", "{\"title\":\"  \"}");
        assertEquals(422, invalid.statusCode());
        JsonNode problem = body(invalid);
        assertEquals(422, problem.get("status").asInt());
        assertEquals("Unprocessable Content", problem.get("title").asString());
        assertEquals("title", problem.get("errors").get(0).get("field").asString());

        HttpResponse<String> notJson = call("POST", "/api/todos", "{\"title\":");
        assertEquals(400, notJson.statusCode());
        assertTrue(body(notJson).get("detail").asString().startsWith("the body is not valid JSON"), notJson.body());

        HttpResponse<String> badPage = call("GET", "/api/todos?page=two", null);
        assertEquals(400, badPage.statusCode());
        assertEquals("query parameter \"page\" must be an integer, not \"two\"", body(badPage).get("detail").asString());
        assertEquals(400, call("GET", "/api/todos/abc", null).statusCode());
    }

    @Test
    void lists_come_in_pages() throws Exception {
        for (int i = 1; i <= 25; i++) {
            call("POST", "/api/todos", "{\"title\":\"item " + i + "\"}");
        }
        JsonNode second = body(call("GET", "/api/todos?page=2&size=10", null));
        assertEquals(25, second.get("total").asInt());
        assertEquals(10, second.get("items").size());
        assertEquals("item 11", second.get("items").get(0).get("title").asString());
        assertEquals(5, body(call("GET", "/api/todos?page=3&size=10", null)).get("items").size());
        assertEquals(422, call("GET", "/api/todos?size=1000", null).statusCode());
    }

    @Test
    void the_front_end_origin_may_call_it_and_others_may_not() throws Exception {
        HttpResponse<String> preflight = call("OPTIONS", "/api/todos/1", null, "Origin", FRONT_END,
                "Access-Control-Request-Method", "PUT", "Access-Control-Request-Headers", "if-match, content-type");
        assertEquals(204, preflight.statusCode());
        assertEquals(FRONT_END, preflight.headers().firstValue("access-control-allow-origin").orElseThrow());
        HttpResponse<String> stranger = call("OPTIONS", "/api/todos/1", null, "Origin", "http://evil.example",
                "Access-Control-Request-Method", "PUT");
        assertEquals(403, stranger.statusCode());
        HttpResponse<String> list = call("GET", "/api/todos", null, "Origin", "http://evil.example");
        assertFalse(list.headers().firstValue("access-control-allow-origin").isPresent());
    }
}

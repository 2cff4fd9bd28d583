package io.simples.examples;

import static io.simples.session.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simples.client.ClientRequest;
import io.simples.client.ClientResponse;
import io.simples.test.SimplesExtension;
import io.simples.test.TestApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The REST example as a client uses it: CRUD, paging, problem documents, ETags, CORS. */
@Timeout(30)
class RestApiTest {

    static final String FRONT_END = "http://app.example";
    final JsonMapper json = JsonMapper.builder().build();

    /** An application of its own for each test (an instance field): the to-dos start empty. */
    @RegisterExtension
    final SimplesExtension restApi = SimplesExtension.of(() -> RestApi.start(0, FRONT_END));

    ClientResponse call(String method, String path, String body, String... headers) {
        ClientRequest request = restApi.app().request(method, path);
        if (body != null) {
            request.body(body);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return await(request.send());
    }

    JsonNode body(ClientResponse response) {
        return json.readTree(response.text());
    }

    @Test
    void create_read_update_delete() {
        ClientResponse created = call("POST", "/api/todos", "{\"title\":\"milk\"}", "Content-Type", "application/json");
        assertEquals(201, created.status());
        assertEquals("/api/todos/1", created.header("location"));
        String etag = created.header("etag");
        assertEquals("milk", body(created).get("title").asString());

        ClientResponse read = call("GET", "/api/todos/1", null);
        assertEquals(etag, read.header("etag"));
        assertEquals(304, call("GET", "/api/todos/1", null, "If-None-Match", etag).status());

        ClientResponse updated = call("PUT", "/api/todos/1", "{\"title\":\"oat milk\",\"done\":true}", "If-Match", etag);
        assertEquals(200, updated.status());
        assertTrue(body(updated).get("done").asBoolean());
        String newer = updated.header("etag");

        ClientResponse lost = call("PUT", "/api/todos/1", "{\"title\":\"soy milk\"}", "If-Match", etag);
        assertEquals(412, lost.status(), "a client that read the old version must not overwrite the new one");
        assertEquals("application/problem+json", lost.header("content-type").split(";")[0]);
        assertEquals("oat milk", body(call("GET", "/api/todos/1", null)).get("title").asString());

        assertEquals(412, call("DELETE", "/api/todos/1", null, "If-Match", etag).status());
        assertEquals(204, call("DELETE", "/api/todos/1", null, "If-Match", newer).status());
        ClientResponse gone = call("GET", "/api/todos/1", null);
        assertEquals(404, gone.status());
        assertEquals("no to-do 1", body(gone).get("detail").asString());
    }

    @Test
    void validation_failures_are_422_problem_documents_and_bad_inputs_400() {
        ClientResponse invalid = call("POST", "/api/todos", "{\"title\":\"  \"}");
        assertEquals(422, invalid.status());
        JsonNode problem = body(invalid);
        assertEquals(422, problem.get("status").asInt());
        assertEquals("Unprocessable Content", problem.get("title").asString());
        assertEquals("title", problem.get("errors").get(0).get("field").asString());

        ClientResponse notJson = call("POST", "/api/todos", "{\"title\":");
        assertEquals(400, notJson.status());
        assertTrue(body(notJson).get("detail").asString().startsWith("the body is not valid JSON"), notJson.text());

        ClientResponse badPage = call("GET", "/api/todos?page=two", null);
        assertEquals(400, badPage.status());
        assertEquals("query parameter \"page\" must be an integer, not \"two\"", body(badPage).get("detail").asString());
        assertEquals(400, call("GET", "/api/todos/abc", null).status());
    }

    @Test
    void lists_come_in_pages() {
        for (int i = 1; i <= 25; i++) {
            call("POST", "/api/todos", "{\"title\":\"item " + i + "\"}");
        }
        JsonNode second = body(call("GET", "/api/todos?page=2&size=10", null));
        assertEquals(25, second.get("total").asInt());
        assertEquals(10, second.get("items").size());
        assertEquals("item 11", second.get("items").get(0).get("title").asString());
        assertEquals(5, body(call("GET", "/api/todos?page=3&size=10", null)).get("items").size());
        assertEquals(422, call("GET", "/api/todos?size=1000", null).status());
    }

    @Test
    void the_front_end_origin_may_call_it_and_others_may_not() {
        ClientResponse preflight = call("OPTIONS", "/api/todos/1", null, "Origin", FRONT_END,
                "Access-Control-Request-Method", "PUT", "Access-Control-Request-Headers", "if-match, content-type");
        assertEquals(204, preflight.status());
        assertEquals(FRONT_END, preflight.header("access-control-allow-origin"));
        ClientResponse stranger = call("OPTIONS", "/api/todos/1", null, "Origin", "http://evil.example",
                "Access-Control-Request-Method", "PUT");
        assertEquals(403, stranger.status());
        ClientResponse list = call("GET", "/api/todos", null, "Origin", "http://evil.example");
        assertNull(list.header("access-control-allow-origin"));
    }
}

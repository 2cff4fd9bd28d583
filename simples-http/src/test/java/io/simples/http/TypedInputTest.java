package io.simples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** Route parameters, query parameters and headers as typed values: a table of good and bad inputs per type. */
@ParameterizedClass
@EnumSource(Protocol.class)
@Timeout(60)
class TypedInputTest {

    @Parameter
    Protocol protocol;

    enum Color { RED, GREEN }

    record Todo(String title, int priority) {
    }

    static final Map<String, Class<?>> TYPES = Map.ofEntries(Map.entry("string", String.class),
            Map.entry("int", int.class), Map.entry("Integer", Integer.class), Map.entry("long", long.class),
            Map.entry("double", double.class), Map.entry("boolean", boolean.class), Map.entry("uuid", UUID.class),
            Map.entry("color", Color.class), Map.entry("date", LocalDate.class), Map.entry("instant", Instant.class),
            Map.entry("decimal", BigDecimal.class));

    static TestServer test;

    @BeforeParameterizedClassInvocation
    static void start(Protocol protocol) {
        test = TestServer.with(protocol, server -> {
            server.get("/query/:type", c -> c.end(String.valueOf(c.query("v", TYPES.get(c.params().get("type"))))));
            server.get("/page", c -> c.end(String.valueOf(c.query("page", int.class, 1))));
            server.get("/items/:id", c -> c.end(String.valueOf(c.param("id", long.class) + 1)));
            server.get("/nothing/:id", c -> c.end(String.valueOf(c.param("other", long.class))));
            server.get("/header", c -> c.end(String.valueOf(c.requestHeader("X-Count", int.class))
                    + " " + c.requestHeader("X-Missing", int.class, 7)));
            server.post("/todo", c -> c.end(c.body().json(Todo.class).toString()));
            Router styled = server.router("styled");
            styled.error(400, c -> c.end("styled 400"));
            styled.get("/n", c -> c.end(String.valueOf(c.query("n", int.class))));
        });
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        test.close();
    }

    @ParameterizedTest(name = "{0} {1} -> {2} {3}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "string  | any thing               | 200 | any thing",
        "int     | 42                      | 200 | 42",
        "int     | -7                      | 200 | -7",
        "int     | ' 5 '                   | 200 | 5",
        "int     | 4.5                     | 400 | query parameter \"v\" must be an integer, not \"4.5\"",
        "int     | 99999999999             | 400 | query parameter \"v\" must be an integer, not \"99999999999\"",
        "int     | ''                      | 400 | query parameter \"v\" must be an integer, not \"\"",
        "Integer | 0x10                    | 400 | query parameter \"v\" must be an integer, not \"0x10\"",
        "long    | 99999999999             | 200 | 99999999999",
        "long    | abc                     | 400 | query parameter \"v\" must be an integer (64 bits), not \"abc\"",
        "double  | 2.5e3                   | 200 | 2500.0",
        "double  | NaN                     | 400 | query parameter \"v\" must be a number, not \"NaN\"",
        "boolean | TRUE                    | 200 | true",
        "boolean | yes                     | 400 | query parameter \"v\" must be true or false, not \"yes\"",
        "uuid    | 123e4567-e89b-12d3-a456-426614174000 | 200 | 123e4567-e89b-12d3-a456-426614174000",
        "uuid    | 1-1-1-1-1               | 400 | query parameter \"v\" must be a UUID, not \"1-1-1-1-1\"",
        "color   | green                   | 200 | GREEN",
        "color   | blue                    | 400 | query parameter \"v\" must be one of red, green, not \"blue\"",
        "date    | 2026-12-01              | 200 | 2026-12-01",
        "date    | 2026-02-30              | 400 | query parameter \"v\" must be a date (2026-12-31), not \"2026-02-30\"",
        "instant | 2026-12-01T10:15:30Z    | 200 | 2026-12-01T10:15:30Z",
        "instant | yesterday               | 400 | query parameter \"v\" must be an instant (2026-12-31T23:59:59Z), not \"yesterday\"",
        "decimal | 1.50                    | 200 | 1.50",
        "decimal | one                     | 400 | query parameter \"v\" must be a BigDecimal, not \"one\"",
    })
    void query_parameters(String type, String input, int status, String body) {
        HttpResponse<String> response = test.get("/query/" + type + "?v=" + URLEncoder.encode(input, StandardCharsets.UTF_8));
        assertEquals(status + " " + body, response.statusCode() + " " + response.body());
    }

    @Test
    void a_long_or_unprintable_bad_value_is_cut_short_in_the_answer() {
        HttpResponse<String> response = test.get("/query/int?v=" + "9".repeat(100) + "%01");
        assertEquals(400, response.statusCode());
        assertEquals("query parameter \"v\" must be an integer, not \"" + "9".repeat(40) + "…\"", response.body());
        assertEquals("query parameter \"v\" must be an integer, not \"a?b\"", test.get("/query/int?v=a%07b").body());
    }

    @Test
    void missing_inputs_are_400_unless_they_have_a_fallback() {
        assertEquals("400 query parameter \"v\" is required", status(test.get("/query/int")));
        assertEquals("200 1", status(test.get("/page")));
        assertEquals("200 3", status(test.get("/page?page=3")));
        assertEquals("400 query parameter \"page\" must be an integer, not \"x\"", status(test.get("/page?page=x")));
    }

    @Test
    void a_router_error_page_restyles_the_400() {
        assertEquals("400 styled 400", status(test.get("/styled/n?n=x")));
    }

    @Test
    void route_parameters_and_headers() {
        assertEquals("200 43", status(test.get("/items/42")));
        assertEquals("400 path parameter \"id\" must be an integer (64 bits), not \"forty\"", status(test.get("/items/forty")));
        assertEquals(500, test.get("/nothing/1").statusCode(), "a parameter the route does not have is our bug, not the client's");
        assertEquals("200 3 7", status(test.send(HttpRequest.newBuilder(test.uri("/header")).header("X-Count", "3").build())));
        assertEquals("400 header \"X-Count\" must be an integer, not \"many\"",
                status(test.send(HttpRequest.newBuilder(test.uri("/header")).header("X-Count", "many").build())));
        assertEquals("400 header \"X-Count\" is required", status(test.get("/header")));
    }

    @Test
    void a_json_body_that_does_not_fit_names_the_field_or_the_place() {
        assertEquals("200 Todo[title=milk, priority=2]", status(post("{\"title\":\"milk\",\"priority\":2}")));
        String wrongType = status(post("{\"title\":\"milk\",\"priority\":\"high\"}"));
        assertEquals("400 the body is not valid JSON for Todo at priority: ", wrongType.substring(0, wrongType.indexOf(':') + 2));
        String broken = status(post("{\"title\":\n \"milk\",, }"));
        assertEquals("400 the body is not valid JSON for Todo at line 2, column ", broken.substring(0, broken.indexOf("column ") + 7));
    }

    private HttpResponse<String> post(String json) {
        return test.send(HttpRequest.newBuilder(test.uri("/todo")).POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    private static String status(HttpResponse<String> response) {
        return response.statusCode() + " " + response.body();
    }
}

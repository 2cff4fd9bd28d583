package io.simples.examples;

import io.simples.http.CorsOptions;
import io.simples.http.HTTPConnection;
import io.simples.http.HTTPException;
import io.simples.http.Router;
import io.simples.http.Server;
import io.simples.http.Simples;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A JSON service: a to-do list in memory under {@code /api/todos}, for a browser front-end on
 * another origin. List with paging ({@code ?page=1&size=20}), get, create, update, delete.
 * Errors are RFC 9457 problem documents ({@code application/problem+json}): 422 with the fields
 * that failed validation, 404, 412. Reads carry an {@code ETag} and answer 304 to a matching
 * {@code If-None-Match}; an update or delete with an {@code If-Match} that no longer matches is
 * refused with 412 — another client changed the item first, and its change is not lost.
 *
 * <p>{@code mvn -B -ntp -q -pl examples -am test-compile exec:java -Dexample=io.simples.examples.RestApi},
 * then {@code curl -i localhost:8080/api/todos -d '{"title":"milk"}'}. The front-end's origin comes
 * from {@code CORS_ORIGIN} (http://localhost:3000 by default).
 */
public final class RestApi {

    /** One item; {@code version} moves with every change and makes its ETag. */
    public record Todo(long id, String title, boolean done, long version) {
        String etag() {
            return "\"" + id + "-" + version + "\"";
        }
    }

    /** What a client sends to create or update an item. */
    public record TodoInput(String title, Boolean done) {
    }

    private final Map<Long, Todo> todos = new ConcurrentSkipListMap<>();
    private final AtomicLong ids = new AtomicLong();

    private RestApi() {
    }

    public static void main(String[] args) {
        Server server = start(Integer.parseInt(System.getenv().getOrDefault("PORT", "8080")),
                System.getenv().getOrDefault("CORS_ORIGIN", "http://localhost:3000"));
        System.out.println("REST API on http://localhost:" + server.port() + "/api/todos");
    }

    /** Starts the service on {@code port} (0: an ephemeral one), for a front-end at {@code frontEnd}. */
    public static Server start(int port, String frontEnd) {
        RestApi api = new RestApi();
        Server server = Simples.server(port);
        Router todos = server.router("api/todos");
        todos.cors(CorsOptions.defaults().origins(frontEnd).headers("Content-Type", "If-Match", "If-None-Match"));
        todos.get("/", api::list);
        todos.post("/", api::create);
        todos.get("/:id", api::read);
        todos.put("/:id", api::update);
        todos.delete("/:id", api::remove);
        // every error of this API is a problem document, whatever raised it (a bad ?page= is a 400 from the framework)
        for (int status : new int[] {400, 404, 405, 412, 413, 415, 422, 500}) {
            todos.error(status, c -> problem(c, c.status(), String.valueOf(c.data().getOrDefault("message", "")), List.of()));
        }
        return server;
    }

    private void list(HTTPConnection c) {
        int page = c.query("page", int.class, 1);
        int size = c.query("size", int.class, 20);
        if (page < 1 || size < 1 || size > 100) {
            invalid(c, List.of(Map.of("field", "page/size", "message", "page ≥ 1, size 1 to 100")));
            return;
        }
        List<Todo> all = new ArrayList<>(todos.values());
        int from = (int) Math.min((long) (page - 1) * size, all.size());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", all.subList(from, Math.min(from + size, all.size())));
        body.put("page", page);
        body.put("size", size);
        body.put("total", all.size());
        c.send(body);
    }

    private void read(HTTPConnection c) {
        Todo todo = find(c);
        c.header("ETag", todo.etag());
        if (todo.etag().equals(c.headers().get("if-none-match"))) {
            c.status(304).end();
            return;
        }
        c.send(todo);
    }

    private void create(HTTPConnection c) {
        TodoInput input = c.body().json(TodoInput.class);
        List<Map<String, String>> errors = validate(input);
        if (!errors.isEmpty()) {
            invalid(c, errors);
            return;
        }
        long id = ids.incrementAndGet();
        Todo todo = new Todo(id, input.title().trim(), Boolean.TRUE.equals(input.done()), 1);
        todos.put(id, todo);
        c.status(201).header("Location", "/api/todos/" + id).header("ETag", todo.etag()).send(todo);
    }

    private void update(HTTPConnection c) {
        TodoInput input = c.body().json(TodoInput.class);
        List<Map<String, String>> errors = validate(input);
        if (!errors.isEmpty()) {
            invalid(c, errors);
            return;
        }
        long id = find(c).id();
        String expected = c.headers().get("if-match");
        Todo[] updated = new Todo[1];
        todos.computeIfPresent(id, (key, current) -> {
            if (expected != null && !expected.equals(current.etag())) {
                return current; // somebody else changed it since this client read it
            }
            updated[0] = new Todo(id, input.title().trim(),
                    input.done() != null ? input.done() : current.done(), current.version() + 1);
            return updated[0];
        });
        if (updated[0] == null) {
            preconditionFailed(c, id);
            return;
        }
        c.header("ETag", updated[0].etag()).send(updated[0]);
    }

    private void remove(HTTPConnection c) {
        Todo todo = find(c);
        String expected = c.headers().get("if-match");
        boolean removed = expected == null ? todos.remove(todo.id()) != null
                : todos.computeIfPresent(todo.id(), (key, current) -> expected.equals(current.etag()) ? null : current) == null;
        if (!removed) {
            preconditionFailed(c, todo.id());
            return;
        }
        c.status(204).end();
    }

    private Todo find(HTTPConnection c) {
        Todo todo = todos.get(c.param("id", long.class));
        if (todo == null) {
            throw new HTTPException(404, "no to-do " + c.params().get("id"));
        }
        return todo;
    }

    private static List<Map<String, String>> validate(TodoInput input) {
        List<Map<String, String>> errors = new ArrayList<>();
        if (input == null || input.title() == null || input.title().isBlank()) {
            errors.add(Map.of("field", "title", "message", "is required"));
        } else if (input.title().length() > 200) {
            errors.add(Map.of("field", "title", "message", "is longer than 200 characters"));
        }
        return errors;
    }

    private static void invalid(HTTPConnection c, List<Map<String, String>> errors) {
        problem(c, 422, "the to-do is not valid", errors);
    }

    private static void preconditionFailed(HTTPConnection c, long id) {
        problem(c, 412, "to-do " + id + " changed since you read it: read it again, then retry", List.of());
    }

    /** An RFC 9457 problem document. */
    private static void problem(HTTPConnection c, int status, String detail, List<Map<String, String>> errors) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", switch (status) {
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 412 -> "Precondition Failed";
            case 422 -> "Unprocessable Content";
            default -> "Error " + status;
        });
        problem.put("status", status);
        problem.put("detail", detail);
        if (!errors.isEmpty()) {
            problem.put("errors", errors);
        }
        c.status(status).type("application/problem+json").send(problem);
    }
}

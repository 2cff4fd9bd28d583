package io.simples.examples;

import io.simples.session.Await;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Headless Chromium (Debian's package) driven over the Chrome DevTools protocol with the JDK's
 * WebSocket client: no driver, nothing downloaded. Each {@link Page} lives in its own browser
 * context, so two pages are two users with their own cookies.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");

    private final Process process;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

    private Browser(Process process, String endpoint) throws Exception {
        this.process = process;
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create(endpoint), new Replies()).get(30, TimeUnit.SECONDS);
    }

    static boolean installed() {
        return Files.isExecutable(CHROMIUM);
    }

    /** Skips the calling test class without Chromium, or fails it when {@code SIMPLES_REQUIRE_BROWSER=1}. */
    static void requireOrSkip() {
        if (!installed()) {
            if ("1".equals(System.getenv("SIMPLES_REQUIRE_BROWSER"))) {
                Assertions.fail("SIMPLES_REQUIRE_BROWSER=1 but " + CHROMIUM + " is missing");
            }
            Assumptions.assumeTrue(false, "no " + CHROMIUM + ": apt-get install chromium to run the browser test");
        }
    }

    static Browser launch(Path userData, String... flags) throws Exception {
        List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + userData, "--remote-debugging-port=0"));
        command.addAll(List.of(flags));
        command.add("about:blank");
        Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader errors = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> endpoint = CompletableFuture.supplyAsync(() -> {
            try {
                String line;
                StringBuilder seen = new StringBuilder();
                while ((line = errors.readLine()) != null) {
                    Matcher matcher = LISTENING.matcher(line);
                    if (matcher.find()) {
                        Thread drain = new Thread(() -> errors.lines().forEach(ignored -> { }));
                        drain.setDaemon(true);
                        drain.start();
                        return matcher.group(1);
                    }
                    seen.append(line).append('\n');
                }
                throw new IllegalStateException("chromium exited before listening:\n" + seen);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            return new Browser(process, endpoint.get(60, TimeUnit.SECONDS));
        } catch (Exception e) {
            process.destroyForcibly();
            throw e;
        }
    }

    /** A new page, in a new browser context (its own cookies), at {@code url}. */
    Page open(String url) throws Exception {
        String context = call(null, "Target.createBrowserContext", Map.of()).get("browserContextId").asString();
        String target = call(null, "Target.createTarget", Map.of("url", url, "browserContextId", context))
                .get("targetId").asString();
        String session = call(null, "Target.attachToTarget", Map.of("targetId", target, "flatten", true))
                .get("sessionId").asString();
        return new Page(session);
    }

    JsonNode call(String session, String method, Map<String, Object> params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        Map<String, Object> message = new java.util.HashMap<>(Map.of("id", id, "method", method, "params", params));
        if (session != null) {
            message.put("sessionId", session);
        }
        socket.sendText(JSON.writeValueAsString(message), true).get(10, TimeUnit.SECONDS);
        JsonNode answer = reply.get(30, TimeUnit.SECONDS);
        if (answer.has("error")) {
            throw new IllegalStateException(method + " failed: " + answer.get("error"));
        }
        return answer.get("result");
    }

    /** One tab. */
    final class Page {
        private final String session;

        Page(String session) {
            this.session = session;
        }

        /** Evaluates {@code expression} (awaiting a promise) and returns its value, or null after an exception. */
        JsonNode eval(String expression) throws Exception {
            JsonNode result = call(session, "Runtime.evaluate",
                    Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
            return result.has("exceptionDetails") ? null : result.path("result").path("value");
        }

        /** Chooses {@code files} in the file input {@code selector}, as a user picking them in the dialog would. */
        void chooseFiles(String selector, List<Path> files) throws Exception {
            int document = call(session, "DOM.getDocument", Map.of()).path("root").path("nodeId").asInt();
            int input = call(session, "DOM.querySelector", Map.of("nodeId", document, "selector", selector))
                    .path("nodeId").asInt();
            call(session, "DOM.setFileInputFiles", Map.of("nodeId", input,
                    "files", files.stream().map(file -> file.toAbsolutePath().toString()).toList()));
        }

        /** Waits until {@code condition} is true in the page. */
        void waitFor(String condition, Duration limit) throws Exception {
            try {
                Await.poll(condition, limit, Duration.ofMillis(50), () -> {
                    JsonNode value = eval(condition);
                    return value != null && value.asBoolean(false);
                });
            } catch (AssertionError late) {
                JsonNode body = eval("document.body ? document.body.innerText : '(no body)'");
                throw new AssertionError("not true within " + limit + ": " + condition + "\npage: " + body, late);
            }
        }
    }

    /** Collects message fragments and completes the pending call each reply answers. */
    private final class Replies implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                JsonNode message = JSON.readTree(text.toString());
                text.setLength(0);
                if (message.has("id")) {
                    CompletableFuture<JsonNode> reply = pending.remove(message.get("id").asInt());
                    if (reply != null) {
                        reply.complete(message);
                    }
                }
            }
            webSocket.request(1);
            return null;
        }
    }

    /** Closes the browser and waits for every process it started (they write to the profile until they end). */
    @Override
    public void close() {
        List<ProcessHandle> helpers = process.descendants().toList();
        try {
            call(null, "Browser.close", Map.of());
        } catch (Exception e) {
            process.destroy();
        }
        socket.abort();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            for (ProcessHandle helper : helpers) {
                helper.destroy();
                helper.onExit().get(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("chromium did not exit", e);
        }
    }
}

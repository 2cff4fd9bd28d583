package io.simples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.simples.core.LoggerOptions;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/**
 * A response ends when something ends it, not when its listener returns: a listener may hand its
 * connection to another thread and end it there, with the session saved and the access log
 * written then. One that nothing ends keeps its client waiting (development mode names its
 * route); one whose connection is gone is abandoned, its request's buffers released.
 */
@ParameterizedClass
@EnumSource(Protocol.class)
@Timeout(60)
class ResponseEndTest {

    @Parameter
    Protocol protocol;

    private static ServerOptions options(boolean eventLoop) {
        return ServerOptions.defaults().port(0).eventLoopHandlers(eventLoop);
    }

    @ParameterizedTest(name = "event loop: {0}")
    @ValueSource(booleans = {false, true})
    void a_listener_may_end_its_response_on_another_thread_after_it_returned(boolean eventLoop) throws Exception {
        BlockingQueue<String> accessLog = new LinkedBlockingQueue<>();
        try (TestServer test = new TestServer(protocol, options(eventLoop))) {
            test.server.session(SessionOptions.defaults().enabled(true));
            test.server.logger(LoggerOptions.defaults().enabled(true).format("%method %path %status").sink(accessLog::add));
            test.server.get("/later", c -> {
                c.status(201);
                CompletableFuture.runAsync(() -> {
                    c.session().put("ended", "elsewhere"); // before the head goes: its cookie goes with it
                    c.write("begun there; ").end("ended there");
                }, CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS));
            });
            test.server.get("/read", c -> c.end(String.valueOf(c.session().get("ended"))));
            HttpResponse<String> later = test.get("/later");
            assertEquals(201, later.statusCode());
            assertEquals("begun there; ended there", later.body());
            assertEquals("GET /later 201", accessLog.poll(10, TimeUnit.SECONDS), "logged once ended, with its status");
            String cookie = later.headers().firstValue("set-cookie").orElseThrow().split(";")[0];
            HttpResponse<String> read = test.send(HttpRequest.newBuilder(test.uri("/read")).header("Cookie", cookie).build());
            assertEquals("elsewhere", read.body(), "the session was saved when the response ended, not when the listener returned");
        }
    }

    @Test
    void a_response_nothing_ends_waits_and_development_mode_names_its_route() throws Exception {
        BlockingQueue<String> warnings = new LinkedBlockingQueue<>();
        AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                if (event.getLevel() == Level.WARN) {
                    warnings.add(event.getFormattedMessage());
                }
            }
        };
        appender.start();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(appender);
        CompletableFuture<HTTPConnection> forgotten = new CompletableFuture<>();
        try (TestServer test = new TestServer(protocol, options(false).development(true))) {
            test.server.post("/items/:id", c -> {
                c.status(201); // and nothing ends it
                forgotten.complete(c);
            });
            CompletableFuture<HttpResponse<String>> answer = test.client.sendAsync(HttpRequest.newBuilder(test.uri("/items/7"))
                    .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
            String warning = warnings.poll(20, TimeUnit.SECONDS);
            assertTrue(warning != null && warning.startsWith("POST /items/7: the listener of route POST /items/:id returned"),
                    String.valueOf(warning));
            assertFalse(answer.isDone(), "an empty 201 was sent for a response nothing ended");
            forgotten.get().end("made at last");
            HttpResponse<String> made = answer.get(10, TimeUnit.SECONDS);
            assertEquals(201, made.statusCode());
            assertEquals("made at last", made.body());
        } finally {
            root.detachAppender(appender);
        }
    }

    @ParameterizedTest(name = "event loop: {0}")
    @ValueSource(booleans = {false, true})
    void a_response_whose_client_went_away_is_abandoned(boolean eventLoop) throws Exception {
        BlockingQueue<String> accessLog = new LinkedBlockingQueue<>();
        CompletableFuture<HTTPConnection> open = new CompletableFuture<>();
        try (TestServer test = new TestServer(protocol, options(eventLoop))) {
            test.server.logger(LoggerOptions.defaults().enabled(true).format("%method %path").sink(accessLog::add));
            test.server.post("/wait", c -> open.complete(c));
            if (protocol.speaksRawHttp1()) {
                try (Socket socket = new Socket("127.0.0.1", test.server.port())) {
                    socket.setSoLinger(true, 0); // its close resets the connection: a FIN alone is a half-close, still owed an answer
                    OutputStream out = socket.getOutputStream();
                    out.write("POST /wait HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    open.get(10, TimeUnit.SECONDS);
                }
            } else { // cancelling the client's exchange resets its stream (RST_STREAM CANCEL); the connection lives on
                CompletableFuture<HttpResponse<String>> waiting = test.client.sendAsync(HttpRequest.newBuilder(test.uri("/wait"))
                        .POST(HttpRequest.BodyPublishers.ofString("hello")).build(), HttpResponse.BodyHandlers.ofString());
                open.get(10, TimeUnit.SECONDS);
                waiting.cancel(true);
            }
            assertEquals("POST /wait", accessLog.poll(10, TimeUnit.SECONDS), "the exchange ended when its client went away");
            IllegalStateException late = assertThrows(IllegalStateException.class, () -> open.get().end("too late"));
            assertTrue(late.getMessage().contains("already ended"), late.getMessage());
            assertEquals(404, test.get("/missing").statusCode(), "and the server answers on");
        }
    }

    @Test
    void a_body_without_a_type_is_plain_text_so_reflected_input_is_never_html() {
        try (TestServer test = TestServer.with(protocol, server -> server.get("/hello/:name",
                c -> c.status(400).end("bad name: " + c.params().get("name"))))) {
            HttpResponse<String> answer = test.get("/hello/%3Cscript%3E");
            assertEquals(400, answer.statusCode());
            assertEquals("text/plain;charset=utf-8", answer.headers().firstValue("content-type").orElse(""));
            assertEquals("bad name: <script>", answer.body());
        }
    }
}

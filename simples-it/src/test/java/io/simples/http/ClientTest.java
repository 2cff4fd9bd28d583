package io.simples.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simples.client.Client;
import io.simples.client.ClientOptions;
import io.simples.client.ClientRequest;
import io.simples.client.ClientResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The Java client against our own server: methods, bodies, redirects, cookies, compression, streaming, timeouts. */
@Timeout(60)
class ClientTest {

    TestServer test;
    Client client;
    String base;

    @BeforeEach
    void start() {
        test = new TestServer();
        client = Client.create();
        base = "http://127.0.0.1:" + test.server.port();
        Server server = test.server;
        server.all("/echo", c -> c.header("X-Method", c.method()).type("txt")
                .end(c.method() + " " + c.url() + " " + c.headers().getOrDefault("content-type", "-") + " "
                        + new String(c.body().bytes(), StandardCharsets.UTF_8)));
    }

    @AfterEach
    void stop() {
        client.close();
        test.close();
    }

    static Throwable failure(CompletableFuture<?> future) {
        CompletionException thrown = assertThrows(CompletionException.class, future::join);
        return thrown.getCause();
    }

    @Test
    void every_method_reaches_the_server_with_its_body() {
        assertEquals("GET /echo - ", client.get(base + "/echo").send().join().text());
        assertEquals("DELETE /echo - ", client.delete(base + "/echo").send().join().text());
        assertEquals("POST /echo text/plain;charset=utf-8 hello", client.post(base + "/echo").body("hello").send().join().text());
        assertEquals("PUT /echo application/octet-stream ab", client.put(base + "/echo").body(new byte[]{'a', 'b'}).send().join().text());
        assertEquals("PATCH /echo application/json {\"a\":1}", client.patch(base + "/echo").json(Map.of("a", 1)).send().join().text());
        assertEquals("OPTIONS /echo - ", client.request("OPTIONS", base + "/echo").send().join().text());
        ClientResponse head = client.head(base + "/echo").send().join();
        assertEquals(200, head.status());
        assertEquals("HEAD", head.header("x-method"));
        assertEquals(0, head.bytes().length, "a HEAD answer has no body");
    }

    @Test
    void query_parameters_are_encoded_and_added_to_the_urls_own() {
        test.server.get("/q", c -> c.end(c.query().get("a") + "|" + c.query().get("b") + "|" + c.query().get("c")));
        assertEquals("1|x y&z|é", client.get(base + "/q?a=1").query("b", "x y&z").query("c", "é").send().join().text());
    }

    @Test
    void forms_multipart_files_and_streams_are_sent() throws IOException {
        test.server.post("/form", c -> c.end(c.body().form().fields("a") + " " + c.body().form().field("b")));
        test.server.post("/upload", c -> {
            Form form = c.body().form();
            Upload upload = form.files().get(0);
            c.end(form.field("title") + " " + upload.name() + " " + upload.filename() + " " + upload.size() + " "
                    + upload.contentType());
        });
        assertEquals("[1, 2] x y&z",
                client.post(base + "/form").form(Map.of("a", List.of(1, 2), "b", "x y&z")).send().join().text());
        Path file = Files.createTempFile(dir, "upload", ".txt");
        byte[] content = new byte[300_000];
        new Random(1).nextBytes(content);
        Files.write(file, content);
        String answer = client.post(base + "/upload").field("title", "notes").file("doc", file).send().join().text();
        assertEquals("notes doc " + file.getFileName() + " 300000 text/plain", answer.replace(";charset=utf-8", ""));
        String streamed = client.post(base + "/echo").body(new ByteArrayInputStream("streamed body".getBytes())).send().join().text();
        assertEquals("POST /echo application/octet-stream streamed body", streamed);
    }

    @TempDir
    Path dir;

    @Test
    void one_body_per_request_and_bad_urls_are_refused_at_once() {
        ClientRequest request = client.post(base + "/echo").body("a");
        assertThrows(IllegalStateException.class, () -> request.json(1));
        assertThrows(IllegalStateException.class, () -> request.field("a", "b"));
        for (String url : List.of("not a url", "ftp://example.com/", "/relative", "http://", "ws://localhost/")) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> client.get(url), url);
            assertTrue(refused.getMessage().contains(url.isEmpty() ? "" : url.split(" ")[0]), refused.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> client.request("GE T", base));
        assertThrows(IllegalArgumentException.class, () -> client.get(base).header("X-Bad", "a\nb"));
        assertThrows(IllegalArgumentException.class, () -> client.post(base).file("f", dir.resolve("missing")));
    }

    @Test
    void redirects_are_answers_unless_followed_and_a_303_becomes_a_get() {
        test.server.get("/old", c -> c.redirect("/echo"));
        test.server.post("/submit", c -> c.status(303).header("Location", "/echo").end());
        test.server.post("/moved", c -> c.status(307).header("Location", base + "/echo").end());
        test.server.get("/loop", c -> c.redirect("/loop"));
        ClientResponse unfollowed = client.get(base + "/old").send().join();
        assertEquals(302, unfollowed.status());
        assertEquals("/echo", unfollowed.header("location"));
        try (Client following = Client.create(ClientOptions.defaults().redirects(5))) {
            ClientResponse followed = following.get(base + "/old").send().join();
            assertEquals("GET /echo - ", followed.text());
            assertEquals(base + "/echo", followed.url().toString());
            assertEquals("GET /echo - ", following.post(base + "/submit").body("form").send().join().text());
            assertEquals("POST /echo text/plain;charset=utf-8 kept", following.post(base + "/moved").body("kept").send().join().text());
            ClientResponse endless = following.get(base + "/loop").send().join();
            assertEquals(302, endless.status(), "after 5 redirects the sixth is the answer");
        }
    }

    @Test
    void a_redirect_that_would_send_a_used_stream_again_is_the_answer() {
        test.server.put("/moved", c -> c.redirect("/echo"));
        try (Client following = Client.create(ClientOptions.defaults().redirects(5))) {
            ClientResponse answer = following.put(base + "/moved").body(new ByteArrayInputStream("once".getBytes())).send().join();
            assertEquals(302, answer.status(), "a stream can be sent once");
            assertEquals("PUT /echo text/plain;charset=utf-8 again",
                    following.put(base + "/moved").body("again").send().join().text(), "bytes can be sent twice");
        }
    }

    @Test
    void a_callback_may_block_on_another_request() throws Exception {
        for (int i = 0; i < 20; i++) { // completed on the event loop, a blocking callback could wait on its own loop
            String nested = client.get(base + "/echo").send()
                    .thenApply(first -> client.get(base + "/echo?n=2").send().join().text())
                    .get(10, TimeUnit.SECONDS);
            assertEquals("GET /echo?n=2 - ", nested);
        }
    }

    @Test
    void the_cookie_jar_sends_back_what_the_server_set_when_it_is_on() {
        test.server.get("/login", c -> c.cookie("user", "ada").end("in"));
        test.server.get("/me", c -> c.end(String.valueOf(c.cookies().get("user"))));
        ClientResponse login = client.get(base + "/login").send().join();
        assertEquals(Map.of("user", "ada"), login.cookies());
        assertEquals("null", client.get(base + "/me").send().join().text(), "no jar by default");
        try (Client jar = Client.create(ClientOptions.defaults().cookies(true))) {
            jar.get(base + "/login").send().join();
            assertEquals("ada", jar.get(base + "/me").send().join().text());
            assertEquals("null", jar.get("http://localhost:" + test.server.port() + "/me").send().join().text(),
                    "a cookie of 127.0.0.1 does not go to localhost");
        }
    }

    @Test
    void compressed_and_chunked_answers_are_decoded() {
        String large = "simpleS ".repeat(10_000);
        test.server.compression(CompressionOptions.defaults().enabled(true));
        test.server.get("/large", c -> c.type("txt").end(large));
        test.server.get("/chunks", c -> {
            for (int i = 0; i < 5; i++) {
                c.write("part" + i + ";");
            }
            c.end();
        });
        ClientResponse compressed = client.get(base + "/large").send().join();
        assertEquals(large, compressed.text());
        try (Client raw = Client.create(ClientOptions.defaults().decompress(false))) {
            ClientResponse plain = raw.get(base + "/large").header("Accept-Encoding", "gzip").send().join();
            assertEquals("gzip", plain.header("content-encoding"), "without decoding, the body is as sent");
            assertTrue(plain.bytes().length < large.length() / 10, "compressed: " + plain.bytes().length + " bytes");
        }
        assertEquals("part0;part1;part2;part3;part4;", client.get(base + "/chunks").send().join().text());
    }

    @Test
    void the_browser_script_is_served_with_an_etag_and_revalidated() {
        test.server.clientScript("/simples.js");
        ClientResponse script = client.get(base + "/simples.js").send().join();
        assertEquals(200, script.status());
        assertTrue(script.header("content-type").startsWith("text/javascript"), script.header("content-type"));
        assertTrue(script.text().contains("simples.ws") && script.bytes().length < 12 * 1024, "a small script (asks made it 10 KiB)");
        assertEquals("no-cache", script.header("cache-control"));
        String etag = script.header("etag");
        ClientResponse again = client.get(base + "/simples.js").header("If-None-Match", etag).send().join();
        assertEquals(304, again.status());
        assertEquals(0, again.bytes().length);
        assertEquals(200, client.get(base + "/simples.js").header("If-None-Match", "\"other\"").send().join().status());
    }

    @Test
    void json_answers_are_read_into_types() {
        test.server.get("/user", c -> c.send(Map.of("name", "Ada")));
        test.server.get("/tags", c -> c.send(List.of("a", "b")));
        ClientResponse answer = client.get(base + "/user").send().join();
        assertEquals("application/json", answer.headers().get("Content-Type").split(";")[0]);
        assertEquals(Map.of("name", "Ada"), answer.json(Map.class));
        java.lang.reflect.Type listOfStrings = new ArrayList<String>() { }.getClass().getGenericSuperclass();
        List<String> tags = client.get(base + "/tags").send().join().json(listOfStrings);
        assertEquals(List.of("a", "b"), tags);
    }

    @Test
    void large_answers_go_to_a_file_or_a_subscriber_at_its_pace_and_memory_has_a_limit() throws Exception {
        byte[] content = new byte[5 << 20];
        new Random(2).nextBytes(content);
        test.server.get("/big", c -> c.type("bin").end(content));
        Path file = dir.resolve("big.bin");
        ClientResponse saved = client.get(base + "/big").send(file).join();
        assertEquals(file, saved.file());
        assertArrayEquals(content, Files.readAllBytes(file));

        List<ByteBuffer> pieces = new ArrayList<>();
        CountDownLatch complete = new CountDownLatch(1);
        Flow.Subscriber<ByteBuffer> slow = new Flow.Subscriber<>() {
            Flow.Subscription subscription;

            @Override
            public void onSubscribe(Flow.Subscription s) {
                subscription = s;
                s.request(1);
            }

            @Override
            public void onNext(ByteBuffer piece) {
                pieces.add(piece);
                subscription.request(1); // one piece at a time
            }

            @Override
            public void onError(Throwable failure) {
                complete.countDown();
            }

            @Override
            public void onComplete() {
                complete.countDown();
            }
        };
        assertEquals(200, client.get(base + "/big").send(slow).join().status());
        assertTrue(complete.await(30, TimeUnit.SECONDS));
        ByteBuffer all = ByteBuffer.allocate(content.length);
        pieces.forEach(all::put);
        assertArrayEquals(content, all.array());

        try (Client small = Client.create(ClientOptions.defaults().bodyLimit(1 << 20))) {
            Throwable tooLarge = failure(small.get(base + "/big").send());
            assertInstanceOf(IOException.class, tooLarge);
            assertTrue(tooLarge.getMessage().contains("bodyLimit"), tooLarge.getMessage());
            assertEquals(200, small.get(base + "/echo").send().join().status(), "the client goes on");
        }
    }

    @Test
    void a_slow_answer_times_out_naming_the_url_and_the_client_goes_on() {
        CountDownLatch release = new CountDownLatch(1);
        test.server.get("/slow", c -> {
            release.await(10, TimeUnit.SECONDS);
            c.end("late");
        });
        Throwable slow = failure(client.get(base + "/slow").timeout(Duration.ofMillis(300)).send());
        release.countDown();
        assertInstanceOf(HttpTimeoutException.class, slow);
        assertTrue(slow.getMessage().contains(base + "/slow"), slow.getMessage());
        assertEquals("GET /echo - ", client.get(base + "/echo").send().join().text());
    }

    @Test
    void closing_the_client_fails_what_is_in_flight_instead_of_leaving_it_waiting() throws Exception {
        CountDownLatch arrived = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        test.server.get("/held", c -> {
            arrived.countDown();
            release.await(10, TimeUnit.SECONDS);
            c.end("too late");
        });
        CompletableFuture<ClientResponse> held = client.get(base + "/held").send();
        assertTrue(arrived.await(10, TimeUnit.SECONDS));
        client.close();
        Throwable closed = failure(held);
        release.countDown();
        assertInstanceOf(IOException.class, closed);
        assertInstanceOf(IllegalStateException.class, failure(client.get(base + "/echo").send()), "a closed client sends nothing");
    }

    @Test
    void a_server_that_drops_the_connection_mid_answer_fails_the_request() {
        test.server.get("/drop", c -> {
            c.header("Content-Length", 1000).write("only a part");
            c.close();
        });
        Throwable dropped = failure(client.get(base + "/drop").send());
        assertInstanceOf(IOException.class, dropped);
        assertTrue(dropped.getMessage().contains("before the response ended"), dropped.getMessage());
        assertEquals(200, client.get(base + "/echo").send().join().status());
    }

}

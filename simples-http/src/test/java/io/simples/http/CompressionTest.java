package io.simples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(Protocol.class)
@Timeout(60)
class CompressionTest {

    @Parameter
    Protocol protocol;

    static final String TEXT = "simpleS compresses text. ".repeat(200);

    TestServer server(CompressionOptions options) {
        TestServer test = new TestServer(protocol);
        test.server.compression(options);
        test.server.get("/text", c -> c.end(TEXT));
        test.server.get("/small", c -> c.end("tiny"));
        test.server.get("/png", c -> c.type("png").end(new byte[4096]));
        test.server.get("/stream", c -> {
            for (int i = 0; i < 5; i++) {
                c.write(TEXT);
            }
            c.end();
        });
        test.server.get("/json", c -> c.send(java.util.Map.of("text", TEXT)));
        return test;
    }

    static HttpResponse<byte[]> get(TestServer test, String path, String acceptEncoding) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(test.uri(path));
        if (acceptEncoding != null) {
            request.header("Accept-Encoding", acceptEncoding);
        }
        return test.client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static String decode(HttpResponse<byte[]> response) throws Exception {
        String encoding = response.headers().firstValue("content-encoding").orElse("identity");
        InputStream in = new ByteArrayInputStream(response.body());
        if (encoding.equals("gzip")) {
            in = new GZIPInputStream(in);
        } else if (encoding.equals("deflate")) {
            in = new InflaterInputStream(in);
        }
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "{0} gets {1}")
    @CsvSource({"'gzip, deflate',deflate", "gzip,gzip", "deflate,deflate", "'gzip;q=1, deflate;q=0.5',gzip",
            "'deflate;q=0.2, gzip;q=0.8',gzip", "*,deflate", "'gzip;q=0, deflate;q=0',identity", "br,identity", "identity,identity"})
    void the_encoding_is_negotiated_with_weights_and_the_preferred_one_on_ties(String accept, String expected) throws Exception {
        try (TestServer test = server(CompressionOptions.defaults().enabled(true))) {
            HttpResponse<byte[]> response = get(test, "/text", accept);
            assertEquals(expected, response.headers().firstValue("content-encoding").orElse("identity"));
            assertEquals(TEXT, decode(response));
            assertEquals("Accept-Encoding", response.headers().firstValue("vary").orElse(""));
            if (!expected.equals("identity")) {
                assertTrue(response.body().length < TEXT.length() / 5, "compressed to " + response.body().length);
            }
        }
    }

    @Test
    void gzip_is_chosen_on_ties_when_preferred() throws Exception {
        try (TestServer test = server(CompressionOptions.defaults().enabled(true).preferred("gzip"))) {
            assertEquals("gzip", get(test, "/text", "deflate, gzip").headers().firstValue("content-encoding").orElse(""));
        }
    }

    @Test
    void small_bodies_compressed_types_and_head_go_as_they_are() throws Exception {
        try (TestServer test = server(CompressionOptions.defaults().enabled(true))) {
            HttpResponse<byte[]> small = get(test, "/small", "gzip");
            assertFalse(small.headers().firstValue("content-encoding").isPresent());
            assertEquals("Accept-Encoding", small.headers().firstValue("vary").orElse(""), "it could have been compressed");
            HttpResponse<byte[]> png = get(test, "/png", "gzip");
            assertFalse(png.headers().firstValue("content-encoding").isPresent());
            assertFalse(png.headers().firstValue("vary").isPresent());
            HttpResponse<String> head = test.send(HttpRequest.newBuilder(test.uri("/text")).header("Accept-Encoding", "gzip")
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
            assertFalse(head.headers().firstValue("content-encoding").isPresent());
        }
    }

    @Test
    void streamed_and_json_responses_are_compressed_too() throws Exception {
        try (TestServer test = server(CompressionOptions.defaults().enabled(true))) {
            HttpResponse<byte[]> stream = get(test, "/stream", "gzip");
            assertEquals("gzip", stream.headers().firstValue("content-encoding").orElse(""));
            assertEquals(TEXT.repeat(5), decode(stream));
            HttpResponse<byte[]> json = get(test, "/json", "deflate");
            assertEquals("deflate", json.headers().firstValue("content-encoding").orElse(""));
            assertTrue(decode(json).startsWith("{\"text\":\"simpleS"));
        }
    }

    @Test
    void off_by_default_and_decided_per_connection_by_a_predicate() throws Exception {
        try (TestServer off = server(CompressionOptions.defaults())) {
            HttpResponse<byte[]> response = get(off, "/text", "gzip");
            assertFalse(response.headers().firstValue("content-encoding").isPresent());
            assertFalse(response.headers().firstValue("vary").isPresent());
        }
        CompressionOptions onlyWithQuery = new CompressionOptions(c -> c.query().containsKey("zip"), 6, "deflate", 1024);
        try (TestServer test = server(onlyWithQuery)) {
            assertFalse(get(test, "/text", "gzip").headers().firstValue("content-encoding").isPresent());
            assertEquals("gzip", get(test, "/text?zip", "gzip").headers().firstValue("content-encoding").orElse(""));
        }
    }
}

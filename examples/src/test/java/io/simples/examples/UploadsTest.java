package io.simples.examples;

import static io.simples.session.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simples.client.Client;
import io.simples.client.ClientResponse;
import io.simples.test.SimplesTest;
import io.simples.test.TestApp;
import io.simples.test.Transport;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The uploads example as a browser's form uses it: several files, the list, ranges, the limit. */
@Timeout(30)
class UploadsTest {

    static byte[] multipart(String boundary, String[][] files) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (String[] file : files) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"" + file[0]
                    + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.writeBytes(file[1].getBytes(StandardCharsets.UTF_8));
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return body.toByteArray();
    }

    /** The form's POST as a browser sends it (the kit's client, like {@code Client.create()}'s, follows no redirect). */
    static ClientResponse upload(TestApp app, byte[] body, String boundary) {
        return await(app.post("/upload")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary).body(body).send());
    }

    @Test
    void several_files_are_stored_listed_and_served_back_with_ranges(@TempDir Path directory) throws Exception {
        try (TestApp app = SimplesTest.start(Uploads.start(0, directory))) {
            ClientResponse uploaded = upload(app, multipart("b0undary",
                    new String[][] {{"notes.txt", "hello, uploads"}, {"../../escape.txt", "no way out"}}), "b0undary");
            assertEquals(303, uploaded.status());
            assertEquals("hello, uploads", Files.readString(directory.resolve("notes.txt")));
            assertTrue(Files.exists(directory.resolve("escape.txt")), "the name lost its path: it stays inside");
            assertEquals(2, Files.list(directory).count());

            String page = await(app.get("/").send()).text();
            assertTrue(page.contains("<a href=\"/files/notes.txt\">notes.txt</a> (14 bytes)"), page);

            ClientResponse part = await(app.get("/files/notes.txt").header("Range", "bytes=7-").send());
            assertEquals(206, part.status());
            assertEquals("uploads", part.text());
            assertEquals("bytes 7-13/14", part.header("content-range"));
            String etag = part.header("etag");
            assertEquals(304, await(app.get("/files/notes.txt").header("If-None-Match", etag).send()).status());
            assertEquals(404, await(app.get("/files/none.txt").send()).status());
        }
    }

    @Test
    void past_the_limit_the_answer_is_a_413_that_says_so(@TempDir Path directory) throws Exception {
        try (TestApp app = SimplesTest.start(Uploads.start(0, directory))) {
            char[] big = new char[(int) Uploads.LIMIT + 1024];
            Arrays.fill(big, 'x');
            ClientResponse refused = upload(app, multipart("b0undary", new String[][] {{"big.bin", new String(big)}}),
                    "b0undary");
            assertEquals(413, refused.status());
            assertTrue(refused.text().contains("larger than"), refused.text());
            assertEquals(0, Files.list(directory).count(), "nothing of it was kept");
        }
    }

    @Test
    void in_a_browser_two_files_chosen_in_the_form_are_uploaded_and_listed(@TempDir Path directory,
                                                                             @TempDir Path chosen) throws Exception {
        Browser.requireOrSkip();
        Files.writeString(chosen.resolve("first.txt"), "one");
        Files.writeString(chosen.resolve("second.txt"), "two!");
        try (TestApp app = SimplesTest.start(Uploads.start(0, directory), Transport.SOCKET); // a browser needs a port
             Browser browser = Browser.launch(chosen.resolve("profile"))) {
            Browser.Page page = browser.open("http://127.0.0.1:" + app.server().port() + "/");
            page.waitFor("document.querySelector('input[type=file]') !== null", Duration.ofSeconds(20));
            page.chooseFiles("input[type=file]", List.of(chosen.resolve("first.txt"), chosen.resolve("second.txt")));
            page.eval("document.querySelector('form').submit(); true");
            page.waitFor("document.body.innerText.includes('first.txt (3 bytes)')"
                    + " && document.body.innerText.includes('second.txt (4 bytes)')", Duration.ofSeconds(20));
            assertEquals("two!", Files.readString(directory.resolve("second.txt")));
        }
    }

    @Test
    void names_stay_inside_the_directory() {
        assertEquals("escape.txt", Uploads.safe("../../escape.txt"));
        assertEquals("evil.txt", Uploads.safe("C:\\\\windows\\\\evil.txt"));
        assertEquals("unnamed", Uploads.safe(".."));
        assertEquals("a_b.txt", Uploads.safe("a b.txt"));
        assertEquals("unnamed", Uploads.safe(null));
    }
}

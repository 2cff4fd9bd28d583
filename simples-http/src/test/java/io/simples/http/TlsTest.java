package io.simples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS with certificates made for the test by the JDK's keytool and by openssl. */
@Timeout(120)
class TlsTest {

    static final String PASSWORD = "changeit";
    @TempDir
    static Path dir;
    static Path pkcs12;
    static HttpClient client;

    static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "timed out: " + List.of(command));
        assertEquals(0, process.exitValue(), List.of(command) + ": " + output);
    }

    @BeforeAll
    static void certificates() throws Exception {
        pkcs12 = dir.resolve("server.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(keytool, "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", pkcs12.toString(), "-storepass", PASSWORD);
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(pkcs12)) {
            trusted.load(in, PASSWORD.toCharArray());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, trust.getTrustManagers(), null);
        client = HttpClient.newBuilder().sslContext(ssl).build();
    }

    static String get(String url) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }

    @Test
    void https_from_a_pkcs12_file() throws Exception {
        Server server = Simples.server(ServerOptions.defaults().port(0).https(Https.pkcs12(pkcs12, PASSWORD)));
        try {
            server.get("/", c -> c.end("secure " + c.protocol()));
            assertEquals("200 secure https", get("https://localhost:" + server.port() + "/"));
        } finally {
            server.stop();
        }
    }

    @Test
    void https_from_pem_files_and_a_plain_mirror() throws Exception {
        Path key = dir.resolve("key.pem");
        Path certificate = dir.resolve("cert.pem");
        run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", key.toString(), "-out", certificate.toString(), "-days", "2", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=DNS:localhost");
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        try (InputStream in = Files.newInputStream(certificate)) {
            trusted.setCertificateEntry("pem", java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(in));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, trust.getTrustManagers(), null);
        HttpClient pemClient = HttpClient.newBuilder().sslContext(ssl).build();

        byte[] big = new byte[200_000];
        Files.write(dir.resolve("big.bin"), big);
        Server server = Simples.server(ServerOptions.defaults().port(0).https(Https.pem(certificate, key)));
        try {
            server.get("/", c -> c.end("pem " + c.protocol()));
            server.get("/file", c -> c.drain(dir.resolve("big.bin")));
            Mirror plain = server.mirror(0, ServerOptions.defaults(), m -> { });
            HttpResponse<String> secure = pemClient.send(HttpRequest.newBuilder(
                    URI.create("https://localhost:" + server.port() + "/")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals("pem https", secure.body());
            HttpResponse<byte[]> file = pemClient.send(HttpRequest.newBuilder(
                    URI.create("https://localhost:" + server.port() + "/file")).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(big.length, file.body().length, "files go in chunks under TLS");
            HttpResponse<String> mirrored = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + plain.port() + "/")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals("pem http", mirrored.body());
            plain.stop();
        } finally {
            server.stop();
        }
    }

    @Test
    void http2_is_chosen_by_alpn_beside_http1_unless_turned_off() throws Exception {
        Server server = Simples.server(ServerOptions.defaults().port(0).https(Https.pkcs12(pkcs12, PASSWORD)));
        Server http1Only = Simples.server(ServerOptions.defaults().port(0).https(Https.pkcs12(pkcs12, PASSWORD))
                .http2(Http2Options.defaults().tls(false)));
        try {
            for (Server each : List.of(server, http1Only)) {
                each.session(SessionOptions.defaults().enabled(true));
                each.get("/", c -> {
                    c.session().put("seen", true);
                    c.end("secure " + c.protocol());
                });
            }
            HttpResponse<String> h2 = client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + server.port() + "/"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(HttpClient.Version.HTTP_2, h2.version(), "h2 by ALPN, on by default with TLS");
            assertEquals("secure https", h2.body());
            assertTrue(h2.headers().firstValue("set-cookie").orElse("").contains("Secure"), "the session's cookie, Secure");
            HttpResponse<String> asked11 = client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + server.port() + "/"))
                    .version(HttpClient.Version.HTTP_1_1).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(HttpClient.Version.HTTP_1_1, asked11.version(), "HTTP/1.1 still offered");
            HttpResponse<String> off = client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + http1Only.port() + "/"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(HttpClient.Version.HTTP_1_1, off.version(), "Http2Options.tls(false): HTTP/1.1 only");
        } finally {
            server.stop();
            http1Only.stop();
        }
    }

    @Test
    void a_wrong_password_or_missing_file_is_a_clear_error() {
        RuntimeException wrong = assertThrows(RuntimeException.class, () ->
                Simples.server(ServerOptions.defaults().port(0).https(Https.pkcs12(pkcs12, "wrong"))));
        assertTrue(wrong.getMessage().contains("HTTPS"), wrong.getMessage());
        assertThrows(RuntimeException.class, () -> Simples.server(ServerOptions.defaults().port(0)
                .https(Https.pem(dir.resolve("none.pem"), dir.resolve("none.key")))));
    }
}

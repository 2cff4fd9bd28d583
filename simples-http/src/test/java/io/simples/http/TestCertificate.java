package io.simples.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * One self-signed certificate for {@code localhost} and {@code 127.0.0.1}, made by the JDK's
 * keytool the first time a test asks for it and kept for the test run, and a client context that
 * trusts it (and nothing else).
 */
final class TestCertificate {

    static final String PASSWORD = "changeit";

    private static Path file;
    private static SSLContext trusting;

    private TestCertificate() {
    }

    /** The server side: the PKCS#12 file, made on first use. */
    static synchronized Path pkcs12() {
        if (file == null) {
            file = make();
        }
        return file;
    }

    static Https https() {
        return Https.pkcs12(pkcs12(), PASSWORD);
    }

    /** The client side: trusts the test certificate. */
    static synchronized SSLContext trusting() {
        if (trusting == null) {
            try (InputStream in = Files.newInputStream(pkcs12())) {
                KeyStore trusted = KeyStore.getInstance("PKCS12");
                trusted.load(in, PASSWORD.toCharArray());
                TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(trusted);
                trusting = SSLContext.getInstance("TLS");
                trusting.init(null, trust.getTrustManagers(), null);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
        return trusting;
    }

    private static Path make() {
        try {
            Path directory = Files.createTempDirectory("simples-certificate");
            directory.toFile().deleteOnExit();
            Path made = directory.resolve("server.p12");
            String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
            Process process = new ProcessBuilder(keytool, "-genkeypair", "-alias", "server", "-keyalg", "EC",
                    "-groupname", "secp256r1", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                    "-validity", "2", "-storetype", "PKCS12", "-keystore", made.toString(), "-storepass", PASSWORD)
                    .redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + output);
            }
            made.toFile().deleteOnExit();
            return made;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

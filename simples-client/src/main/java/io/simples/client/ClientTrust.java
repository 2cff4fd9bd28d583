package io.simples.client;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Objects;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

/**
 * Which certificates a {@link Client} believes when it speaks HTTPS or WSS: the system's
 * ({@link #system()}, the default), those of a PEM or PKCS#12 file (a private CA, a test
 * certificate), or any at all ({@link #insecureTrustAll()}, for tests only). Host names are
 * checked against the certificate unless trust is off.
 */
public final class ClientTrust {

    private static final ClientTrust SYSTEM = new ClientTrust("system", null, null, null, false);

    private final String description;
    private final Path pem;
    private final Path pkcs12;
    private final char[] password;
    private final boolean insecure;

    private ClientTrust(String description, Path pem, Path pkcs12, char[] password, boolean insecure) {
        this.description = description;
        this.pem = pem;
        this.pkcs12 = pkcs12;
        this.password = password;
        this.insecure = insecure;
    }

    /**
     * The JDK's trusted certificate authorities.
     *
     * @return the system's trust, the default
     */
    public static ClientTrust system() {
        return SYSTEM;
    }

    /**
     * The certificates (X.509, PEM) in {@code file}, instead of the system's. The file is read
     * when the client first needs TLS.
     *
     * @param file the PEM file of the certificates to believe
     * @return a trust in those certificates only
     */
    public static ClientTrust pem(Path file) {
        return new ClientTrust("pem " + file, Objects.requireNonNull(file, "file"), null, null, false);
    }

    /**
     * The certificates in the PKCS#12 {@code file}, instead of the system's. The file is read
     * when the client first needs TLS.
     *
     * @param file the PKCS#12 file of the certificates to believe
     * @param password the file's password
     * @return a trust in those certificates only
     */
    public static ClientTrust pkcs12(Path file, String password) {
        return new ClientTrust("pkcs12 " + file, null, Objects.requireNonNull(file, "file"),
                Objects.requireNonNull(password, "password").toCharArray(), false);
    }

    /**
     * Any certificate, for any host name: a man in the middle reads everything. For tests against
     * a self-signed certificate only; the name is long on purpose.
     *
     * @return a trust that checks nothing
     */
    public static ClientTrust insecureTrustAll() {
        return new ClientTrust("insecure: trusts every certificate", null, null, null, true);
    }

    /** False when any certificate is believed, and host names are not checked. */
    boolean verifies() {
        return !insecure;
    }

    /** The client TLS context this trust makes. */
    SslContext context() {
        SslContextBuilder builder = SslContextBuilder.forClient();
        try {
            if (insecure) {
                builder.trustManager(InsecureTrustManagerFactory.INSTANCE);
            } else if (pem != null) {
                builder.trustManager(pem.toFile());
            } else if (pkcs12 != null) {
                builder.trustManager(pkcs12Trust());
            }
            return builder.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot trust " + description + ": " + e.getMessage(), e);
        }
    }

    private TrustManagerFactory pkcs12Trust() {
        try (InputStream in = Files.newInputStream(pkcs12)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return factory;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + pkcs12 + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use " + pkcs12 + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "ClientTrust[" + description + "]";
    }
}

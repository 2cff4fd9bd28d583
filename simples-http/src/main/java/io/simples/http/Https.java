package io.simples.http;

import io.simples.core.internal.Tls;
import io.netty.handler.ssl.SslContext;
import io.simples.core.internal.Tls;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a listener's TLS key and certificate are: PEM files ({@link #pem}) or a PKCS#12 file
 * ({@link #pkcs12}).
 */
public final class Https {

    final Path certificate;
    final Path key;
    final Path pkcs12;
    final char[] password;

    private Https(Path certificate, Path key, Path pkcs12, char[] password) {
        this.certificate = certificate;
        this.key = key;
        this.pkcs12 = pkcs12;
        this.password = password;
    }

    /**
     * A PEM certificate chain and its PEM (PKCS#8) private key. The files are read when a server
     * or mirror is made with these settings.
     *
     * @param certificate the certificate chain, the server's certificate first
     * @param key the private key of the server's certificate
     * @return the TLS settings, for {@link ServerOptions#https(Https)}
     */
    public static Https pem(Path certificate, Path key) {
        return new Https(Objects.requireNonNull(certificate, "certificate"), Objects.requireNonNull(key, "key"),
                null, null);
    }

    /**
     * A PKCS#12 file holding the key and its certificate chain, and its password. The file is
     * read when a server or mirror is made with these settings.
     *
     * @param file the PKCS#12 file ({@code .p12} or {@code .pfx})
     * @param password the file's password
     * @return the TLS settings, for {@link ServerOptions#https(Https)}
     */
    public static Https pkcs12(Path file, String password) {
        return new Https(null, null, Objects.requireNonNull(file, "file"),
                Objects.requireNonNull(password, "password").toCharArray());
    }

    /** The TLS context these files make, offering HTTP/2 by ALPN when {@code http2} says so; null for {@code null} (plain text). */
    static SslContext context(Https https, boolean http2) {
        if (https == null) {
            return null;
        }
        String[] protocols = http2 ? new String[] {"h2", "http/1.1"} : new String[] {"http/1.1"};
        return https.pkcs12 != null ? Tls.pkcs12(https.pkcs12, https.password, protocols)
                : Tls.pem(https.certificate, https.key, protocols);
    }

    @Override
    public String toString() {
        return pkcs12 != null ? "Https[pkcs12 " + pkcs12 + "]" : "Https[pem " + certificate + "]";
    }
}

package io.simples.core.internal;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;

/** Builds the server side of TLS from PEM files or a PKCS#12 file, advertising the given protocols over ALPN (the first preferred). */
public final class Tls {

    private Tls() {
    }

    /** From a PEM certificate chain and a PEM PKCS#8 private key. */
    public static SslContext pem(Path certificate, Path key, String... protocols) {
        try {
            return withAlpn(SslContextBuilder.forServer(certificate.toFile(), key.toFile()), protocols);
        } catch (RuntimeException | SSLException e) {
            throw new IllegalArgumentException("cannot use " + certificate + " and " + key
                    + " for HTTPS: " + e.getMessage(), e);
        }
    }

    /** From a PKCS#12 file holding the key and its certificate chain. */
    public static SslContext pkcs12(Path file, char[] password, String... protocols) {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            return withAlpn(SslContextBuilder.forServer(keys), protocols);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " for HTTPS: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use " + file + " for HTTPS: " + e.getMessage(), e);
        }
    }

    private static SslContext withAlpn(SslContextBuilder builder, String... protocols) throws SSLException {
        return builder.applicationProtocolConfig(new ApplicationProtocolConfig(
                        ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                        protocols.length == 0 ? new String[] {ApplicationProtocolNames.HTTP_1_1} : protocols))
                .build();
    }
}

package io.simples.test;

import java.util.Locale;

/**
 * How a {@link TestApp}'s client reaches its server.
 *
 * <p>{@link #IN_PROCESS}, the default, goes through the server's whole pipeline, as a socket's
 * bytes do, but over Netty's in-process transport: no port is bound and no system call is made.
 * {@link #SOCKET} starts the server on an ephemeral port and connects to it on 127.0.0.1, for a
 * test that needs a real socket (a browser, another process, a raw socket). The system property
 * {@value #PROPERTY} ({@code in_process} or {@code socket}) changes the default for a whole run,
 * so that the very same tests can run over sockets too.
 */
public enum Transport {

    /** Netty's local transport: the same pipeline, no port. */
    IN_PROCESS,

    /** A real socket: a port on 127.0.0.1 (an ephemeral one unless the server listens already). */
    SOCKET;

    /** The system property that chooses the default transport: {@code in_process} or {@code socket}. */
    public static final String PROPERTY = "simples.test.transport";

    /**
     * The transport of tests that name none: {@link #IN_PROCESS} unless {@value #PROPERTY} says otherwise.
     *
     * @return the default transport
     * @throws IllegalArgumentException when the property names no transport
     */
    public static Transport byDefault() {
        String named = System.getProperty(PROPERTY);
        if (named == null || named.isBlank()) {
            return IN_PROCESS;
        }
        try {
            return valueOf(named.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PROPERTY + "=" + named + " names no transport: in_process or socket", e);
        }
    }
}

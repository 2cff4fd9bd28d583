package io.simples.core.internal;

import io.simples.core.Connection;
import java.util.Objects;

/**
 * How the framework gives a {@link Connection} its request head without a constructor or a
 * member that shows {@link RequestHead} to applications: {@code Connection} hands over its
 * implementation when its class is initialised (the JDK's "shared secrets" pattern), and the
 * constructor of {@code HTTPConnection} or {@code WSConnection} binds the head right after
 * {@code super()}, before the connection is seen by anything else.
 */
public final class ConnectionHeads {

    /** Implemented by {@link Connection}, installed once by it. */
    public interface Access {

        void bind(Connection connection, RequestHead head);
    }

    private static final SharedSecret<Access> ACCESS = new SharedSecret<>("Connection's head binding");

    private ConnectionHeads() {
    }

    /** Called by {@link Connection}'s static initializer, once. */
    public static void install(Access implementation) {
        ACCESS.install(implementation);
    }

    /**
     * Gives {@code connection}, under construction, its request head; once per connection.
     *
     * @throws IllegalStateException when it has one already
     */
    public static void bind(Connection connection, RequestHead head) {
        ACCESS.get().bind(connection, Objects.requireNonNull(head, "head"));
    }
}

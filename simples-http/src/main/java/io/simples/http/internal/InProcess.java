package io.simples.http.internal;

import io.simples.core.internal.SharedSecret;
import io.simples.http.Server;
import io.simples.http.ServerOptions;
import java.net.SocketAddress;

/**
 * {@code simples-http}'s one door between its API and the framework's internals: the test kit's
 * way to a server's in-process listener ({@code simples-test}), what it may do with a
 * {@link Server} and applications may not, installed by {@code Server}'s static initializer (the
 * JDK's "shared secrets" pattern, see {@code SharedSecret}), so that no public member of the API
 * offers it.
 */
public final class InProcess {

    /** What the kit does with servers. */
    public interface Access {

        /** A server with {@code options}, not started: no port is ever bound unless asked for. */
        Server server(ServerOptions options);

        /**
         * Starts {@code server} in this process only, without a port, with its start listeners, or
         * moves it there when it listens on a port (which is then released).
         */
        void startInProcess(Server server);

        /** True while {@code server} is started in process. */
        boolean inProcess(Server server);

        /**
         * Where a client reaches {@code server}: its in-process address while it is started
         * there, else its port on the loopback address.
         *
         * @throws IllegalStateException when the server is not started
         */
        SocketAddress address(Server server);
    }

    private static final SharedSecret<Access> ACCESS = new SharedSecret<>(Server.class);

    private InProcess() {
    }

    /** Called once, from {@code Server}'s static initializer. */
    public static void install(Access access) {
        ACCESS.install(access);
    }

    /** What the kit may do with servers. */
    public static Access access() {
        return ACCESS.get();
    }
}

package io.simples.test;

import io.simples.http.Server;
import io.simples.http.ServerOptions;
import io.simples.http.internal.InProcess;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Starts an application for a test, without JUnit (see {@link SimplesExtension} for JUnit
 * Jupiter), and hands back the started {@link TestApp}, to close when done:
 *
 * <pre>{@code
 * try (TestApp app = SimplesTest.start(App::routes)) {
 *     assertEquals(200, app.get("/").send().join().status());
 * }
 * }</pre>
 *
 * <p>In process (the default, {@link Transport#byDefault()}) the server binds no port: the kit's
 * client connects over Netty's in-process transport, and every request still goes through the
 * server's whole pipeline (the HTTP codec and its limits, hosts, sessions, CORS, compression,
 * WebSockets). What differs from a socket: {@code connection.ip()} is {@code 127.0.0.1}, there is
 * no port ({@code server.port()} is -1) and no TCP (no half-close, no zero-copy file sends: files
 * go in pieces). {@link Transport#SOCKET} runs the same test over a real socket.
 */
public final class SimplesTest {

    private SimplesTest() {
    }

    /**
     * A server made with the default options, given its routes by {@code routes} and started in
     * the default transport: in process, it never binds a port.
     *
     * @param routes adds the application's routes (and options) to the server, before it starts
     * @return the started application
     */
    public static TestApp start(Consumer<Server> routes) {
        return start(ServerOptions.defaults(), routes, Transport.byDefault());
    }

    /**
     * A server made with {@code options}, given its routes by {@code routes} and started in the
     * default transport.
     *
     * @param options the server's options (their port is not used in process)
     * @param routes adds the application's routes to the server, before it starts
     * @return the started application
     */
    public static TestApp start(ServerOptions options, Consumer<Server> routes) {
        return start(options, routes, Transport.byDefault());
    }

    /**
     * A server made with {@code options}, given its routes by {@code routes} and started over
     * {@code transport} (over a socket: on an ephemeral port, whatever the options' port).
     *
     * @param options the server's options
     * @param routes adds the application's routes to the server, before it starts
     * @param transport in process or over a socket
     * @return the started application
     */
    public static TestApp start(ServerOptions options, Consumer<Server> routes, Transport transport) {
        Objects.requireNonNull(routes, "routes");
        Objects.requireNonNull(transport, "transport");
        Server server = InProcess.access().server(options);
        routes.accept(server);
        return start(server, transport);
    }

    /**
     * {@code server}, started or not, started in the default transport; in process, a server that
     * listens on a port moves off it (the port is released), as {@link Server#start(int)} moves a
     * server to another port.
     *
     * @param server the application's server, such as one its own {@code start(0)} made
     * @return the started application; closing it stops the server
     */
    public static TestApp start(Server server) {
        return start(server, Transport.byDefault());
    }

    /**
     * {@code server} started over {@code transport}: in process (moved off its port if it has one),
     * or over a socket (on the port it listens on, else an ephemeral one).
     *
     * @param server the application's server
     * @param transport in process or over a socket
     * @return the started application; closing it stops the server
     */
    public static TestApp start(Server server, Transport transport) {
        Objects.requireNonNull(server, "server");
        InProcess.Access access = InProcess.access();
        if (transport == Transport.IN_PROCESS) {
            access.startInProcess(server);
        } else if (!server.started() || access.inProcess(server)) {
            server.start(0);
        }
        try {
            return new TestApp(server, transport, access);
        } catch (RuntimeException e) {
            server.stop();
            throw e;
        }
    }
}

package io.simples.test;

import io.simples.client.Client;
import io.simples.http.Server;
import io.simples.http.ServerOptions;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The test kit as a JUnit Jupiter extension: starts the application before the tests and stops it
 * after them, and gives test methods (and {@code @BeforeEach}/{@code @AfterEach} methods) the
 * {@link TestApp}, its {@link Server} and its {@link Client} as parameters.
 *
 * <pre>{@code
 * class AppTest {
 *     @RegisterExtension
 *     static final SimplesExtension app = SimplesExtension.routes(App::routes);
 *
 *     @Test
 *     void it_answers(TestApp app) {
 *         assertEquals(200, app.get("/").send().join().status());
 *     }
 * }
 * }</pre>
 *
 * <p>In a {@code static} field, one application serves every test of the class (started before
 * the first, stopped after the last, {@code @Nested} classes included; its client and cookie jar are shared: use
 * {@link TestApp#client(io.simples.client.ClientOptions)} for a fresh user); in an instance field,
 * each test gets an application of its own. Over {@link Transport#byDefault()} unless
 * {@link #transport(Transport)} says otherwise. Not for tests that run in parallel on one
 * extension instance.
 */
public final class SimplesExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback, ParameterResolver {

    private final Function<Transport, TestApp> starter;
    private final Transport transport;
    // volatile: JUnit may call the callbacks and run the test on different threads (a timeout's thread)
    private volatile TestApp forClass;
    private volatile String classStarted; // the unique id of the class context that started forClass: not a @Nested class's
    private volatile TestApp forMethod;

    private SimplesExtension(Function<Transport, TestApp> starter, Transport transport) {
        this.starter = starter;
        this.transport = transport;
    }

    /**
     * An extension that starts the server {@code server} makes (an application's own
     * {@code start(0)}, say: in process, it is moved off its port).
     *
     * @param server makes the application's server, started or not
     * @return the extension, to register
     */
    public static SimplesExtension of(Supplier<Server> server) {
        Objects.requireNonNull(server, "server");
        return new SimplesExtension(transport -> SimplesTest.start(server.get(), transport), Transport.byDefault());
    }

    /**
     * An extension that starts a server with the default options and {@code routes}' routes: in
     * process, it never binds a port.
     *
     * @param routes adds the application's routes to the server
     * @return the extension, to register
     */
    public static SimplesExtension routes(Consumer<Server> routes) {
        return routes(ServerOptions.defaults(), routes);
    }

    /**
     * An extension that starts a server with {@code options} and {@code routes}' routes.
     *
     * @param options the server's options
     * @param routes adds the application's routes to the server
     * @return the extension, to register
     */
    public static SimplesExtension routes(ServerOptions options, Consumer<Server> routes) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(routes, "routes");
        return new SimplesExtension(transport -> SimplesTest.start(options, routes, transport), Transport.byDefault());
    }

    /**
     * This extension over {@code transport} ({@link Transport#SOCKET} for a test that needs a port).
     *
     * @param transport in process or over a socket
     * @return a new extension, otherwise the same
     */
    public SimplesExtension transport(Transport transport) {
        Objects.requireNonNull(transport, "transport");
        return new SimplesExtension(starter, transport);
    }

    /**
     * The application of the test running now.
     *
     * @return the started application
     * @throws IllegalStateException outside a test of a class that registers this extension
     */
    public TestApp app() {
        TestApp app = forMethod != null ? forMethod : forClass;
        if (app == null) {
            throw new IllegalStateException("no application started: register this extension with @RegisterExtension "
                    + "and ask for it within a test");
        }
        return app;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (forClass == null) { // a @Nested class's tests share its enclosing class's application
            forClass = start();
            classStarted = context.getUniqueId();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (!context.getUniqueId().equals(classStarted)) {
            return;
        }
        TestApp app = forClass;
        forClass = null;
        classStarted = null;
        if (app != null) {
            app.close();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (forClass == null) {
            forMethod = start();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        TestApp app = forMethod;
        forMethod = null;
        if (app != null) {
            app.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == TestApp.class || type == Server.class || type == Client.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        TestApp app;
        try {
            app = app();
        } catch (IllegalStateException e) {
            throw new ParameterResolutionException(e.getMessage(), e);
        }
        return type == TestApp.class ? app : type == Server.class ? app.server() : app.client();
    }

    private TestApp start() {
        return starter.apply(transport);
    }
}

package io.simples.ws;

import java.util.Objects;
import java.util.function.Predicate;

/**
 * A broadcast filter with a name, registered on its host by {@link WSHost#filter(String, Predicate)}:
 * the form a filter takes to run on every server of a cluster. A lambda cannot travel to another
 * process, but its name can: each server runs its own registration of that name, which is the
 * same application code. So the filter must decide from the connection alone ({@code data()},
 * {@code session()}, the request), never from state of one process.
 *
 * <pre>{@code
 * WSFilter admins = chat.filter("admins", c -> "admin".equals(c.session().get("role")));
 * chat.broadcast("alert", text, admins);  // every admin, on every server
 * }</pre>
 */
public final class WSFilter implements Predicate<WSConnection> {

    private final WSHost host;
    private final String name;
    private final Predicate<WSConnection> test;

    WSFilter(WSHost host, String name, Predicate<WSConnection> test) {
        this.host = host;
        this.name = name;
        this.test = Objects.requireNonNull(test, "filter");
    }

    /**
     * The name other servers know it by.
     *
     * @return the name it was registered under
     */
    public String name() {
        return name;
    }

    WSHost host() {
        return host;
    }

    @Override
    public boolean test(WSConnection connection) {
        return test.test(connection);
    }

    @Override
    public String toString() {
        return "WSFilter[" + name + "]";
    }
}

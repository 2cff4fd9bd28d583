package io.simples.http;

import java.util.Objects;
import java.util.function.Predicate;

/**
 * A broadcast filter with a name, registered on its host by {@link EventHost#filter(String, Predicate)}:
 * the form a filter takes to run on every server of a cluster, where each server runs its own
 * registration of that name (the same application code). So it must decide from the stream alone
 * (its request, its session), never from state of one process.
 *
 * <pre>{@code
 * EventFilter admins = feed.filter("admins", s -> "admin".equals(s.connection().session().get("role")));
 * feed.broadcast("alert", text, admins);  // every admin's stream, on every server
 * }</pre>
 */
public final class EventFilter implements Predicate<EventStream> {

    private final EventHost host;
    private final String name;
    private final Predicate<EventStream> test;

    EventFilter(EventHost host, String name, Predicate<EventStream> test) {
        this.host = host;
        this.name = Objects.requireNonNull(name, "name");
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

    EventHost host() {
        return host;
    }

    @Override
    public boolean test(EventStream stream) {
        return test.test(stream);
    }

    @Override
    public String toString() {
        return "EventFilter[" + name + "]";
    }
}

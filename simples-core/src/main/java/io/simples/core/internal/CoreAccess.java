package io.simples.core.internal;

import io.simples.core.Cluster;
import io.simples.core.Connection;
import io.simples.core.internal.cluster.Hub;
import java.util.function.Function;

/**
 * {@code simples-core}'s one door between its API and the framework's internals: what the other
 * modules do with a {@link Connection} or a {@link Cluster} and applications never do. Each API
 * class hands its part over from its static initializer (the JDK's "shared secrets" pattern, see
 * {@link SharedSecret}), so none of it is a public member of the API.
 */
public final class CoreAccess {

    /** How a connection is given its head: implemented by {@link Connection}. */
    public interface Binding {

        void bind(Connection connection, RequestHead head);
    }

    private static final SharedSecret<Binding> BINDING = new SharedSecret<>(Connection.class);
    private static final SharedSecret<Function<Cluster, Hub>> HUBS = new SharedSecret<>(Cluster.class);

    private CoreAccess() {
    }

    /** Called by {@link Connection}'s static initializer, once. */
    public static void install(Binding binding) {
        BINDING.install(binding);
    }

    /** Called by {@link Cluster}'s static initializer, once. */
    public static void install(Function<Cluster, Hub> hubs) {
        HUBS.install(hubs);
    }

    /**
     * Gives {@code connection}, under construction, its head; once per connection.
     *
     * @throws IllegalStateException when it has one already
     */
    static void bind(Connection connection, RequestHead head) {
        BINDING.get().bind(connection, head);
    }

    /** The process's hub behind {@code cluster}. */
    public static Hub hub(Cluster cluster) {
        return HUBS.get().apply(cluster);
    }
}

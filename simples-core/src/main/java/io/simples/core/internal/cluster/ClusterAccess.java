package io.simples.core.internal.cluster;

import io.simples.core.Cluster;
import io.simples.core.internal.SharedSecret;
import java.util.function.Function;

/**
 * How a server reaches the {@link Hub} behind a {@link Cluster}, which applications never do:
 * {@code Cluster} hands its implementation over when its class is initialised (the JDK's "shared
 * secrets" pattern).
 */
public final class ClusterAccess {

    private static final SharedSecret<Function<Cluster, Hub>> HUBS = new SharedSecret<>("Cluster's hub");

    private ClusterAccess() {
    }

    /** Called by {@link Cluster}'s static initializer, once. */
    public static void install(Function<Cluster, Hub> hubs) {
        HUBS.install(hubs);
    }

    static Hub hub(Cluster cluster) {
        return HUBS.get().apply(cluster);
    }

}

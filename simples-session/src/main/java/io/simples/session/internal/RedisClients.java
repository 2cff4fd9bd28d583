package io.simples.session.internal;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * Not API: what the session store's and the cluster bus's Lettuce clients share — their own
 * resources, how a cluster client follows a failover, how a script runs, and how they end.
 */
public final class RedisClients {

    /** A lost connection is tried again soon, then at most every half second. */
    private static final Delay RECONNECT_DELAY =
            Delay.exponential(Duration.ofMillis(10), Duration.ofMillis(500), 2, TimeUnit.MILLISECONDS);

    /**
     * How long the event loops must see no task before they end. With none, a loop could end
     * right after running the registration of a channel that Lettuce opened just then (a topology
     * refresh, a reconnection to a dead node): that channel was never closed, and the read buffer
     * Lettuce allocates at registration leaked (a paranoid leak report in a full test run, after
     * Redis Cluster clients were shut down while their master was dead). With a quiet period the
     * loop runs once more and closes every channel it holds.
     */
    private static final long QUIET_MILLIS = 100;
    private static final long SHUTDOWN_MILLIS = 2_000;

    private RedisClients() {
    }

    /** Client resources (event loops, timers) for one client, reconnecting at most every half second. */
    public static ClientResources resources() {
        return DefaultClientResources.builder().reconnectDelay(RECONNECT_DELAY).build();
    }

    /**
     * Options for a Redis Cluster client that follows a failover by itself: it refreshes its view
     * of the cluster on the errors a moved or dead master gives (at most every half second) and
     * every 5 s, and a command to a node whose connection is (re)connecting waits for it (within
     * {@code commandTimeout}) instead of failing at once: Lettuce connects to the nodes as they
     * are first needed.
     */
    public static ClusterClientOptions.Builder clusterOptions(Duration commandTimeout) {
        return ClusterClientOptions.builder()
                .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS)
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                        .enableAllAdaptiveRefreshTriggers()
                        .adaptiveRefreshTriggersTimeout(Duration.ofMillis(500))
                        .enablePeriodicRefresh(Duration.ofSeconds(5))
                        .build());
    }

    /** Runs a script by its digest, and by its text after a script-cache flush (or on first use). */
    @SafeVarargs
    public static <K, V, T> CompletableFuture<T> script(RedisClusterAsyncCommands<K, V> redis, String digest, String source,
                                                        ScriptOutputType type, K[] keys, V... args) {
        return redis.<T>evalsha(digest, type, keys, args).toCompletableFuture()
                .handle((result, failure) -> {
                    if (failure == null) {
                        return CompletableFuture.completedFuture(result);
                    }
                    Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
                    if (cause instanceof RedisNoScriptException) {
                        return redis.<T>eval(source, type, keys, args).toCompletableFuture();
                    }
                    return CompletableFuture.<T>failedFuture(cause);
                })
                .thenCompose(next -> next);
    }

    /**
     * Shuts {@code client} (when there is one) down, waiting at most two seconds, then its
     * {@code resources}; their event loops end only after a quiet tenth of a second, so that a
     * channel registered during the shutdown is closed too.
     */
    public static void shutdown(AbstractRedisClient client, ClientResources resources) {
        try {
            if (client != null) {
                client.shutdown(QUIET_MILLIS, SHUTDOWN_MILLIS, TimeUnit.MILLISECONDS);
            }
        } finally {
            resources.shutdown(QUIET_MILLIS, SHUTDOWN_MILLIS, TimeUnit.MILLISECONDS); // ends in the background (its future is Netty's)
        }
    }
}

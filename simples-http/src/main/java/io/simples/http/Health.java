package io.simples.http;

import io.simples.core.internal.cluster.ClusterMember;
import io.simples.session.Store;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server's health endpoints ({@link Server#health}): liveness, which answers while the process
 * does, and readiness, which asks every part a request depends on and answers 503 when one of
 * them cannot serve. The checks of readiness:
 * <ul>
 * <li>{@code server}: the port is bound and no stop has begun (a stop's drain answers 503 first);</li>
 * <li>{@code store} (one per distinct store the routers' session options name; the in-memory
 *     default needs none): {@link Store#ping()} within the timeout;</li>
 * <li>{@code cluster}, when the server has one: joined, and its bus connected.</li>
 * </ul>
 * Each check gives {@code status} ({@code UP} or {@code DOWN}) and what explains it; a failure
 * is named by its kind (the exception's class, or {@code timeout}), never by its message, which
 * may carry addresses a public probe should not learn (the message goes to the debug log).
 */
final class Health {

    private static final Logger LOG = LoggerFactory.getLogger(Health.class);

    private final Server server;
    private final Duration timeout;

    Health(Server server, Duration timeout) {
        this.server = server;
        this.timeout = timeout;
    }

    void live(HTTPConnection connection) {
        answer(connection, true, null);
    }

    void ready(HTTPConnection connection) {
        Map<String, CompletableFuture<Map<String, Object>>> checks = new LinkedHashMap<>();
        checks.put("server", CompletableFuture.completedFuture(serverCheck()));
        List<Store> stores = stores();
        for (int i = 0; i < stores.size(); i++) {
            checks.put(stores.size() == 1 ? "store" : "store-" + (i + 1), ping(stores.get(i)));
        }
        ClusterMember member = server.member();
        if (member.clustered()) {
            checks.put("cluster", CompletableFuture.completedFuture(clusterCheck(member)));
        }
        CompletableFuture.allOf(checks.values().toArray(CompletableFuture[]::new)).whenComplete((all, never) -> {
            Map<String, Object> results = new LinkedHashMap<>();
            boolean up = true;
            for (Map.Entry<String, CompletableFuture<Map<String, Object>>> check : checks.entrySet()) {
                Map<String, Object> result = check.getValue().join(); // each is handled: it never fails
                results.put(check.getKey(), result);
                up &= "UP".equals(result.get("status"));
            }
            answer(connection, up, results);
        });
    }

    /** A check's result, its fields in the order given (name, value, name, value...). */
    private static Map<String, Object> result(Object... fields) {
        Map<String, Object> result = new LinkedHashMap<>();
        for (int i = 0; i < fields.length; i += 2) {
            result.put((String) fields[i], fields[i + 1]);
        }
        return result;
    }

    private static void answer(HTTPConnection connection, boolean up, Map<String, Object> checks) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", up ? "UP" : "DOWN");
        if (checks != null) {
            body.put("checks", checks);
        }
        connection.status(up ? 200 : 503).header("Cache-Control", "no-store").send(body);
    }

    private Map<String, Object> serverCheck() {
        if (server.stopping()) {
            return result("status", "DOWN", "reason", "stopping");
        }
        return server.started() ? result("status", "UP") : result("status", "DOWN", "reason", "not listening");
    }

    private static Map<String, Object> clusterCheck(ClusterMember member) {
        if (!member.connected()) {
            return result("status", "DOWN", "reason", "bus not connected");
        }
        return result("status", "UP", "servers", member.servers());
    }

    /** The distinct stores the routers' session options name, in the order of the routers. */
    private List<Store> stores() {
        List<Store> stores = new ArrayList<>();
        for (Router router : server.application().routers()) {
            Store store = router.options().session().store();
            if (store != null && stores.stream().noneMatch(known -> known == store)) {
                stores.add(store);
            }
        }
        return stores;
    }

    private CompletableFuture<Map<String, Object>> ping(Store store) {
        String type = store.getClass().getSimpleName();
        long start = System.nanoTime();
        CompletableFuture<Void> ping;
        try {
            ping = store.ping().toCompletableFuture().copy(); // a copy: the timeout must not complete the store's own future
        } catch (RuntimeException e) {
            ping = CompletableFuture.failedFuture(e);
        }
        return ping.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).handle((ok, failure) -> {
            if (failure == null) {
                return result("status", "UP", "type", type,
                        "ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            }
            Throwable cause = unwrap(failure);
            LOG.debug("readiness: the {} did not answer its ping", type, cause);
            String error = cause instanceof TimeoutException ? "timeout after " + timeout.toMillis() + " ms"
                    : cause.getClass().getSimpleName();
            return result("status", "DOWN", "type", type, "error", error);
        });
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}

package io.simples.session;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Redis Cluster of a test's own: three masters with a replica each ({@code redis-cli --cluster
 * create}), each a {@code redis-server} process on a free
 * port, stopped by PID at the end. Skips the test without {@code redis-server}, unless
 * {@code SIMPLES_REQUIRE_REDIS=1}. Shared through this module's test jar.
 */
public final class RedisClusterNodes implements AutoCloseable {

    private final Path directory;
    private final Map<Integer, Process> nodes = new LinkedHashMap<>(); // port -> process

    private RedisClusterNodes(Path directory) {
        this.directory = directory;
    }

    /** Starts six nodes in {@code directory}, a node failed after 1 s of silence (for failover tests). */
    public static RedisClusterNodes start(Path directory) throws Exception {
        return start(directory, Duration.ofSeconds(1));
    }

    /**
     * Starts six nodes in {@code directory}, makes them one cluster and waits until every node says
     * it is ok. A test that wants no failover gives a long {@code nodeTimeout}: with the machine's
     * two cores busy, nodes silent for a second are failed over by the others.
     */
    public static RedisClusterNodes start(Path directory, Duration nodeTimeout) throws Exception {
        RedisClusterNodes cluster = new RedisClusterNodes(directory);
        try {
            List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
            for (int i = 0; i < 6; i++) {
                int port = RedisServers.freePort();
                cluster.nodes.put(port, RedisServers.launch(List.of("redis-server", "--port", Integer.toString(port),
                        "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", directory.toString(),
                        "--cluster-enabled", "yes", "--cluster-config-file", "nodes-" + port + ".conf",
                        "--cluster-node-timeout", Long.toString(nodeTimeout.toMillis())), directory, "node-" + port + ".log", port));
                create.add("127.0.0.1:" + port);
            }
            create.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
            Process made = new ProcessBuilder(create).redirectErrorStream(true)
                    .redirectOutput(directory.resolve("create.log").toFile()).start();
            if (!made.waitFor(60, TimeUnit.SECONDS) || made.exitValue() != 0) {
                throw new AssertionError("redis-cli --cluster create failed; see " + directory.resolve("create.log"));
            }
            cluster.awaitOk(Duration.ofSeconds(30));
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /** The URI of one node, from which a cluster client finds the others. */
    public String uri() {
        return "redis://127.0.0.1:" + nodes.keySet().iterator().next();
    }

    /** The ports of the nodes that are masters now. */
    public List<Integer> masters() {
        List<Integer> masters = new ArrayList<>();
        nodes.forEach((port, process) -> {
            if (process.isAlive() && "master".equals(role(port))) {
                masters.add(port);
            }
        });
        return masters;
    }

    /** SIGKILLs the master on {@code port}. */
    public void kill(int port) throws InterruptedException {
        Process master = nodes.get(port);
        master.destroyForcibly();
        master.waitFor(10, TimeUnit.SECONDS);
    }

    /** Freezes every replica (SIGSTOP): the masters go on acknowledging writes no replica gets. */
    public void freezeReplicas() throws Exception {
        for (Map.Entry<Integer, Process> node : nodes.entrySet()) {
            if (node.getValue().isAlive() && "slave".equals(role(node.getKey()))) {
                RedisServers.signal(node.getValue(), "STOP");
            }
        }
    }

    /** Lets every node go on (SIGCONT). */
    public void thaw() throws Exception {
        for (Process process : nodes.values()) {
            if (process.isAlive()) {
                RedisServers.signal(process, "CONT");
            }
        }
    }

    /** Waits until three living masters serve every slot again (after a kill, a replica promoted). */
    public void awaitOk(Duration limit) {
        Await.poll("the cluster ok with three masters", limit, Duration.ofMillis(100), () -> {
            boolean ok = masters().size() == 3;
            for (Map.Entry<Integer, Process> node : nodes.entrySet()) {
                if (ok && node.getValue().isAlive()) {
                    String info = String.join("\n", RedisServers.command(node.getKey(), "CLUSTER", "INFO"));
                    ok = info.contains("cluster_state:ok");
                }
            }
            return ok;
        });
    }

    private static String role(int port) {
        try {
            return RedisServers.command(port, "ROLE").get(0);
        } catch (java.io.IOException e) {
            return "gone";
        }
    }

    @Override
    public void close() throws Exception {
        thaw();
        for (Process process : nodes.values()) {
            process.destroy();
        }
        for (Process process : nodes.values()) {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}

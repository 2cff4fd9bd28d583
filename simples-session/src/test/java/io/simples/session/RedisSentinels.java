package io.simples.session;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Redis of a test's own with automatic failover: a master, two replicas and three sentinels
 * (quorum 2, a master is down after 1 s of silence), each a {@code redis-server} process on a free
 * port, stopped by PID at the end. {@link #killMaster()} SIGKILLs whichever server is the master
 * now; {@link #freezeReplicas()} opens the window in which asynchronous replication loses writes. Skips the test without {@code redis-server}, unless {@code SIMPLES_REQUIRE_REDIS=1}.
 * Shared through this module's test jar.
 */
public final class RedisSentinels implements AutoCloseable {

    /** The name the sentinels know the master by. */
    public static final String MASTER = "simples";

    private final Path directory;
    private final Map<Integer, Process> servers = new LinkedHashMap<>(); // port -> process
    private final List<Integer> sentinelPorts = new ArrayList<>();
    private final List<Process> sentinels = new ArrayList<>();

    private RedisSentinels(Path directory) {
        this.directory = directory;
    }

    /** Starts the six processes, their files and logs in {@code directory}, and waits until the sentinels see both replicas. */
    public static RedisSentinels start(Path directory) throws Exception {
        RedisSentinels redis = new RedisSentinels(directory);
        try {
            int master = RedisServers.freePort();
            redis.server(master, List.of());
            for (int i = 0; i < 2; i++) {
                redis.server(RedisServers.freePort(), List.of("--replicaof", "127.0.0.1", Integer.toString(master)));
            }
            for (int i = 0; i < 3; i++) {
                redis.sentinel(RedisServers.freePort(), master);
            }
            redis.awaitReplicasSeen(Duration.ofSeconds(20));
        } catch (Exception | Error e) {
            redis.close();
            throw e;
        }
        return redis;
    }

    /** The URI of the sentinels, with the master's name, for {@code RedisStore.connect} and {@code Cluster.redis}. */
    public String uri() {
        StringBuilder uri = new StringBuilder("redis-sentinel://");
        for (int i = 0; i < sentinelPorts.size(); i++) {
            uri.append(i == 0 ? "" : ",").append("127.0.0.1:").append(sentinelPorts.get(i));
        }
        return uri.append('#').append(MASTER).toString();
    }

    /** The port of the master as the sentinels say now. */
    public int masterPort() throws IOException {
        List<String> address = RedisServers.command(sentinelPorts.get(0), "SENTINEL", "get-master-addr-by-name", MASTER);
        return Integer.parseInt(address.get(1));
    }

    /** SIGKILLs the master (no goodbye, nothing flushed); answers its port. */
    public int killMaster() throws Exception {
        int port = masterPort();
        Process master = servers.get(port);
        master.destroyForcibly();
        master.waitFor(10, TimeUnit.SECONDS);
        return port;
    }

    /**
     * Freezes the replicas (SIGSTOP): the master goes on acknowledging writes that no replica gets,
     * the window in which asynchronous replication loses writes to a failover.
     */
    public void freezeReplicas() throws Exception {
        signalReplicas("STOP");
    }

    /** Lets frozen replicas go on (SIGCONT). */
    public void thawReplicas() throws Exception {
        signalReplicas("CONT");
    }

    private void signalReplicas(String signal) throws Exception {
        int master = masterPort();
        for (Map.Entry<Integer, Process> server : servers.entrySet()) {
            if (server.getKey() != master && server.getValue().isAlive()) {
                RedisServers.signal(server.getValue(), signal);
            }
        }
    }

    /** Waits until the sentinels name a master other than {@code old}; answers its port. */
    public int awaitFailover(int old, Duration limit) throws Exception {
        Await.poll("a failover away from port " + old, limit, Duration.ofMillis(50), () -> {
            int now = masterPort();
            return now != old && "master".equals(role(now));
        });
        return masterPort();
    }

    private void awaitReplicasSeen(Duration limit) {
        // the sentinels discover each other by hello messages every 2 s
        Await.poll("the sentinels seeing two replicas and each other", limit, Duration.ofMillis(100), () -> {
            boolean seen = true;
            for (int sentinel : sentinelPorts) {
                List<String> master = RedisServers.command(sentinel, "SENTINEL", "master", MASTER);
                int i = master.indexOf("num-slaves");
                int j = master.indexOf("num-other-sentinels");
                seen &= i >= 0 && Integer.parseInt(master.get(i + 1)) == 2 && j >= 0 && Integer.parseInt(master.get(j + 1)) == 2;
            }
            return seen;
        });
    }

    private String role(int port) {
        try {
            return RedisServers.command(port, "ROLE").get(0);
        } catch (IOException e) {
            return "gone";
        }
    }

    private void server(int port, List<String> more) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", directory.toString()));
        command.addAll(more);
        servers.put(port, RedisServers.launch(command, directory, "redis-" + port + ".log", port));
    }

    private void sentinel(int port, int master) throws IOException, InterruptedException {
        Path config = directory.resolve("sentinel-" + port + ".conf");
        Files.writeString(config, String.join("\n",
                "port " + port,
                "bind 127.0.0.1",
                "dir " + directory,
                "sentinel monitor " + MASTER + " 127.0.0.1 " + master + " 2",
                "sentinel down-after-milliseconds " + MASTER + " 1000",
                "sentinel failover-timeout " + MASTER + " 4000",
                "sentinel parallel-syncs " + MASTER + " 2", ""));
        sentinelPorts.add(port);
        sentinels.add(RedisServers.launch(List.of("redis-server", config.toString(), "--sentinel"), directory, "sentinel-" + port + ".log", port));
    }

    @Override
    public void close() throws Exception {
        thawReplicas(); // a frozen process ignores SIGTERM
        List<Process> all = new ArrayList<>(sentinels);
        all.addAll(servers.values());
        for (Process process : all) {
            process.destroy();
        }
        for (Process process : all) {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}

package io.simples.session;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
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
            int master = freePort();
            redis.server(master, List.of());
            for (int i = 0; i < 2; i++) {
                redis.server(freePort(), List.of("--replicaof", "127.0.0.1", Integer.toString(master)));
            }
            for (int i = 0; i < 3; i++) {
                redis.sentinel(freePort(), master);
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
        List<String> address = command(sentinelPorts.get(0), "SENTINEL", "get-master-addr-by-name", MASTER);
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
                new ProcessBuilder("kill", "-" + signal, Long.toString(server.getValue().pid())).inheritIO().start().waitFor();
            }
        }
    }

    /** Waits until the sentinels name a master other than {@code old}; answers its port. */
    public int awaitFailover(int old, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            int now = masterPort();
            if (now != old && "master".equals(role(now))) {
                return now;
            }
            TimeUnit.MILLISECONDS.sleep(50); // a poll of other processes' state: nothing here to await
        }
        throw new AssertionError("no failover within " + limit + ": the sentinels still name port " + old);
    }

    private void awaitReplicasSeen(Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            boolean seen = true;
            for (int sentinel : sentinelPorts) {
                List<String> master = command(sentinel, "SENTINEL", "master", MASTER);
                int i = master.indexOf("num-slaves");
                int j = master.indexOf("num-other-sentinels");
                seen &= i >= 0 && Integer.parseInt(master.get(i + 1)) == 2 && j >= 0 && Integer.parseInt(master.get(j + 1)) == 2;
            }
            if (seen) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(100); // the sentinels discover each other by hello messages every 2 s
        }
        throw new AssertionError("the sentinels did not see two replicas and each other within " + limit);
    }

    private String role(int port) {
        try {
            return command(port, "ROLE").get(0);
        } catch (IOException e) {
            return "gone";
        }
    }

    private void server(int port, List<String> more) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", directory.toString()));
        command.addAll(more);
        servers.put(port, launch(command, "redis-" + port + ".log", port));
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
        sentinels.add(launch(List.of("redis-server", config.toString(), "--sentinel"), "sentinel-" + port + ".log", port));
    }

    private Process launch(List<String> command, String log, int port) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(directory.resolve(log).toFile()).start();
        } catch (IOException e) {
            if ("1".equals(System.getenv("SIMPLES_REQUIRE_REDIS"))) {
                fail("SIMPLES_REQUIRE_REDIS=1 but redis-server cannot be started", e);
            }
            assumeTrue(false, "no redis-server on the PATH");
            throw e;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket probe = new Socket("127.0.0.1", port)) {
                return process;
            } catch (IOException notYet) {
                if (process.waitFor(20, TimeUnit.MILLISECONDS)) {
                    fail(command + " exited with " + process.exitValue() + "; see " + directory.resolve(log));
                }
            }
        }
        process.destroyForcibly();
        throw new AssertionError(command + " did not start on port " + port);
    }

    /** Sends one command in RESP and reads a flat reply (a bulk string, an integer or an array of those). */
    static List<String> command(int port, String... words) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            StringBuilder request = new StringBuilder("*" + words.length + "\r\n");
            for (String word : words) {
                request.append('$').append(word.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(word).append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            List<String> reply = new ArrayList<>();
            read(in, reply);
            return reply;
        }
    }

    private static void read(InputStream in, List<String> into) throws IOException {
        String line = line(in);
        switch (line.charAt(0)) {
            case '*' -> {
                int count = Integer.parseInt(line.substring(1));
                for (int i = 0; i < count; i++) {
                    read(in, into);
                }
            }
            case '$' -> {
                int length = Integer.parseInt(line.substring(1));
                if (length < 0) {
                    into.add(null);
                    return;
                }
                byte[] bytes = in.readNBytes(length + 2);
                into.add(new String(bytes, 0, length, StandardCharsets.UTF_8));
            }
            case '-' -> throw new IOException("Redis answered " + line);
            default -> into.add(line.substring(1));
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\r') {
                in.read(); // the \n
                return line.toString();
            }
            line.append((char) c);
        }
        throw new IOException("Redis closed the connection");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
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

package io.simples.session;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Redis processes for the failover tests: started on free ports, asked in RESP, signalled by PID. */
final class RedisServers {

    private RedisServers() {
    }

    static Process launch(List<String> command, Path directory, String log, int port) throws IOException, InterruptedException {
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

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Sends {@code signal} (STOP, CONT, KILL) to {@code process}. */
    static void signal(Process process, String signal) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start().waitFor();
    }
}

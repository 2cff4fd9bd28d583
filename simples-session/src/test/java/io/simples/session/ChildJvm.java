package io.simples.session;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A child JVM on the test's own class path, for what a test must do to a real process (SIGTERM
 * it, run two of them on one Redis): started with {@link #start}, its output read until a line
 * says what the test waits for ({@link #awaitLine}) and drained after. Shared through this
 * module's test jar.
 */
public final class ChildJvm {

    private ChildJvm() {
    }

    /** Starts {@code mainClass} with {@code args}, its environment changed by {@code environment} (a null value removes). */
    public static Process start(String mainClass, Map<String, String> environment, String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp", classpath,
                mainClass));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        environment.forEach((name, value) -> {
            if (value == null) {
                builder.environment().remove(name);
            } else {
                builder.environment().put(name, value);
            }
        });
        return builder.start();
    }

    /**
     * Reads {@code child}'s output until {@code parse} makes something of a line (it returns null
     * for the others), then keeps draining it; fails with the output so far when the child ends
     * first or 30 s pass.
     */
    public static <T> T awaitLine(Process child, Function<String, T> parse) throws Exception {
        BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<T> found = new CompletableFuture<>();
        StringBuilder output = new StringBuilder();
        Thread reader = new Thread(() -> {
            try {
                String line;
                while ((line = lines.readLine()) != null) {
                    synchronized (output) {
                        output.append(line).append('\n');
                    }
                    T parsed = found.isDone() ? null : parse.apply(line);
                    if (parsed != null) {
                        found.complete(parsed);
                    }
                }
            } catch (IOException ended) {
                // the child is gone
            }
            synchronized (output) {
                found.completeExceptionally(new AssertionError("the child ended before the line awaited:\n" + output));
            }
        });
        reader.setDaemon(true);
        reader.start();
        return found.get(30, TimeUnit.SECONDS);
    }
}

package io.simples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A user's own {@code main} without an SLF4J backend hears of it once, on stderr, at the first
 * start; with one, nothing is said. Each case is a child JVM that starts and stops a server.
 */
@Timeout(120)
class LoggingBackendTest {

    /** The child: one server started and stopped, twice (the line comes once). */
    public static final class Child {
        public static void main(String[] args) {
            Simples.server(0).stop();
            Simples.server(0).stop();
            System.exit(0);
        }
    }

    private static String run(boolean withBackend) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        if (!withBackend) {
            classpath = Arrays.stream(classpath.split(File.pathSeparator))
                    .filter(entry -> !entry.contains("logback"))
                    .collect(Collectors.joining(File.pathSeparator));
        }
        Process child = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-cp", classpath, Child.class.getName())
                .redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, child.exitValue(), output);
        return output;
    }

    @Test
    void without_a_backend_the_first_start_says_so_once() throws Exception {
        String output = run(false);
        assertEquals(1, output.split("no SLF4J backend on the class path", -1).length - 1, output);
        assertTrue(output.contains("ch.qos.logback:logback-classic"), output);
    }

    @Test
    void with_a_backend_nothing_is_said() throws Exception {
        assertFalse(run(true).contains("no SLF4J backend"));
    }
}

package io.simples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A user's own {@code main} without an SLF4J backend, or with Logback and no configuration for it,
 * hears of it once, on stderr, at the first start; with a configured backend, nothing is said. Each case is a child JVM that starts and stops a server.
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

    private enum Backend { NONE, LOGBACK_UNCONFIGURED, LOGBACK_CONFIGURED }

    private static String run(Backend backend) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        if (backend == Backend.NONE) {
            classpath = Arrays.stream(classpath.split(File.pathSeparator))
                    .filter(entry -> !entry.contains("logback"))
                    .collect(Collectors.joining(File.pathSeparator));
        } else if (backend == Backend.LOGBACK_UNCONFIGURED) { // the test classes hold a logback-test.xml: the child gets only its own class
            Path alone = Files.createTempDirectory("simples-child");
            String name = Child.class.getName().replace('.', '/') + ".class";
            Path copy = alone.resolve(name);
            Files.createDirectories(copy.getParent());
            try (var in = Child.class.getClassLoader().getResourceAsStream(name)) {
                Files.copy(in, copy);
            }
            classpath = Arrays.stream(classpath.split(File.pathSeparator))
                    .filter(entry -> !holdsLogbackConfiguration(Path.of(entry)))
                    .collect(Collectors.joining(File.pathSeparator)) + File.pathSeparator + alone;
        }
        Process child = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-cp", classpath, Child.class.getName())
                .redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, child.exitValue(), output);
        return output;
    }

    /** Test classes and test jars (simples-session's, in a build that packaged it) carry a logback-test.xml. */
    private static boolean holdsLogbackConfiguration(Path entry) {
        if (Files.isDirectory(entry)) {
            return Files.exists(entry.resolve("logback-test.xml")) || Files.exists(entry.resolve("logback.xml"));
        }
        try (java.util.jar.JarFile jar = new java.util.jar.JarFile(entry.toFile())) {
            return jar.getEntry("logback-test.xml") != null || jar.getEntry("logback.xml") != null;
        } catch (java.io.IOException e) {
            return false; // not a jar: nothing Logback would read
        }
    }

    @Test
    void without_a_backend_the_first_start_says_so_once() throws Exception {
        String output = run(Backend.NONE);
        assertEquals(1, output.split("no SLF4J backend on the class path", -1).length - 1, output);
        assertTrue(output.contains("ch.qos.logback:logback-classic"), output);
    }

    @Test
    void logback_without_a_configuration_is_told_to_get_one_once() throws Exception {
        String output = run(Backend.LOGBACK_UNCONFIGURED);
        assertEquals(1, output.split("Logback found no logback.xml", -1).length - 1, output);
        assertFalse(output.contains("no SLF4J backend"), output);
    }

    @Test
    void with_a_configured_backend_nothing_is_said() throws Exception {
        String output = run(Backend.LOGBACK_CONFIGURED);
        assertFalse(output.contains("no SLF4J backend") || output.contains("Logback found no"), output);
    }
}

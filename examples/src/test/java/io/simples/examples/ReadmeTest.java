package io.simples.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The README shows the starter project's files, whole: a snippet a user copies is a project CI
 * builds ({@code .ci/run} builds the README's {@code pom.xml} with the starter's sources). Each
 * snippet is the fenced block after a marker comment such as {@code <!-- starter-pom -->}.
 */
@Timeout(30)
class ReadmeTest {

    private static final Path ROOT = Path.of("..");

    /** The fenced block right after {@code <!-- marker -->} in the README. */
    static String block(String marker) throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        int at = readme.indexOf("<!-- " + marker + " -->");
        assertTrue(at >= 0, "the README has no <!-- " + marker + " --> marker");
        int open = readme.indexOf("```", at);
        int start = readme.indexOf('\n', open) + 1;
        int end = readme.indexOf("\n```", start);
        return readme.substring(start, end + 1);
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "starter-pom, examples/starter/pom.xml",
        "quick-start, examples/starter/src/main/java/com/example/App.java",
        "quick-test, examples/starter/src/test/java/com/example/AppTest.java",
        "logback-xml, examples/starter/src/main/resources/logback.xml"
    })
    void each_snippet_is_the_starter_file_it_shows(String marker, String file) throws IOException {
        assertEquals(Files.readString(ROOT.resolve(file)), block(marker), "README's " + marker + " differs from " + file);
    }

    @Test
    void the_run_command_is_one_line_that_ci_can_run_as_written() throws IOException {
        String run = block("run-command");
        assertTrue(run.startsWith("mvn ") && run.indexOf('\n') == run.length() - 1, run);
        String test = block("test-command");
        assertTrue(test.startsWith("mvn ") && test.indexOf('\n') == test.length() - 1, test);
        assertTrue(Files.readString(ROOT.resolve(".ci/run")).contains("readme_block test-command"),
                "CI runs the README's test command");
    }
}

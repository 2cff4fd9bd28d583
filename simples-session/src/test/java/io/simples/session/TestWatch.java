package io.simples.session;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.slf4j.LoggerFactory;

/**
 * Watches every test of the modules that load it (through the service loader, with extension
 * auto-detection on in their {@code junit-platform.properties}): keeps the log lines of a test
 * and prints them only when it fails, and fails a test during which Netty reported a leaked
 * buffer or a thread died of an uncaught exception, or after which Netty's global executor is stuck. A leak is reported when the buffer is
 * collected, so it fails the test that was running then, which names the leak's origin in its
 * log. Tests of one module run one after another, so what is logged belongs to the running test.
 */
public final class TestWatch implements BeforeEachCallback, AfterEachCallback, TestWatcher {

    private static final Capture CAPTURE = Capture.install();

    @Override
    public void beforeEach(ExtensionContext context) {
        CAPTURE.reset();
    }

    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        // Netty's global executor is one thread for the whole process (pools close their connections on it, Lettuce's
        // shutdown hands it tasks): a test that leaves it waiting for good would hang every later test that needs it
        if (!GlobalEventExecutor.INSTANCE.submit(() -> { }).await(5, TimeUnit.SECONDS)) {
            StringBuilder where = new StringBuilder("Netty's global executor is still busy 5 s after this test:");
            Thread.getAllStackTraces().forEach((thread, stack) -> {
                if (thread.getName().startsWith("globalEventExecutor")) {
                    for (StackTraceElement frame : stack) {
                        where.append("\n\tat ").append(frame);
                    }
                }
            });
            throw new AssertionError(where.toString());
        }
        List<String> problems = CAPTURE.problems();
        if (!problems.isEmpty()) {
            throw new AssertionError("while this test ran:\n" + String.join("\n", problems));
        }
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        List<String> lines = CAPTURE.lines();
        if (!lines.isEmpty()) {
            System.err.println("---- log of " + context.getDisplayName() + " ----");
            lines.forEach(System.err::println);
        }
    }

    @Override
    public void testSuccessful(ExtensionContext context) {
        // its log stays unprinted
    }

    @Override
    public void testAborted(ExtensionContext context, Throwable cause) {
        // skipped (Redis or a browser missing): nothing to show
    }

    @Override
    public void testDisabled(ExtensionContext context, Optional<String> reason) {
        // never run
    }

    /** The root logger's appender while tests run, and the JVM's default uncaught-exception handler. */
    private static final class Capture extends AppenderBase<ILoggingEvent> {

        private final List<String> lines = new ArrayList<>();
        private final List<String> problems = new ArrayList<>();

        static Capture install() {
            Capture capture = new Capture();
            if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logback) {
                capture.setContext(logback);
                capture.setName("test-watch");
                capture.start();
                logback.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(capture);
            }
            Thread.setDefaultUncaughtExceptionHandler((thread, failure) ->
                    capture.problem("uncaught in " + thread + ": " + failure + "\n" + stack(failure)));
            return capture;
        }

        @Override
        protected void append(ILoggingEvent event) {
            String line = event.getInstant() + " " + event.getLevel() + " [" + event.getThreadName() + "] "
                    + event.getLoggerName() + " - " + event.getFormattedMessage()
                    + (event.getThrowableProxy() == null ? "" : "\n" + ThrowableProxyUtil.asString(event.getThrowableProxy()));
            synchronized (this) {
                lines.add(line);
            }
            if (event.getLevel() == Level.ERROR && event.getFormattedMessage().startsWith("LEAK:")) {
                problem("Netty reported a leaked buffer: " + line);
            }
        }

        synchronized void problem(String what) {
            problems.add(what);
        }

        synchronized void reset() {
            lines.clear();
            problems.clear();
        }

        synchronized List<String> lines() {
            return List.copyOf(lines);
        }

        synchronized List<String> problems() {
            return List.copyOf(problems);
        }

        private static String stack(Throwable failure) {
            java.io.StringWriter text = new java.io.StringWriter();
            failure.printStackTrace(new java.io.PrintWriter(text));
            return text.toString();
        }
    }
}

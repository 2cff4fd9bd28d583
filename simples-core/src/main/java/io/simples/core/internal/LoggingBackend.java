package io.simples.core.internal;

import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.NOPLoggerFactory;

/**
 * Says so, once per process, when no SLF4J backend is on the class path (the framework then logs
 * nothing, errors included, and SLF4J's own three-line warning scrolls by unnoticed), or when the
 * backend is Logback without a configuration file (it then logs everything at DEBUG, some sixty
 * lines of Netty's internals at every start).
 */
public final class LoggingBackend {

    static final String MISSING = "simpleS: no SLF4J backend on the class path, so nothing is logged, errors"
            + " included. Add one to your dependencies, e.g. ch.qos.logback:logback-classic"
            + " (or org.slf4j:slf4j-simple), and this line goes away.";
    static final String UNCONFIGURED = "simpleS: Logback found no logback.xml, so it logs everything at DEBUG."
            + " Put a logback.xml in src/main/resources (the README has one) and this line goes away.";
    private static final AtomicBoolean CHECKED = new AtomicBoolean();

    private LoggingBackend() {
    }

    /** At a listener's first start: prints {@link #MISSING} to stderr when SLF4J found no backend. */
    public static void checkOnce() {
        if (!CHECKED.compareAndSet(false, true)) {
            return;
        }
        Object backend = LoggerFactory.getILoggerFactory();
        if (backend instanceof NOPLoggerFactory) {
            System.err.println(MISSING);
        } else if (backend.getClass().getName().equals("ch.qos.logback.classic.LoggerContext") && !logbackConfigured()) {
            System.err.println(UNCONFIGURED);
        }
    }

    /** Where Logback looks for its configuration (a system property, then two files on the class path). */
    private static boolean logbackConfigured() {
        if (System.getProperty("logback.configurationFile") != null) {
            return true;
        }
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = LoggingBackend.class.getClassLoader();
        }
        return loader.getResource("logback-test.xml") != null || loader.getResource("logback.xml") != null;
    }
}

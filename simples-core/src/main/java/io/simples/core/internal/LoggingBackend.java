package io.simples.core.internal;

import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.NOPLoggerFactory;

/**
 * Says so, once per process, when no SLF4J backend is on the class path: the framework then logs
 * nothing, errors included, and SLF4J's own three-line warning scrolls by unnoticed.
 */
public final class LoggingBackend {

    static final String MISSING = "simpleS: no SLF4J backend on the class path, so nothing is logged, errors"
            + " included. Add one to your dependencies, e.g. ch.qos.logback:logback-classic"
            + " (or org.slf4j:slf4j-simple), and this line goes away.";
    private static final AtomicBoolean CHECKED = new AtomicBoolean();

    private LoggingBackend() {
    }

    /** At a listener's first start: prints {@link #MISSING} to stderr when SLF4J found no backend. */
    public static void checkOnce() {
        if (CHECKED.compareAndSet(false, true) && LoggerFactory.getILoggerFactory() instanceof NOPLoggerFactory) {
            System.err.println(MISSING);
        }
    }
}

package io.simples.session;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One daemon thread that sweeps expired sessions out of every {@link MemoryStore} and
 * {@link FileStore} of the process. A sweep holds its store only weakly, so a store that was
 * dropped without {@code close()} is still collected, and its sweep stops.
 */
final class Sweeper {

    private static final Logger LOG = LoggerFactory.getLogger(Sweeper.class);
    private static final ScheduledExecutorService THREAD = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "simples-session-sweeper");
        thread.setDaemon(true);
        return thread;
    });

    private Sweeper() {
    }

    /** Runs {@code sweep} on {@code owner} every {@code interval} until the returned future is cancelled. */
    static <T> ScheduledFuture<?> every(Duration interval, T owner, Consumer<T> sweep) {
        WeakReference<T> weakOwner = new WeakReference<>(owner);
        AtomicReference<ScheduledFuture<?>> self = new AtomicReference<>();
        long millis = Math.max(1, interval.toMillis());
        ScheduledFuture<?> future = THREAD.scheduleWithFixedDelay(() -> {
            T live = weakOwner.get();
            if (live == null) {
                ScheduledFuture<?> mine = self.get();
                if (mine != null) {
                    mine.cancel(false);
                }
                return;
            }
            try {
                sweep.accept(live);
            } catch (RuntimeException e) {
                LOG.warn("session sweep of {} failed; it will run again", live, e);
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
        self.set(future);
        return future;
    }
}

package io.simples.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class HandoffTest {

    private final MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventLoop loop = group.next();
    /** The real handler executor, counting how often the event loop itself hands it something. */
    private final AtomicInteger wakeUps = new AtomicInteger();
    private final Executor handlers = task -> {
        if (loop.inEventLoop()) {
            wakeUps.incrementAndGet();
        }
        Handoff.handlers().execute(task);
    };

    @AfterEach
    void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void tasks_given_in_one_turn_of_the_loop_reach_the_handlers_in_one_hand_off() throws Exception {
        int tasks = 50;
        CountDownLatch done = new CountDownLatch(tasks);
        AtomicInteger onLoop = new AtomicInteger();
        Executor handoff = Handoff.of(loop, handlers);
        loop.execute(() -> {
            for (int i = 0; i < tasks; i++) {
                handoff.execute(() -> {
                    if (loop.inEventLoop()) {
                        onLoop.incrementAndGet();
                    }
                    done.countDown();
                });
            }
        });
        assertTrue(done.await(10, TimeUnit.SECONDS), "every task ran");
        assertEquals(1, wakeUps.get(), "one hand-off; the handler side started the rest");
        assertEquals(0, onLoop.get(), "no task ran on the event loop");
    }

    @Test
    void each_turn_of_the_loop_hands_its_own_tasks_over() throws Exception {
        CountDownLatch done = new CountDownLatch(3);
        Executor handoff = Handoff.of(loop, handlers);
        for (int turn = 0; turn < 3; turn++) {
            loop.submit(() -> handoff.execute(done::countDown)).sync();
        }
        assertTrue(done.await(10, TimeUnit.SECONDS));
        assertEquals(3, wakeUps.get());
    }

    @Test
    void a_task_given_off_the_loop_goes_to_the_handlers_at_once() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        AtomicInteger given = new AtomicInteger();
        Handoff.of(loop, task -> {
            given.incrementAndGet();
            handlers.execute(task);
        }).execute(done::countDown);
        assertEquals(1, given.get(), "handed over before execute returned");
        assertTrue(done.await(10, TimeUnit.SECONDS));
    }

    /**
     * A loop shutting down gracefully still takes tasks (it runs them before it ends): the batch's
     * hand-off is queued as usual.
     */
    @Test
    void tasks_given_while_the_loop_shuts_down_gracefully_still_run() throws Exception {
        CountDownLatch done = new CountDownLatch(2);
        Executor handoff = Handoff.of(loop, handlers);
        loop.execute(() -> {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            handoff.execute(done::countDown);
            handoff.execute(done::countDown);
        });
        assertTrue(done.await(10, TimeUnit.SECONDS), "no task is lost with its loop");
    }

    /**
     * A loop that is shut down refuses every task, its own included: the tasks given on it then go
     * to the handlers at once instead of being lost with the refused hand-off (the branch for
     * {@code RejectedExecutionException}; without it both tasks are lost and this test fails).
     */
    @Test
    @SuppressWarnings("deprecation") // shutdown(): the one way to make a live loop refuse its own tasks at once
    void tasks_given_on_a_loop_that_refuses_tasks_go_to_the_handlers_at_once() throws Exception {
        CountDownLatch done = new CountDownLatch(2);
        AtomicInteger refused = new AtomicInteger();
        Executor handoff = Handoff.of(loop, handlers);
        loop.execute(() -> {
            loop.shutdown();
            try {
                loop.execute(() -> { });
            } catch (java.util.concurrent.RejectedExecutionException expected) {
                refused.incrementAndGet();
            }
            handoff.execute(done::countDown);
            handoff.execute(done::countDown);
        });
        assertTrue(done.await(10, TimeUnit.SECONDS), "no task is lost with its loop");
        assertEquals(1, refused.get(), "the loop refused tasks when they were given (else this test proves nothing)");
        assertEquals(2, wakeUps.get(), "each went to the handlers on its own");
    }

    @Test
    void an_inline_executor_is_kept_as_it_is() {
        assertSame(Handoff.INLINE, Handoff.of(loop, Handoff.INLINE));
    }
}

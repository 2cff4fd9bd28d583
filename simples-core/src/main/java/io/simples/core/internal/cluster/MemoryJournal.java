package io.simples.core.internal.cluster;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link Journal} in this process: for a server alone, or the servers of a
 * {@code Cluster.local()}. Whoever appends holds the journal's lock while it appends and hands
 * the message on, so that every recipient sees a stream's messages in the order of their ids.
 * What is too old is swept now and then as the journal is used.
 */
public final class MemoryJournal implements Journal {

    private static final int SWEEP_EVERY = 1024;

    private final long keep;
    private final int count;
    private final Map<String, Stream> streams = new HashMap<>(); // guarded by this
    private final Map<String, Marks> holders = new HashMap<>(); // guarded by this
    private long lastMs;
    private long lastN;
    private int uses;

    /** A journal that keeps each stream's messages for {@code keep}, {@code count} at most. */
    public MemoryJournal(Duration keep, int count) {
        this.keep = keep.toMillis();
        this.count = count;
    }

    private static final class Stream {
        final ArrayDeque<Entry> entries = new ArrayDeque<>();
        String dropped = ORIGIN; // the last id dropped: a position before it has a gap
        long touched;
    }

    private static final class Marks {
        final Map<String, String> fields = new HashMap<>();
        long until;
    }

    /** Appends {@code text} to {@code stream} and answers its id; the caller holds this journal's lock while it hands the message on. */
    public String append(String stream, String text) {
        assert Thread.holdsLock(this);
        long now = System.currentTimeMillis();
        if (now > lastMs) {
            lastMs = now;
            lastN = 0;
        } else {
            lastN++;
        }
        String id = lastMs + "-" + lastN;
        Stream kept = streams.computeIfAbsent(stream, s -> new Stream());
        kept.entries.addLast(new Entry(id, text));
        kept.touched = now;
        trim(kept, now);
        used(now);
        return id;
    }

    private void trim(Stream stream, long now) {
        while (!stream.entries.isEmpty() && (stream.entries.size() > count || timeOf(stream.entries.peekFirst().id()) < now - keep)) {
            stream.dropped = stream.entries.removeFirst().id();
        }
    }

    private static long timeOf(String id) {
        return Long.parseLong(id, 0, id.indexOf('-'), 10);
    }

    @Override
    public synchronized CompletableFuture<String> mark(String holder, String field, Duration life) {
        long now = System.currentTimeMillis();
        Stream stream = streams.get(Journal.stream(holder, field));
        String last = stream == null || stream.entries.isEmpty() ? ORIGIN : stream.entries.peekLast().id();
        Marks marks = holders.computeIfAbsent(holder, h -> new Marks());
        marks.fields.putIfAbsent(field, last);
        marks.until = now + life.toMillis();
        used(now);
        return CompletableFuture.completedFuture(last);
    }

    @Override
    public synchronized CompletableFuture<Map<String, String>> marks(String holder, Duration life) {
        long now = System.currentTimeMillis();
        Marks marks = holders.get(holder);
        if (marks == null || marks.until < now) {
            holders.remove(holder);
            return CompletableFuture.completedFuture(Map.of());
        }
        marks.until = now + life.toMillis();
        return CompletableFuture.completedFuture(Map.copyOf(marks.fields));
    }

    @Override
    public synchronized void touch(String holder, Duration life) {
        Marks marks = holders.get(holder);
        if (marks != null) {
            marks.until = Math.max(marks.until, System.currentTimeMillis() + life.toMillis());
        }
    }

    @Override
    public synchronized void unmark(String holder, String field) {
        Marks marks = holders.get(holder);
        if (marks != null) {
            marks.fields.remove(field);
        }
    }

    @Override
    public synchronized CompletableFuture<Replay> replay(String holder, String field, String after) {
        long now = System.currentTimeMillis();
        Stream stream = streams.get(Journal.stream(holder, field));
        if (stream == null) { // nothing kept: a gap only when the position is older than what would be kept
            return CompletableFuture.completedFuture(new Replay(List.of(), timeOf(after) < now - keep && !ORIGIN.equals(after)));
        }
        trim(stream, now);
        List<Entry> found = new ArrayList<>();
        for (Entry entry : stream.entries) {
            if (Journal.compare(entry.id(), after) > 0) {
                found.add(entry);
            }
        }
        return CompletableFuture.completedFuture(new Replay(found, Journal.compare(stream.dropped, after) > 0));
    }

    /** Every {@value #SWEEP_EVERY} uses: forgets streams nobody appended to for longer than they are kept, and expired marks. */
    private void used(long now) {
        if (++uses % SWEEP_EVERY != 0) {
            return;
        }
        for (Iterator<Stream> kept = streams.values().iterator(); kept.hasNext(); ) {
            if (kept.next().touched < now - keep) {
                kept.remove();
            }
        }
        holders.values().removeIf(marks -> marks.until < now);
    }
}

package io.simples.session;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An embedded, persistent {@link Store}: one JSON file per session in a directory, so sessions
 * survive a restart of the process.
 *
 * <p>A session is the file {@code <id>.json} holding its values as one JSON object (see
 * {@link Session} for what comes back); its expiration is the file's last-modified time, so
 * {@link #update} only touches the file and the sweep only lists the directory. Every write goes
 * to a temporary file that is forced to disk (data and time) and then renamed over the old one,
 * and the directory is forced after the rename, so a crash or a power cut leaves the old file or
 * the new one, never a torn one, and never brings back an older file after a write returned; temporary files left by a crash are
 * deleted when a store opens the directory. A file that cannot be read as a session (truncated,
 * edited by hand) is logged and treated as missing. Strings that are not session ids never
 * become file names.
 *
 * <p>I/O runs on the store's own small pool of daemon threads, never on the caller's. Writes to
 * one id take that id's lock (one of 64), which makes {@link #apply} atomic within the process;
 * two processes must not share a directory. {@link #close()} stops the sweep and the pool.
 */
public final class FileStore implements Store, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FileStore.class);
    private static final String SUFFIX = ".json";
    private static final String TEMPORARY = ".tmp";
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final Path directory;
    private final Clock clock;
    private final ReentrantLock[] locks = new ReentrantLock[64];
    private final ExecutorService io;
    private final ScheduledFuture<?> sweep;
    private final LongAdder directorySyncs = new LongAdder();
    private volatile boolean directoriesCanBeForced = true;

    /**
     * A store in {@code directory} (created when missing), swept every minute.
     *
     * @param directory where the session files go
     * @throws UncheckedIOException when the directory cannot be created or cleaned up
     */
    public FileStore(Path directory) {
        this(directory, MemoryStore.DEFAULT_SWEEP_INTERVAL);
    }

    /**
     * A store in {@code directory} (created when missing), swept every {@code sweepInterval}.
     *
     * @param directory where the session files go
     * @param sweepInterval how often the files of expired sessions are deleted
     * @throws UncheckedIOException when the directory cannot be created or cleaned up
     */
    public FileStore(Path directory, Duration sweepInterval) {
        this(directory, sweepInterval, Clock.systemUTC());
    }

    FileStore(Path directory, Duration sweepInterval, Clock clock) {
        this.directory = directory.toAbsolutePath().normalize();
        this.clock = clock;
        try {
            Files.createDirectories(this.directory);
            deleteTemporaryFiles();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use " + this.directory + " as a session store", e);
        }
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new ReentrantLock();
        }
        int pool = POOLS.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        this.io = Executors.newFixedThreadPool(4, task -> {
            Thread thread = new Thread(task, "simples-file-store-" + pool + "-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.sweep = Sweeper.every(sweepInterval, this, FileStore::sweep);
    }

    /**
     * The directory holding the session files.
     *
     * @return the directory, absolute and normalized
     */
    public Path directory() {
        return directory;
    }

    @Override
    public CompletableFuture<Map<String, Object>> get(String id) {
        if (!Session.isValidId(id)) {
            return CompletableFuture.completedFuture(null);
        }
        return async(() -> read(id));
    }

    @Override
    public CompletableFuture<Void> set(String id, Map<String, Object> data, Duration timeout) {
        return write(id, () -> {
            write(id, data, timeout);
            return null;
        });
    }

    @Override
    public CompletableFuture<Void> remove(String id) {
        return write(id, () -> {
            deleteIfExists(file(id));
            forceDirectory(); // a destroyed session must not come back after a power cut
            return null;
        });
    }

    @Override
    public CompletableFuture<Void> update(String id, Duration timeout) {
        return write(id, () -> {
            Path file = file(id);
            if (!expired(file)) {
                touch(file, timeout);
            }
            return null;
        });
    }

    @Override
    public CompletableFuture<Void> apply(String id, SessionChanges changes, Duration timeout) {
        return write(id, () -> {
            Map<String, Object> current = read(id);
            Map<String, Object> merged = current == null ? new HashMap<>() : current;
            changes.applyTo(merged);
            write(id, merged, timeout);
            return null;
        });
    }

    /** Deletes the files of expired sessions; the background sweep calls it. */
    void sweep() {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                String id = name.substring(0, name.length() - SUFFIX.length());
                if (Session.isValidId(id) && expired(file)) {
                    withLock(id, () -> expired(file) ? deleteIfExists(file) : null);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot sweep " + directory, e);
        }
    }

    /** Stops the sweep and the I/O threads; work already queued still runs. */
    @Override
    public void close() {
        sweep.cancel(false);
        io.shutdown();
    }

    private Map<String, Object> read(String id) {
        Path file = file(id);
        byte[] json;
        try {
            if (expired(file)) {
                return null;
            }
            json = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read session file " + file, e);
        }
        try {
            return SessionCodec.decodeAll(json);
        } catch (RuntimeException e) {
            LOG.warn("session file {} cannot be read ({}); treating the session as missing", file, e.getMessage());
            return null;
        }
    }

    private void write(String id, Map<String, Object> data, Duration timeout) {
        byte[] json = SessionCodec.encodeAll(data); // fails on a bad value before any file is touched
        Path file = file(id);
        Path temporary = directory.resolve(id + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + TEMPORARY);
        try {
            try (FileChannel channel = FileChannel.open(temporary,
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(json);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                touch(temporary, timeout);
                channel.force(true); // the data and the expiration (the file's time) on disk
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            forceDirectory(); // and the rename: without it a power cut may bring the old file back
        } catch (IOException e) {
            deleteIfExists(temporary);
            throw new UncheckedIOException("cannot write session file " + file, e);
        }
    }

    /**
     * Forces the directory to disk, so that the renames and removals in it survive a power cut.
     * Where a directory cannot be opened (Windows), its entries are as durable as the OS makes
     * them, and this does nothing.
     */
    private void forceDirectory() {
        if (!directoriesCanBeForced) {
            return;
        }
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
            directorySyncs.increment();
        } catch (IOException e) {
            directoriesCanBeForced = false;
            LOG.debug("the session directory {} cannot be forced to disk here: {}", directory, e.toString());
        }
    }

    /** How many times the directory was forced to disk: once per write and removal where the OS allows it. */
    long directorySyncs() {
        return directorySyncs.sum();
    }

    private void touch(Path file, Duration timeout) {
        try {
            Files.setLastModifiedTime(file, FileTime.fromMillis(clock.millis() + timeout.toMillis()));
        } catch (NoSuchFileException e) {
            // removed meanwhile: nothing to extend
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True when the file's expiration (its last-modified time) has passed, or it is gone. */
    private boolean expired(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis() <= clock.millis();
        } catch (NoSuchFileException e) {
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the expiration of " + file, e);
        }
    }

    private Path file(String id) {
        return directory.resolve(id + SUFFIX);
    }

    private void deleteTemporaryFiles() throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + TEMPORARY)) {
            for (Path file : files) {
                deleteIfExists(file);
            }
        }
    }

    private static Void deleteIfExists(Path file) {
        try {
            Files.deleteIfExists(file);
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a write to {@code id} on the I/O pool under that id's lock; non-ids fail. */
    private <T> CompletableFuture<T> write(String id, Supplier<T> operation) {
        if (!Session.isValidId(id)) {
            return CompletableFuture.failedFuture(
                    new IllegalArgumentException("not a session id: '" + id + "'"));
        }
        return async(() -> withLock(id, operation));
    }

    private <T> T withLock(String id, Supplier<T> operation) {
        ReentrantLock lock = locks[Math.floorMod(id.hashCode(), locks.length)];
        lock.lock();
        try {
            return operation.get();
        } finally {
            lock.unlock();
        }
    }

    private <T> CompletableFuture<T> async(Supplier<T> operation) {
        try {
            return CompletableFuture.supplyAsync(operation, io);
        } catch (RuntimeException e) { // the pool was closed
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Checks on the I/O pool that the directory is still there and writable (a full or read-only disk fails). */
    @Override
    public CompletableFuture<Void> ping() {
        return async(() -> {
            if (!Files.isDirectory(directory) || !Files.isWritable(directory)) {
                throw new UncheckedIOException(new IOException(directory + " is no longer a writable directory"));
            }
            return null;
        });
    }

    @Override
    public String toString() {
        return "FileStore[" + directory + "]";
    }
}

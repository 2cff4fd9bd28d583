package io.simples.session;

import static io.simples.session.Await.await;
import static io.simples.session.Await.failure;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileStoreTest extends StoreContract {

    @TempDir
    Path root;

    Path directory() {
        return root.resolve("sessions");
    }

    @Test
    void a_ping_fails_once_the_directory_is_gone() throws Exception {
        assertNull(await(store.ping()));
        try (Stream<Path> files = Files.walk(directory())) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        Throwable failure = failure(store.ping());
        assertTrue(failure.getMessage().contains("no longer a writable directory"), failure.toString());
    }

    @Override
    Store open() {
        return new FileStore(directory());
    }

    @Test
    void sessions_survive_a_restart() throws Exception {
        Session session = saved(Map.of("user", "ada", "visits", 3));
        ((FileStore) store).close();
        try (FileStore reopened = new FileStore(directory())) {
            Session loaded = await(Session.load(reopened, session.id(), HOUR));
            assertEquals(session.id(), loaded.id());
            assertEquals(Map.of("user", "ada", "visits", 3), loaded);
        }
    }

    @Test
    void every_write_and_removal_forces_the_directory_after_its_rename() throws Exception {
        FileStore files = (FileStore) store;
        long before = files.directorySyncs();
        Session session = saved(Map.of("user", "ada"));
        session.put("visits", 1);
        await(session.save());
        await(store.remove(session.id()));
        // Linux lets a directory be forced: a set, an apply and a removal each force it once
        assertEquals(before + 3, files.directorySyncs());
        assertTrue(Files.list(directory()).noneMatch(path -> path.toString().endsWith(".tmp")), "no temporary file left");
    }

    @Test
    void a_truncated_file_reads_as_missing() throws Exception {
        Session session = saved(Map.of("user", "ada", "visits", 3));
        Path file = directory().resolve(session.id() + ".json");
        byte[] json = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(json, json.length / 2));
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 60_000));
        assertNull(await(store.get(session.id())));
        Session loaded = reload(session);
        assertFalse(loaded.id().equals(session.id()), "a corrupt session is replaced by a fresh one");
    }

    @Test
    void a_file_that_is_json_but_not_an_object_reads_as_missing() throws Exception {
        Session session = saved(Map.of("a", 1));
        Path file = directory().resolve(session.id() + ".json");
        Files.writeString(file, "[1,2,3]");
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 60_000));
        assertNull(await(store.get(session.id())));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../victim", "..", "/tmp/victim", "victim", "0123456789abcdef0123456789abcde/",
            "0123456789ABCDEF0123456789ABCDEF", "0123456789abcdef0123456789abcdef.json", "%2e%2e%2fvictim",
            "0123456789abcdef\u00000123456789abcdef", ""})
    void strings_that_are_not_ids_never_touch_the_file_system(String id) throws Exception {
        Path victim = root.resolve("victim.json");
        Files.writeString(victim, "{\"secret\":1}");
        byte[] before = Files.readAllBytes(victim);

        assertNull(await(store.get(id)));
        assertInstanceOf(IllegalArgumentException.class, failure(store.set(id, Map.of("x", 1), HOUR)));
        assertInstanceOf(IllegalArgumentException.class,
                failure(store.apply(id, new SessionChanges(Map.of("x", 1), java.util.Set.of()), HOUR)));
        assertInstanceOf(IllegalArgumentException.class, failure(store.remove(id)));
        assertInstanceOf(IllegalArgumentException.class, failure(store.update(id, HOUR)));

        assertArrayEquals(before, Files.readAllBytes(victim));
        try (Stream<Path> files = Files.list(root)) {
            assertEquals(2, files.count(), "only the store directory and the victim");
        }
        try (Stream<Path> files = Files.list(directory())) {
            assertEquals(0, files.count(), "nothing was written in the store");
        }
    }

    @Test
    void temporary_files_left_by_a_crash_are_deleted_when_the_store_opens() throws Exception {
        Session session = saved(Map.of("a", 1));
        Path leftover = directory().resolve(session.id() + ".5f3a.tmp");
        Files.writeString(leftover, "{\"a\":");
        ((FileStore) store).close();
        try (FileStore reopened = new FileStore(directory())) {
            assertFalse(Files.exists(leftover));
            assertEquals(Map.of("a", 1), await(reopened.get(session.id())));
        }
    }

    @Test
    void expiration_is_the_file_time_and_the_sweep_deletes_expired_files() throws Exception {
        MutableClock clock = new MutableClock();
        try (FileStore files = new FileStore(root.resolve("clocked"), Duration.ofHours(1), clock)) {
            String shortLived = Session.create(files, HOUR).id();
            String longLived = Session.create(files, HOUR).id();
            await(files.set(shortLived, Map.of("a", 1), Duration.ofMinutes(1)));
            await(files.set(longLived, Map.of("b", 2), Duration.ofMinutes(10)));
            Files.writeString(files.directory().resolve("notes.json"), "not a session");

            clock.advance(Duration.ofSeconds(59));
            await(files.update(shortLived, Duration.ofMinutes(1)));
            clock.advance(Duration.ofSeconds(59));
            assertNotNull(await(files.get(shortLived)), "update moved the expiration");
            clock.advance(Duration.ofSeconds(2));
            assertNull(await(files.get(shortLived)));

            files.sweep();
            assertFalse(Files.exists(files.directory().resolve(shortLived + ".json")));
            assertTrue(Files.exists(files.directory().resolve(longLived + ".json")));
            assertTrue(Files.exists(files.directory().resolve("notes.json")), "files of others are left alone");
        }
    }

    @Test
    void the_file_is_the_values_as_one_json_object() throws Exception {
        Session session = saved(Map.of("user", "ada"));
        String json = Files.readString(directory().resolve(session.id() + ".json"), StandardCharsets.UTF_8);
        assertEquals("{\"user\":\"ada\"}", json);
    }
}

package io.simples.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Lets load processes that drive different servers take turns, so that the machine's slow and
 * fast moments fall on every server alike: the number in a shared file says whose turn it is
 * (turn {@code n} belongs to slot {@code n % slots}), and only the process whose turn it is
 * writes it. Before the first turn every process says it is ready, so that none measures while
 * another still opens its connections.
 */
final class Turns {

    private final Path file;
    private final int slot;
    private final int slots;

    private Turns(Path file, int slot, int slots) {
        this.file = file;
        this.slot = slot;
        this.slots = slots;
    }

    /** No other process: every turn is this one's. */
    static Turns alone() {
        return new Turns(null, 0, 1);
    }

    /** Slot {@code slot} of {@code slots} processes that share {@code file} (which starts out holding 0). */
    static Turns shared(Path file, int slot, int slots) {
        return new Turns(file, slot, slots);
    }

    /**
     * The local address connection number {@code connection} of this process comes from: one of
     * its own when it shares the machine with other load processes, so that each has the
     * ephemeral ports of one address; alone, it cycles through 127.0.0.2 to 127.0.0.9, so that it
     * may open more connections than one address has ports.
     */
    String sourceAddress(int connection) {
        return file == null ? "127.0.0." + (2 + connection % 8) : "127.0.0." + (slot + 1);
    }

    /** Says this process is ready and waits until every process is. */
    void ready() throws IOException, InterruptedException {
        if (file == null) {
            return;
        }
        Files.writeString(Path.of(file + ".ready-" + slot), "");
        for (int other = 0; other < slots; other++) {
            while (!Files.exists(Path.of(file + ".ready-" + other))) {
                Thread.sleep(10);
            }
        }
    }

    /** Waits for this process's turn. */
    void await() throws IOException, InterruptedException {
        while (file != null && turn() % slots != slot) {
            Thread.sleep(1);
        }
    }

    /** Gives the turn to the next process. */
    void pass() throws IOException {
        if (file == null) {
            return;
        }
        Path next = Path.of(file + ".next-" + slot);
        Files.writeString(next, String.valueOf(turn() + 1));
        Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private int turn() throws IOException {
        String text = Files.readString(file).trim();
        return text.isEmpty() ? -1 : Integer.parseInt(text);
    }
}

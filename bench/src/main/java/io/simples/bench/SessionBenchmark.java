package io.simples.bench;

import io.simples.session.MemoryStore;
import io.simples.session.Session;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** Session id generation (SecureRandom), and encoding a typical session to JSON and back. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SessionBenchmark {

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private final MemoryStore store = new MemoryStore();
    private final Map<String, Object> data = Map.of("user", "ada", "visits", 42, "roles", List.of("admin", "dev"),
            "cart", Map.of("items", List.of(1, 2, 3), "total", 12.5));
    private final byte[] encoded = JSON.writeValueAsBytes(data);

    @Benchmark
    public String newId() {
        return Session.create(store, Duration.ofHours(1)).id();
    }

    @Benchmark
    public byte[] encode() {
        return JSON.writeValueAsBytes(data);
    }

    @Benchmark
    public Object decode() {
        return JSON.readValue(encoded, Map.class);
    }
}

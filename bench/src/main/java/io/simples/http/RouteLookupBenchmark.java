package io.simples.http;

import io.simples.http.internal.PathPattern;
import io.simples.http.internal.Route;
import io.simples.http.internal.RouteTable;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Route lookup among 1 000 routes (500 fixed, 500 with a parameter): the hash path and the walk. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RouteLookupBenchmark {

    private final RouteTable table = new RouteTable();
    private final Router router = new Router(null, "");

    @Setup
    public void routes() {
        HTTPListener listener = c -> { };
        for (int i = 0; i < 500; i++) {
            table.add(new Route("GET", PathPattern.compile("/fixed/" + i + "/list"), router, listener));
            table.add(new Route("GET", PathPattern.compile("/items" + i + "/:id"), router, listener));
        }
    }

    @Benchmark
    public Object fixed() {
        return table.find("GET", "/fixed/250/list");
    }

    @Benchmark
    public Object dynamicFirst() {
        return table.find("GET", "/items0/42");
    }

    @Benchmark
    public Object dynamicLast() {
        return table.find("GET", "/items499/42");
    }

    @Benchmark
    public Object missing() {
        return table.find("GET", "/nothing/here");
    }
}

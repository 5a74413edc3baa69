package org.televisit.meeting;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
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

/** Room-name generation: a SecureRandom nonce, HMAC-SHA256 and base32. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RoomNameBenchmark {

    private final RoomNames rooms = new RoomNames("a-benchmark-room-secret-of-32-bytes-or-more".getBytes(StandardCharsets.UTF_8), "tv");
    private final UUID appointment = UUID.randomUUID();

    @Benchmark
    public String next() {
        return rooms.next(appointment);
    }
}

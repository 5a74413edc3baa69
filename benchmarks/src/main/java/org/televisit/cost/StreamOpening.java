package org.televisit.cost;

import io.netty.buffer.ByteBuf;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * How fast server-sent event streams open: {@code connections} loops each open a stream, wait
 * for its first bytes (Televisit's {@code : open} comment), close it and open the next, for a
 * warm-up and then a measured period. Prints the same line as request-cost.lua: opens/s, p50
 * and p99 of the time to the first bytes. wrk cannot do this (a stream never completes).
 * <pre>java -cp … org.televisit.cost.StreamOpening URL connections warmupSeconds seconds [bearer token]</pre>
 * Loopback only; bounded by its time arguments.
 */
public final class StreamOpening {

    public static void main(String[] args) throws InterruptedException {
        String url = args[0];
        int connections = Integer.parseInt(args[1]);
        Duration warmup = Duration.ofSeconds(Long.parseLong(args[2]));
        Duration measured = Duration.ofSeconds(Long.parseLong(args[3]));
        String token = args.length > 4 ? args[4] : null;

        HttpClient client = HttpClient.create(ConnectionProvider.newConnection())
                .headers(headers -> {
                    headers.set("Accept", "text/event-stream");
                    if (token != null) {
                        headers.set("Authorization", "Bearer " + token);
                    }
                })
                .responseTimeout(Duration.ofSeconds(10));
        run(client, url, connections, warmup, false);
        Result result = run(client, url, connections, measured, true);
        System.out.printf("req/s %.0f  p50 %.1f ms  p99 %.1f ms  max %.1f ms  non-2xx %d  socket errors %d%n",
                result.count / (measured.toNanos() / 1e9), result.percentile(50), result.percentile(99), result.percentile(100),
                result.refused.get(), result.errors.get());
    }

    private static Result run(HttpClient client, String url, int connections, Duration period, boolean record)
            throws InterruptedException {
        Result result = new Result(record ? 4_000_000 : 0);
        long end = System.nanoTime() + period.toNanos();
        CountDownLatch done = new CountDownLatch(connections);
        for (int i = 0; i < connections; i++) {
            loop(client, url, end, result, done);
        }
        done.await();
        return result;
    }

    private static void loop(HttpClient client, String url, long end, Result result, CountDownLatch done) {
        if (System.nanoTime() >= end) {
            done.countDown();
            return;
        }
        long start = System.nanoTime();
        AtomicBoolean ok = new AtomicBoolean();
        client.get().uri(url)
                .responseConnection((response, connection) -> {
                    if (response.status().code() != 200) {
                        result.refused.incrementAndGet();
                        return Mono.empty();
                    }
                    // The first bytes of the body: the stream is open and live.
                    return connection.inbound().receive().next().map(ByteBuf::readableBytes).doOnNext(bytes -> ok.set(true));
                })
                .then()
                .subscribe(null, error -> {
                    result.errors.incrementAndGet();
                    loop(client, url, end, result, done);
                }, () -> {
                    if (ok.get()) {
                        result.add(System.nanoTime() - start);
                    }
                    loop(client, url, end, result, done);
                });
    }

    private static final class Result {
        final long[] nanos;
        int count;
        final AtomicInteger refused = new AtomicInteger();
        final AtomicInteger errors = new AtomicInteger();

        Result(int capacity) {
            this.nanos = new long[capacity];
        }

        synchronized void add(long elapsed) {
            if (count < nanos.length) {
                nanos[count] = elapsed;
            }
            count++;
        }

        synchronized double percentile(double p) {
            int n = Math.min(count, nanos.length);
            if (n == 0) {
                return 0;
            }
            long[] sorted = Arrays.copyOf(nanos, n);
            Arrays.sort(sorted);
            int index = (int) Math.min(n - 1, Math.ceil(p / 100.0 * n) - 1);
            return sorted[Math.max(0, index)] / 1e6;
        }
    }

    private StreamOpening() {
    }

}

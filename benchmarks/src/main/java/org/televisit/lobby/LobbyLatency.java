package org.televisit.lobby;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.netty.channel.ChannelOption;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * The push lobby's latency, measured from outside over real HTTP: how long from an agency's knock
 * until the doctor's open SSE stream has the LOBBY_REQUESTED frame, and from the doctor's approval
 * until the agency's stream has LOBBY_APPROVED, while thousands of other streams sit open and idle.
 * Also the heap each open stream costs the server, and what the old 3-second polling gave.
 *
 * <p>Run by {@code benchmarks/lobby-latency.sh}, which starts two instances on one database:
 * {@code LobbyLatency <instance A url> <instance B url> <pid of A> <HS256 secret> <idle counts, e.g. 1000,5000>}.
 * Streams (measured and idle) are opened on A; requests go to A (one instance) or to B (across).
 */
public final class LobbyLatency {

    private static final int SAMPLES = 300;
    private static final int POLLERS = 60;
    private static final Duration POLL_INTERVAL = Duration.ofSeconds(3);
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ParameterizedTypeReference<ServerSentEvent<String>> SSE = new ParameterizedTypeReference<>() { };
    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

    private final String a;
    private final String b;
    private final long pidA;
    private final String secret;
    private final WebClient http;
    private final String doctor = "bench-dr-" + System.currentTimeMillis();
    private final List<Disposable> idle = new ArrayList<>();

    private LobbyLatency(String a, String b, long pidA, String secret) {
        this.a = a;
        this.b = b;
        this.pidA = pidA;
        this.secret = secret;
        // One connection per stream, as browsers hold them; no pool limit in the way.
        ConnectionProvider connections = ConnectionProvider.builder("bench").maxConnections(20_000)
                .pendingAcquireMaxCount(-1).build();
        HttpClient client = HttpClient.create(connections).runOn(LoopResources.create("bench", 2, true))
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000);
        this.http = WebClient.builder().clientConnector(new ReactorClientHttpConnector(client))
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(1 << 20)).build();
    }

    public static void main(String[] args) throws Exception {
        int[] idleCounts = Arrays.stream(args[4].split(",")).mapToInt(Integer::parseInt).toArray();
        new LobbyLatency(args[0], args[1], Long.parseLong(args[2]), args[3]).run(idleCounts);
        System.exit(0);
    }

    private void run(int[] idleCounts) throws Exception {
        System.out.printf("samples per row: %d; streams and idle streams on A (%s); requests to A or B (%s)%n", SAMPLES, a, b);
        SseClient doctorConsole = SseClient.open(http, a + "/api/me/events", token(doctor, "DOCTOR"));
        long baseline = heapUsedKiB();
        System.out.printf("heap used on A after GC, doctor console only: %,d KiB%n%n", baseline);
        System.out.println("| idle streams | requests to | knock → doctor p50 | p99 | max | approve → agency p50 | p99 | max |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        List<String> memory = new ArrayList<>();
        measure(0, a, doctorConsole, false); // warm-up: the first few hundred requests run in the interpreter
        for (int count : idleCounts) {
            openIdle(count - idle.size());
            long used = heapUsedKiB();
            memory.add(String.format("| %,d | %,d KiB | %.1f KiB |", count, used, (used - baseline) / (double) count));
            for (String target : List.of(a, b)) {
                measure(count, target, doctorConsole, true);
            }
        }
        System.out.println();
        System.out.println("| open idle streams | heap used on A after GC | per stream (above the baseline) |");
        System.out.println("|---|---|---|");
        memory.forEach(System.out::println);
        System.out.println();
        polling();
    }

    /** {@link #SAMPLES} knocks and approvals, one after the other, each on a new appointment. */
    private void measure(int idleCount, String target, SseClient doctorConsole, boolean report) throws Exception {
        List<Booked> appointments = book(SAMPLES);
        double[] knock = new double[SAMPLES];
        double[] approve = new double[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            String appointment = appointments.get(i).id();
            String agency = token(appointments.get(i).agency(), "AGENCY");
            try (SseClient agencyPage = SseClient.open(http, a + "/api/appointments/" + appointment + "/events", agency)) {
                long start = System.nanoTime();
                Map<?, ?> request = post(target + "/api/appointments/" + appointment + "/lobby/requests", agency);
                doctorConsole.await("LOBBY_REQUESTED", request.get("id").toString());
                knock[i] = (System.nanoTime() - start) / 1e6;

                start = System.nanoTime();
                post(target + "/api/appointments/" + appointment + "/lobby/requests/" + request.get("id") + "/approve", token(doctor, "DOCTOR"));
                agencyPage.await("LOBBY_APPROVED", request.get("id").toString());
                approve[i] = (System.nanoTime() - start) / 1e6;
            }
        }
        if (!report) {
            return;
        }
        Arrays.sort(knock);
        Arrays.sort(approve);
        System.out.printf("| %,d | %s | %.1f ms | %.1f ms | %.1f ms | %.1f ms | %.1f ms | %.1f ms |%n", idleCount,
                target.equals(a) ? "A (same instance)" : "B (across instances)",
                percentile(knock, 50), percentile(knock, 99), knock[SAMPLES - 1],
                percentile(approve, 50), percentile(approve, 99), approve[SAMPLES - 1]);
    }

    /**
     * The old design: each doctor's page asks the snapshot route every 3 s. {@link #POLLERS}
     * doctors' pages poll from random phases; each agency knocks at a random moment; the latency
     * is until the first poll whose answer holds the request.
     */
    private void polling() throws Exception {
        List<Booked> appointments = book(POLLERS);
        List<Double> latencies = new ArrayList<>();
        List<Double> pollTimes = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(POLLERS);
        for (Booked appointment : appointments) {
            start(() -> {
                try {
                    long phase = ThreadLocalRandom.current().nextLong(POLL_INTERVAL.toMillis());
                    long knockAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ThreadLocalRandom.current().nextLong(POLL_INTERVAL.toMillis()));
                    String url = a + "/api/appointments/" + appointment.id() + "/lobby/requests?status=PENDING";
                    Thread knocker = start(() -> {
                        sleepUntil(knockAt);
                        post(a + "/api/appointments/" + appointment.id() + "/lobby/requests", token(appointment.agency(), "AGENCY"));
                    });
                    Thread.sleep(phase);
                    while (true) {
                        long pollStart = System.nanoTime();
                        List<?> pending = http.get().uri(url).header("Authorization", "Bearer " + token(doctor, "DOCTOR"))
                                .retrieve().bodyToMono(List.class).block(WAIT);
                        long now = System.nanoTime();
                        synchronized (pollTimes) {
                            pollTimes.add((now - pollStart) / 1e6);
                        }
                        if (!pending.isEmpty()) {
                            synchronized (latencies) {
                                latencies.add((now - knockAt) / 1e6);
                            }
                            break;
                        }
                        sleepUntil(pollStart + POLL_INTERVAL.toNanos());
                    }
                    knocker.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            });
        }
        if (!done.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("pollers did not finish");
        }
        double[] sorted = latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        System.out.printf("polling every %d s, %d doctors' pages: knock → doctor sees it mean %.0f ms, p50 %.0f ms, max %.0f ms; "
                + "one poll takes %.1f ms on average; %,d requests per hour per page, %,d per hour for 5,000 pages%n",
                POLL_INTERVAL.toSeconds(), sorted.length, Arrays.stream(sorted).average().orElse(0), percentile(sorted, 50),
                sorted[sorted.length - 1], pollTimes.stream().mapToDouble(Double::doubleValue).average().orElse(0),
                3600 / POLL_INTERVAL.toSeconds(), 5000 * 3600 / POLL_INTERVAL.toSeconds());
    }

    /** Opens {@code more} idle streams on A, each its own user's /api/me/events on its own connection. */
    private void openIdle(int more) {
        long start = System.nanoTime();
        List<SseClient> opened = Flux.range(0, more)
                .flatMap(i -> Mono.fromCallable(() -> SseClient.open(http, a + "/api/me/events", token("bench-idle-" + idle.size() + "-" + i, "PATIENT")))
                        .subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic()), 64)
                .collectList().block(Duration.ofMinutes(5));
        opened.forEach(stream -> idle.add(stream.subscription));
        System.err.printf("opened %,d idle streams in %.1f s (%,d open)%n", more, (System.nanoTime() - start) / 1e9, idle.size());
    }

    /** An appointment ready for knocking, and its agency. */
    private record Booked(String id, String agency) {
    }

    /** Books and approves {@code count} VIDEO appointments of the doctor, each with its own patient and agency, starting in 5 minutes. */
    private List<Booked> book(int count) {
        String startsAt = Instant.now().plus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.SECONDS).toString();
        return Flux.range(0, count).flatMap(i -> {
            String suffix = Long.toString(System.nanoTime(), 36) + "-" + i;
            Map<String, Object> body = Map.of("doctorId", doctor, "patientId", "bench-pat-" + suffix, "agencyId", "bench-ag-" + suffix,
                    "startsAt", startsAt, "durationMinutes", 30, "type", "VIDEO");
            return http.post().uri(a + "/api/appointments").header("Authorization", "Bearer " + token(doctor, "DOCTOR"))
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(body).retrieve().bodyToMono(Map.class)
                    .flatMap(created -> http.post().uri(a + "/api/appointments/" + created.get("id") + "/approve")
                            .header("Authorization", "Bearer " + token(doctor, "DOCTOR")).retrieve().bodyToMono(Map.class))
                    .map(approved -> new Booked(approved.get("id").toString(), approved.get("agencyId").toString()));
        }, 8).collectList().block(Duration.ofMinutes(2));
    }

    private Map<?, ?> post(String url, String token) {
        return http.post().uri(url)
                .header("Authorization", "Bearer " + token).retrieve().bodyToMono(Map.class).block(WAIT);
    }

    /** Heap used on instance A right after a full GC, read with jcmd (same machine, same user). */
    private long heapUsedKiB() throws IOException, InterruptedException {
        jcmd("GC.run");
        Matcher used = HEAP_USED.matcher(jcmd("GC.heap_info"));
        if (!used.find()) {
            throw new IllegalStateException("jcmd GC.heap_info printed no heap use");
        }
        return Long.parseLong(used.group(1));
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("jcmd", Long.toString(pidA), command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        return output;
    }

    private String token(String user, String role) {
        try {
            JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(user).audience("televisit").claim("role", role)
                    .claim("name", user).expirationTime(Date.from(Instant.now().plus(Duration.ofHours(2)))).build();
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double percentile(double[] sorted, int p) {
        return sorted[(int) Math.ceil(p / 100.0 * sorted.length) - 1];
    }

    /** Sleeps until a {@link System#nanoTime()} deadline. */
    private static void sleepUntil(long deadline) {
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
    }

    private static Thread start(Runnable task) {
        Thread thread = new Thread(task);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** One open SSE stream; its event frames are queued as they arrive. */
    private static final class SseClient implements AutoCloseable {

        private final BlockingQueue<Object> frames = new LinkedBlockingQueue<>();
        private final CountDownLatch live = new CountDownLatch(1);
        private final Disposable subscription;

        private SseClient(WebClient http, String url, String token) {
            subscription = http.get().uri(url).header("Authorization", "Bearer " + token).accept(MediaType.TEXT_EVENT_STREAM)
                    .retrieve().bodyToFlux(SSE)
                    .subscribe(frame -> {
                        if ("open".equals(frame.comment())) {
                            live.countDown();
                        } else if (frame.event() != null) {
                            frames.add(frame);
                        }
                    }, frames::add);
        }

        /** Opens the stream and returns once the server says it is live. */
        static SseClient open(WebClient http, String url, String token) throws InterruptedException {
            SseClient client = new SseClient(http, url, token);
            if (!client.live.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("stream did not open: " + url + " " + client.frames.peek());
            }
            return client;
        }

        /** Waits for the frame of {@code type} about lobby request {@code requestId}, skipping others. */
        void await(String type, String requestId) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (true) {
                Object frame = frames.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (frame == null || frame instanceof Throwable) {
                    throw new IllegalStateException("no " + type + " for " + requestId + ": " + frame);
                }
                ServerSentEvent<?> event = (ServerSentEvent<?>) frame;
                if (type.equals(event.event()) && event.data().toString().contains(requestId)) {
                    return;
                }
            }
        }

        @Override
        public void close() {
            subscription.dispose();
        }
    }
}

package org.televisit.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.televisit.security.Role;
import org.televisit.support.ApprovedAppointmentTest;
import org.televisit.support.EventStream;
import org.televisit.support.TestClock;
import org.televisit.support.Tokens;

/**
 * /actuator/prometheus after a lobby story: each figure moved by what the story did, no label
 * names a person or an appointment, and the exposition passes promtool (where it is installed;
 * CI installs it).
 */
class MetricsTest extends ApprovedAppointmentTest {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\\{[^}]*\\})?) (\\S+)$", Pattern.MULTILINE);

    /** Read at each scrape: a test context that is paused and resumed gets a new management port. */
    @Autowired
    private Environment environment;

    @BeforeEach
    void fiveMinutesBeforeTheStart() {
        TestClock.INSTANCE.standAt(startsAt.minus(Duration.ofMinutes(5)));
    }

    @Test
    void theFiguresMoveByWhatTheStoryDid() throws Exception {
        Map<String, Double> before = samples(scrape());
        String stranger = Tokens.newId(Role.PATIENT);

        try (EventStream doctorStream = EventStream.open("http://localhost:" + port + "/api/appointments/" + appointment + "/events?lastEventId=0",
                headers -> headers.setBearerAuth(Tokens.token(doctor, Role.DOCTOR)))) {
            String request = as(agency, Role.AGENCY).post().uri("/api/appointments/{id}/lobby/requests", appointment).exchange()
                    .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("id").toString();
            as(agency, Role.AGENCY).post().uri("/api/appointments/{id}/lobby/requests", appointment).exchange().expectStatus().isOk();
            as(patient, Role.PATIENT).post().uri("/api/appointments/{id}/lobby/requests", appointment).exchange().expectStatus().isForbidden();
            until(doctorStream, "LOBBY_REQUESTED");
            TestClock.INSTANCE.standAt(startsAt.minus(Duration.ofMinutes(4)));
            as(doctor, Role.DOCTOR).post().uri("/api/appointments/{id}/lobby/requests/{rid}/approve", appointment, request)
                    .exchange().expectStatus().isOk();
            as(doctor, Role.DOCTOR).post().uri("/api/appointments/{id}/meeting/start", appointment).exchange().expectStatus().isOk();
            as(doctor, Role.DOCTOR).post().uri("/api/appointments/{id}/meeting/start", appointment).exchange().expectStatus().isOk();
            as(agency, Role.AGENCY).post().uri("/api/appointments/{id}/join", appointment).exchange().expectStatus().isOk();
            as(stranger, Role.PATIENT).post().uri("/api/appointments/{id}/join", appointment).exchange().expectStatus().isNotFound();
            TestClock.INSTANCE.standAt(startsAt.plus(Duration.ofMinutes(20)));
            as(doctor, Role.DOCTOR).post().uri("/api/appointments/{id}/meeting/end", appointment).exchange().expectStatus().isOk();
            until(doctorStream, "MEETING_ENDED");

            String exposition = scrape();
            Map<String, Double> after = samples(exposition);
            assertMoved(before, after, "televisit_lobby_knocks_total{application=\"televisit\",outcome=\"created\",reason=\"NONE\"}", 1);
            assertMoved(before, after, "televisit_lobby_knocks_total{application=\"televisit\",outcome=\"existing\",reason=\"NONE\"}", 1);
            assertMoved(before, after, "televisit_lobby_knocks_total{application=\"televisit\",outcome=\"refused\",reason=\"KNOCK_NOT_REQUIRED\"}", 1);
            assertMoved(before, after, "televisit_lobby_decision_time_seconds_count{application=\"televisit\",decision=\"approved\"}", 1);
            // The knock at T-5 min was approved at T-4 min: one minute of waiting.
            assertMoved(before, after, "televisit_lobby_decision_time_seconds_sum{application=\"televisit\",decision=\"approved\"}", 60);
            assertMoved(before, after, "televisit_joins_total{application=\"televisit\",outcome=\"granted\",reason=\"NONE\"}", 1);
            assertMoved(before, after, "televisit_joins_total{application=\"televisit\",outcome=\"denied\",reason=\"NOT_PARTICIPANT\"}", 1);
            assertMoved(before, after, "televisit_jitsi_tokens_total{application=\"televisit\",provider=\"self-hosted\"}", 1);
            // Started twice, but only the first call started it.
            assertMoved(before, after, "televisit_meetings_started_total{application=\"televisit\"}", 1);
            assertMoved(before, after, "televisit_meetings_ended_total{application=\"televisit\"}", 1);
            assertMoved(before, after, "televisit_meeting_duration_seconds_sum{application=\"televisit\"}", 24 * 60);
            assertMoved(before, after, "televisit_stream_resumes_total{application=\"televisit\",transport=\"sse\"}", 1);
            assertThat(after.get("televisit_streams_open{application=\"televisit\",transport=\"sse\"}")).isGreaterThanOrEqualTo(1);
            // LOBBY_REQUESTED, LOBBY_APPROVED, MEETING_STARTED, MEETING_ENDED and the appointment's changes: at least 4 frames.
            assertThat(after.get("televisit_stream_delivery_seconds_count{application=\"televisit\",transport=\"sse\"}")
                    - before.getOrDefault("televisit_stream_delivery_seconds_count{application=\"televisit\",transport=\"sse\"}", 0.0))
                    .isGreaterThanOrEqualTo(4);
            assertThat(after).containsKey("televisit_lobby_pending{application=\"televisit\"}")
                    .containsKey("televisit_events_listener_reconnects_total{application=\"televisit\"}")
                    .containsEntry("televisit_events_listener_up{application=\"televisit\"}", 1.0);
            // Attendance's families are there from the start (their figures move in AttendanceTest).
            assertThat(after).containsKey("televisit_noshows_total{application=\"televisit\"}")
                    .containsKey("televisit_patient_arrival_seconds_count{application=\"televisit\"}")
                    .containsKey("televisit_consultation_duration_seconds_count{application=\"televisit\"}");
            // The standard families: JVM, HTTP server, R2DBC pool, Reactor Netty.
            assertThat(exposition).contains("jvm_memory_used_bytes{", "http_server_requests_seconds_count{", "r2dbc_pool_acquired_connections{",
                    "reactor_netty_");
            // Never a person, an appointment or a room in a label.
            assertThat(exposition).doesNotContain(appointment.toString(), doctor, agency, patient, stranger, "tv-");
            promtoolAccepts(exposition);
        }
    }

    /** Reads frames up to the first of {@code type}. */
    private static void until(EventStream stream, String type) {
        while (!stream.next().type().equals(type)) {
            // earlier frames of the story
        }
    }

    private String scrape() {
        return WebTestClient.bindToServer().baseUrl("http://localhost:" + environment.getProperty("local.management.port"))
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(16 * 1024 * 1024)).build()
                .get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
    }

    private static Map<String, Double> samples(String exposition) {
        Map<String, Double> samples = new HashMap<>();
        Matcher sample = SAMPLE.matcher(exposition);
        while (sample.find()) {
            samples.put(sample.group(1), Double.parseDouble(sample.group(2)));
        }
        return samples;
    }

    private static void assertMoved(Map<String, Double> before, Map<String, Double> after, String series, double by) {
        assertThat(after).as(series).containsKey(series);
        assertThat(after.get(series) - before.getOrDefault(series, 0.0)).as(series).isCloseTo(by, org.assertj.core.data.Offset.offset(0.5));
    }

    /** {@code promtool check metrics}: the exposition's names, units and help lines follow Prometheus's rules. */
    private static void promtoolAccepts(String exposition) throws IOException, InterruptedException {
        Path promtool = Path.of("/usr/bin/promtool");
        if (!Files.isExecutable(promtool)) {
            assertThat(System.getenv("TELEVISIT_PROMTOOL")).as("promtool is required here (apt-get install prometheus)").isNotEqualTo("required");
            System.out.println("MetricsTest: no /usr/bin/promtool here, so `promtool check metrics` is skipped (apt-get install prometheus)");
            return;
        }
        Process check = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
        check.getOutputStream().write(exposition.getBytes(StandardCharsets.UTF_8));
        check.getOutputStream().close();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(check.exitValue()).as("promtool check metrics:\n" + output).isZero();
    }
}

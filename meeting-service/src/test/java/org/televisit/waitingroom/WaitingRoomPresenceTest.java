package org.televisit.waitingroom;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.messaging.rsocket.RSocketStrategies;
import org.springframework.test.context.TestPropertySource;
import org.televisit.TelevisitApplication;
import org.televisit.security.Role;
import org.televisit.support.ApiTest;
import org.televisit.support.EventStream;
import org.televisit.support.EventStream.Frame;
import org.televisit.support.Instances;
import org.televisit.support.RSocketClient;
import org.televisit.support.Tokens;
import org.televisit.testdb.TestDatabase;

/**
 * Who is in the waiting room, over the real streams and database, with a short lease (3 s) and
 * grace (1 s): a patient's or agency's open stream is pushed to the doctor as PARTICIPANT_WAITING,
 * its close (after the grace) as PARTICIPANT_GONE, on whichever instance each stream is, and a
 * killed instance's parties lapse with their leases. The waits are generous; nothing asserts speed.
 */
@TestPropertySource(properties = {"televisit.presence.lease=" + WaitingRoomPresenceTest.LEASE,
        "televisit.presence.grace=" + WaitingRoomPresenceTest.GRACE})
class WaitingRoomPresenceTest extends ApiTest {

    static final String LEASE = "PT3S";
    static final String GRACE = "PT1S";
    /** Well beyond lease + grace + a sweep, for a loaded machine. */
    private static final Duration LAPSE = Duration.ofSeconds(30);

    @Autowired
    private RSocketStrategies strategies;

    private final String doctor = Tokens.newId(Role.DOCTOR);
    private final String patient = Tokens.newId(Role.PATIENT);
    private final String agency = Tokens.newId(Role.AGENCY);

    @Test
    void aStreamWhoseLeaseLapsedWhileItStayedOpenIsRecordedAgainAndThePartyIsWaitingAgain() {
        UUID appointment = startingSoon();
        try (EventStream console = stream(port, doctor, Role.DOCTOR, appointment);
             EventStream page = stream(port, patient, Role.PATIENT, appointment)) {
            console.next("PARTICIPANT_WAITING");
            // As another instance decides when this one stalls past its lease: the lease is forgotten, the party gone.
            try (var db = TestDatabase.get().connect(); var statement = db.createStatement()) {
                statement.execute("DELETE FROM waiting_stream WHERE appointment_id = '" + appointment + "'");
                statement.execute("DELETE FROM waiting_party WHERE appointment_id = '" + appointment + "'");
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
            // The page is still open: at its next renewal this instance records it again.
            assertThat(console.next("PARTICIPANT_WAITING", LAPSE).data()).containsEntry("userId", patient);
            assertThat(presence(appointment)).extracting(waiting -> waiting.get("userId")).containsExactly(patient);
        }
    }

    @Test
    void thePatientsOpenPageReachesTheDoctorAsWaitingAndItsCloseAsGoneAfterTheGrace() {
        UUID appointment = startingSoon();
        try (EventStream console = stream(port, doctor, Role.DOCTOR, appointment)) {
            EventStream page = stream(port, patient, Role.PATIENT, appointment);
            Frame waiting = console.next("PARTICIPANT_WAITING");
            assertThat(waiting.data()).containsEntry("appointmentId", appointment.toString()).containsEntry("role", "PATIENT")
                    .containsEntry("userId", patient).containsEntry("name", "Test patient").containsKey("since");

            page.close();
            Frame gone = console.next("PARTICIPANT_GONE", LAPSE);
            assertThat(gone.data()).containsEntry("role", "PATIENT").containsEntry("userId", patient)
                    .containsEntry("name", "Test patient").containsKey("at");
            assertThat(Instant.parse((String) gone.data().get("at"))).isAfterOrEqualTo(Instant.parse((String) waiting.data().get("since")));
        }
        assertThat(presence(appointment)).isEmpty();
        assertThat(column("SELECT actor_id || ' ' || actor_role || ' ' || action || ' ' || outcome FROM audit_log"
                + " WHERE appointment_id = ? AND action LIKE '%WAITING_ROOM' ORDER BY id", appointment))
                .containsExactly(patient + " PATIENT ENTER_WAITING_ROOM GRANTED", patient + " PATIENT LEAVE_WAITING_ROOM GRANTED");
    }

    @Test
    void theDoctorReadsWhoIsWaitingNowAndTheReadIsAudited() {
        UUID appointment = startingSoon();
        try (EventStream console = stream(port, doctor, Role.DOCTOR, appointment);
                EventStream page = stream(port, patient, Role.PATIENT, appointment)) {
            Frame waiting = console.next("PARTICIPANT_WAITING");
            List<Map<String, Object>> present = presence(appointment);
            assertThat(present).hasSize(1);
            assertThat(present.get(0)).containsEntry("role", "PATIENT").containsEntry("userId", patient)
                    .containsEntry("name", "Test patient").containsEntry("since", waiting.data().get("since"));
            as(Tokens.newId(Role.ADMIN), Role.ADMIN).get().uri("/api/appointments/{id}/presence", appointment).exchange()
                    .expectStatus().isOk().expectBody().jsonPath("$.waiting[0].userId").isEqualTo(patient);
            as(patient, Role.PATIENT).get().uri("/api/appointments/{id}/presence", appointment).exchange()
                    .expectStatus().isForbidden().expectBody().jsonPath("$.reason").isEqualTo("FORBIDDEN");
            as(Tokens.newId(Role.DOCTOR), Role.DOCTOR).get().uri("/api/appointments/{id}/presence", appointment).exchange()
                    .expectStatus().isNotFound().expectBody().jsonPath("$.reason").isEqualTo("NOT_FOUND");
        }
        assertThat(column("SELECT actor_role || ' ' || outcome || ' ' || coalesce(reason, '-') FROM audit_log"
                + " WHERE appointment_id = ? AND action = 'VIEW_PRESENCE' ORDER BY id", appointment))
                .containsExactly("DOCTOR GRANTED -", "ADMIN GRANTED -", "PATIENT DENIED FORBIDDEN", "DOCTOR DENIED NOT_FOUND");
    }

    @Test
    void aReconnectWithinTheGraceIsNeitherGoneNorWaitingAgain() {
        UUID appointment = startingSoon();
        try (EventStream console = stream(port, doctor, Role.DOCTOR, appointment)) {
            EventStream first = stream(port, patient, Role.PATIENT, appointment);
            Object since = console.next("PARTICIPANT_WAITING").data().get("since");
            first.close();
            try (EventStream again = stream(port, patient, Role.PATIENT, appointment)) {
                // Well past the grace and the lease: the reopened stream keeps the patient present.
                console.expectNothingFor(Duration.ofSeconds(6));
                assertThat(presence(appointment)).singleElement().satisfies(party -> assertThat(party).containsEntry("since", since));
            }
            console.next("PARTICIPANT_GONE", LAPSE);
        }
    }

    @Test
    void thePatientAndTheAgencyNeverHearWhoIsWaiting() {
        UUID appointment = startingSoon();
        try (EventStream console = stream(port, doctor, Role.DOCTOR, appointment);
                EventStream patientPage = stream(port, patient, Role.PATIENT, appointment);
                EventStream agencyPage = stream(port, agency, Role.AGENCY, appointment);
                EventStream patientMine = EventStream.open(base(port) + "/api/me/events",
                        headers -> headers.setBearerAuth(Tokens.token(patient, Role.PATIENT)))) {
            List<String> arrived = new ArrayList<>();
            arrived.add((String) console.next("PARTICIPANT_WAITING").data().get("role"));
            arrived.add((String) console.next("PARTICIPANT_WAITING").data().get("role"));
            assertThat(arrived).containsExactlyInAnyOrder("PATIENT", "AGENCY");

            as(doctor, Role.DOCTOR).post().uri("/api/appointments/{id}/meeting/start", appointment).exchange().expectStatus().isOk();
            // The first event either of them hears is the start: nothing of the waiting room came before it.
            patientPage.next("MEETING_STARTED");
            agencyPage.next("MEETING_STARTED");
            patientMine.next("MEETING_STARTED");
        }
    }

    @Test
    void anRSocketStreamCountsAsWaitingToo() throws Exception {
        UUID appointment = startingSoon();
        try (EventStream console = stream(port, doctor, Role.DOCTOR, appointment)) {
            RSocketClient app = RSocketClient.connect(strategies, port, Tokens.token(agency, Role.AGENCY));
            RSocketClient.Frames frames = app.stream("appointments.{id}.events", Map.of(), appointment);
            assertThat(console.next("PARTICIPANT_WAITING").data()).containsEntry("role", "AGENCY").containsEntry("userId", agency)
                    .containsEntry("name", "Test agency");
            frames.close();
            app.close();
            assertThat(console.next("PARTICIPANT_GONE", LAPSE).data()).containsEntry("role", "AGENCY").containsEntry("userId", agency);
        }
    }

    @Test
    void aStreamOnOneInstanceReachesTheDoctorOnTheOtherAndGoneIsPublishedOnce() {
        UUID appointment = startingSoon();
        try (ConfigurableApplicationContext other = Instances.start(Map.of("televisit.presence.lease", LEASE,
                "televisit.presence.grace", GRACE));
                EventStream console = stream(port, doctor, Role.DOCTOR, appointment)) {
            EventStream page = stream(Instances.port(other), patient, Role.PATIENT, appointment);
            assertThat(console.next("PARTICIPANT_WAITING").data()).containsEntry("userId", patient);
            page.close();
            assertThat(console.next("PARTICIPANT_GONE", LAPSE).data()).containsEntry("userId", patient);
            // Both instances sweep; one decided, so one event.
            console.expectNothingFor(Duration.ofSeconds(3));
        }
        assertThat(column("SELECT type FROM (SELECT id, appointment_id, type FROM lobby_event UNION ALL"
                + " SELECT id, appointment_id, type FROM presence_event) log WHERE appointment_id = ? ORDER BY id", appointment))
                .containsExactly("APPOINTMENT_UPDATED", "PARTICIPANT_WAITING", "PARTICIPANT_GONE");
    }

    @Test
    void anInstanceKilledWithItsStreamOpenLetsThePartyLapseAndALiveInstanceSaysGone() throws Exception {
        UUID appointment = startingSoon();
        int killedPort = freePort();
        Path log = Files.createTempFile(Files.createDirectories(Path.of("target")), "killed-instance-", ".log");
        Process instance = startProcess(killedPort, log);
        try (EventStream console = stream(port, doctor, Role.DOCTOR, appointment)) {
            awaitUp(killedPort, instance, log);
            EventStream page = stream(killedPort, patient, Role.PATIENT, appointment);
            assertThat(console.next("PARTICIPANT_WAITING").data()).containsEntry("userId", patient);

            instance.destroyForcibly();
            assertThat(instance.waitFor(30, TimeUnit.SECONDS)).as("the killed instance has exited").isTrue();
            page.close();
            // Nobody closed the stream's row: it lapses with its lease, and this instance sees that.
            assertThat(console.next("PARTICIPANT_GONE", LAPSE).data()).containsEntry("userId", patient).containsEntry("role", "PATIENT");
        } finally {
            instance.destroyForcibly();
        }
        assertThat(presence(appointment)).isEmpty();
    }

    /** A second application in its own JVM, started as an operator would, with the settings {@link Instances} passes. */
    private static Process startProcess(int apiPort, Path log) throws IOException {
        TestDatabase db = TestDatabase.get();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), TelevisitApplication.class.getName(),
                "--server.port=" + apiPort,
                "--management.server.port=" + freePort(),
                "--televisit.db.url=" + db.r2dbcUrl(),
                "--televisit.db.user=" + db.user,
                "--televisit.demo=false",
                "--televisit.auth.hmac-secret=" + Tokens.SECRET,
                "--televisit.room.secret=" + ROOM_SECRET,
                "--televisit.presence.lease=" + LEASE,
                "--televisit.presence.grace=" + GRACE));
        if (db.password != null) {
            command.add("--televisit.db.password=" + db.password);
        }
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Waits until the instance answers on its API port (a 401 without a token will do). */
    private static void awaitUp(int apiPort, Process instance, Path log) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(instance.isAlive()).as("the second JVM is running; its log: " + log).isTrue();
            try {
                client.send(HttpRequest.newBuilder(URI.create(base(apiPort) + "/api/appointments")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new AssertionError("the second JVM did not answer within 120 s; its log: " + log);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** An approved appointment of this test's doctor, patient and agency, starting in two minutes by the real clock. */
    private UUID startingSoon() {
        Map<String, Object> body = booking(doctor, patient, agency);
        body.put("startsAt", Instant.now().plus(Duration.ofMinutes(2)).truncatedTo(ChronoUnit.SECONDS).toString());
        UUID id = UUID.fromString(as(doctor, Role.DOCTOR).post().uri("/api/appointments").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body).exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody()
                .get("id").toString());
        approve(doctor, id);
        return id;
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> presence(UUID appointment) {
        Map<?, ?> body = as(doctor, Role.DOCTOR).get().uri("/api/appointments/{id}/presence", appointment).exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        return (List<Map<String, Object>>) body.get("waiting");
    }

    private static EventStream stream(int port, String user, Role role, UUID appointment) {
        return EventStream.open(base(port) + "/api/appointments/" + appointment + "/events",
                headers -> headers.setBearerAuth(Tokens.token(user, role)));
    }

    private static String base(int port) {
        return "http://localhost:" + port;
    }
}

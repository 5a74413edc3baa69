package org.televisit.rsocket;

import static org.assertj.core.api.Assertions.assertThat;

import io.rsocket.exceptions.RejectedSetupException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.messaging.rsocket.RSocketRequester;
import org.springframework.messaging.rsocket.RSocketStrategies;
import org.televisit.events.EventBus;
import org.televisit.security.Role;
import org.televisit.support.ApprovedAppointmentTest;
import org.televisit.support.RSocketClient;
import org.televisit.support.TestClock;
import org.televisit.support.Tokens;
import reactor.core.Disposable;
import reactor.core.Exceptions;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The RSocket routes over WebSocket at /rsocket, driven by Spring's RSocketRequester as a client
 * application would drive them, against the real server and database.
 */
class RSocketLobbyTest extends ApprovedAppointmentTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ParameterizedTypeReference<Map<String, Object>> FRAME = new ParameterizedTypeReference<>() { };
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, Object>> PROBLEM = new TypeReference<>() { };
    /** The RSocket authentication extension, which Spring Security reads the bearer token from. */

    @Autowired
    private RSocketStrategies strategies;
    @Autowired
    private EventBus bus;

    private final List<RSocketClient> connections = new ArrayList<>();
    private final List<Disposable> subscriptions = new ArrayList<>();

    @BeforeEach
    void fiveMinutesBeforeTheStart() {
        TestClock.INSTANCE.standAt(startsAt.minus(Duration.ofMinutes(5)));
    }

    @AfterEach
    void disconnect() {
        subscriptions.forEach(Disposable::dispose);
        connections.forEach(RSocketClient::close);
    }

    @Test
    void theAgencyKnocksAndTheDoctorDecidesOverRSocket() throws Exception {
        RSocketRequester doctorApp = connect(Tokens.token(doctor, Role.DOCTOR));
        RSocketRequester agencyApp = connect(Tokens.token(agency, Role.AGENCY));
        Frames doctorEvents = new Frames(doctorApp.route("appointments.{id}.events", appointment).data(Map.of("after", 0)));
        Frames agencyEvents = new Frames(agencyApp.route("appointments.{id}.events", appointment).data(Map.of("after", 0)));

        Map<String, Object> request = agencyApp.route("lobby.knock").data(Map.of("appointmentId", appointment))
                .retrieveMono(FRAME).block(WAIT);
        assertThat(request).containsEntry("status", "PENDING").containsEntry("requesterId", agency);

        Map<String, Object> requested = doctorEvents.next("LOBBY_REQUESTED");
        assertThat(data(requested)).containsEntry("requestId", request.get("id")).containsEntry("requesterName", "Test agency");

        Map<String, Object> decided = doctorApp.route("lobby.decide")
                .data(Map.of("appointmentId", appointment, "requestId", request.get("id"), "decision", "APPROVE"))
                .retrieveMono(FRAME).block(WAIT);
        assertThat(decided).containsEntry("status", "APPROVED").containsEntry("decidedBy", doctor);

        Map<String, Object> approved = agencyEvents.next("LOBBY_APPROVED");
        assertThat(((Number) approved.get("id")).longValue()).isGreaterThan(((Number) requested.get("id")).longValue());
        assertThat(data(approved)).containsEntry("requestId", request.get("id"));
        // The same event ids and JSON as the SSE stream, and the HTTP API agrees on the outcome.
        assertThat(column("SELECT type FROM lobby_event WHERE id = ?", ((Number) approved.get("id")).longValue())).containsExactly("LOBBY_APPROVED");
        as(doctor, Role.DOCTOR).post().uri("/api/appointments/{id}/meeting/start", appointment).exchange().expectStatus().isOk();
        as(agency, Role.AGENCY).post().uri("/api/appointments/{id}/join", appointment).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.moderator").isEqualTo(false);
    }

    @Test
    void aRejectionCarriesItsReasonAndASecondDecisionIsRefused() throws Exception {
        RSocketRequester doctorApp = connect(Tokens.token(doctor, Role.DOCTOR));
        RSocketRequester agencyApp = connect(Tokens.token(agency, Role.AGENCY));
        Map<String, Object> request = agencyApp.route("lobby.knock").data(Map.of("appointmentId", appointment)).retrieveMono(FRAME).block(WAIT);
        Map<String, Object> decision = Map.of("appointmentId", appointment, "requestId", request.get("id"), "decision", "REJECT",
                "reason", "Please call the clinic first");

        assertThat(doctorApp.route("lobby.decide").data(decision).retrieveMono(FRAME).block(WAIT))
                .containsEntry("status", "REJECTED").containsEntry("reason", "Please call the clinic first");
        assertThat(RSocketClient.problem(() -> doctorApp.route("lobby.decide").data(decision).retrieveMono(FRAME).block(WAIT)))
                .containsEntry("status", 409).containsEntry("reason", "ALREADY_DECIDED");
        // Resuming after nothing replays the whole story, rejection reason included.
        Frames replay = new Frames(agencyApp.route("appointments.{id}.events", appointment).data(Map.of("after", 0)));
        replay.next("LOBBY_REQUESTED");
        assertThat(data(replay.next("LOBBY_REJECTED"))).containsEntry("reason", "Please call the clinic first");
    }

    @Test
    void withoutAResumeIdTheStreamStartsFromNow() throws Exception {
        RSocketRequester agencyApp = connect(Tokens.token(agency, Role.AGENCY));
        Map<String, Object> request = agencyApp.route("lobby.knock").data(Map.of("appointmentId", appointment)).retrieveMono(FRAME).block(WAIT);
        int before = bus.subscriberCount();
        Frames patientEvents = new Frames(connect(Tokens.token(patient, Role.PATIENT)).route("appointments.{id}.events", appointment));
        awaitSubscribers(before + 1);

        as(doctor, Role.DOCTOR).post().uri("/api/appointments/{id}/meeting/start", appointment).exchange().expectStatus().isOk();

        // Neither the earlier knock nor (being the agency's business) any lobby event: the start is first.
        assertThat(patientEvents.next()).containsEntry("event", "MEETING_STARTED");
        assertThat(request).containsEntry("status", "PENDING");
    }

    @Test
    void aStrangerGetsNoStreamAndCannotKnockOrDecide() throws Exception {
        String stranger = Tokens.newId(Role.AGENCY);
        RSocketRequester strangerApp = connect(Tokens.token(stranger, Role.AGENCY));

        assertThat(RSocketClient.problem(() -> strangerApp.route("appointments.{id}.events", appointment).data(Map.of("after", 0))
                .retrieveFlux(FRAME).blockFirst(WAIT))).containsEntry("status", 404).containsEntry("reason", "NOT_FOUND");
        assertThat(RSocketClient.problem(() -> strangerApp.route("lobby.knock").data(Map.of("appointmentId", appointment)).retrieveMono(FRAME).block(WAIT)))
                .containsEntry("status", 404);
        assertThat(column("SELECT action || ' ' || outcome FROM audit_log WHERE actor_id = ? AND action = 'WATCH_EVENTS'", stranger))
                .containsExactly("WATCH_EVENTS DENIED");

        RSocketRequester agencyApp = connect(Tokens.token(agency, Role.AGENCY));
        Map<String, Object> request = agencyApp.route("lobby.knock").data(Map.of("appointmentId", appointment)).retrieveMono(FRAME).block(WAIT);
        // The agency may not decide on its own request; the patient need not knock at all.
        assertThat(RSocketClient.problem(() -> agencyApp.route("lobby.decide")
                .data(Map.of("appointmentId", appointment, "requestId", request.get("id"), "decision", "APPROVE")).retrieveMono(FRAME).block(WAIT)))
                .containsEntry("status", 403);
        assertThat(RSocketClient.problem(() -> connect(Tokens.token(patient, Role.PATIENT)).route("lobby.knock")
                .data(Map.of("appointmentId", appointment)).retrieveMono(FRAME).block(WAIT)))
                .containsEntry("reason", "KNOCK_NOT_REQUIRED");
    }

    @Test
    void badPayloadsGetAReasonAndChangeNothing() throws Exception {
        RSocketRequester doctorApp = connect(Tokens.token(doctor, Role.DOCTOR));
        RSocketRequester agencyApp = connect(Tokens.token(agency, Role.AGENCY));
        Map<String, Object> request = agencyApp.route("lobby.knock").data(Map.of("appointmentId", appointment)).retrieveMono(FRAME).block(WAIT);

        assertThat(RSocketClient.problem(() -> doctorApp.route("lobby.decide")
                .data(Map.of("appointmentId", appointment, "requestId", request.get("id"), "decision", "MAYBE")).retrieveMono(FRAME).block(WAIT)))
                .containsEntry("status", 400).containsEntry("reason", "INVALID_VALUE").containsEntry("field", "decision");
        assertThat(RSocketClient.problem(() -> doctorApp.route("lobby.decide")
                .data(Map.of("appointmentId", appointment, "requestId", request.get("id"), "decision", "REJECT", "reason", "x".repeat(501)))
                .retrieveMono(FRAME).block(WAIT)))
                .containsEntry("reason", "INVALID_VALUE").containsEntry("field", "reason");
        assertThat(RSocketClient.problem(() -> doctorApp.route("lobby.decide").data(Map.of("appointmentId", appointment)).retrieveMono(FRAME).block(WAIT)))
                .containsEntry("reason", "VALIDATION_FAILED").containsEntry("field", "requestId");
        assertThat(RSocketClient.problem(() -> doctorApp.route("appointments.{id}.events", appointment).data(Map.of("after", -1))
                .retrieveFlux(FRAME).blockFirst(WAIT))).containsEntry("field", "after");
        assertThat(column("SELECT status FROM lobby_request WHERE id = ?::uuid", request.get("id"))).containsExactly("PENDING");
    }

    @Test
    void aConnectionWithoutAValidBearerTokenIsRefusedInSetup() {
        String wrongKey = Tokens.sign(new com.nimbusds.jwt.JWTClaimsSet.Builder().subject(doctor).claim("role", "DOCTOR")
                .audience(Tokens.AUDIENCE).expirationTime(new java.util.Date(System.currentTimeMillis() + 60_000)).build(),
                "another-secret-that-is-long-enough-for-hs256");
        RSocketRequester withoutToken = RSocketRequester.builder().rsocketStrategies(strategies).websocket(rsocketUri());
        // A role that is only nearly a role name, or a sub that is a number, is no user: the same checks as over HTTP.
        String paddedRole = Tokens.token(agency, Role.AGENCY, claims -> claims.claim("role", "AGENCY\u0000"));
        String numericSub = Tokens.token(agency, Role.AGENCY, claims -> claims.claim("sub", 42));
        try {
            for (RSocketRequester refused : List.of(connect(wrongKey), withoutToken, connect(paddedRole), connect(numericSub))) {
                Throwable error = catchError(() -> refused.route("lobby.knock").data(Map.of("appointmentId", appointment)).retrieveMono(FRAME).block(WAIT));
                assertThat(error).isInstanceOf(RejectedSetupException.class);
            }
        } finally {
            withoutToken.dispose();
        }
        assertThat(column("SELECT count(*)::text FROM lobby_request WHERE appointment_id = ?", appointment)).containsExactly("0");
    }

    @Test
    void aConnectionOutlivesItsTokenByNothing() {
        java.util.Date soon = java.util.Date.from(TestClock.INSTANCE.instant().plusSeconds(2));
        RSocketRequester agencyApp = connect(Tokens.token(agency, Role.AGENCY, claims -> claims.expirationTime(soon)));

        // The stream runs until the token expires, then ends with the reason; later requests are refused.
        Throwable ended = catchError(() -> agencyApp.route("appointments.{id}.events", appointment).data(Map.of("after", 0))
                .retrieveFlux(FRAME).blockLast(WAIT));
        assertThat(JSON.readValue(ended.getMessage(), PROBLEM)).containsEntry("status", 401).containsEntry("reason", "INVALID_TOKEN");
        TestClock.INSTANCE.standAt(soon.toInstant().plusSeconds(1));
        assertThat(RSocketClient.problem(() -> agencyApp.route("lobby.knock").data(Map.of("appointmentId", appointment)).retrieveMono(FRAME).block(WAIT)))
                .containsEntry("reason", "INVALID_TOKEN");
        assertThat(column("SELECT count(*)::text FROM lobby_request WHERE appointment_id = ?", appointment)).containsExactly("0");
    }

    private RSocketRequester connect(String token) {
        RSocketClient client = RSocketClient.connect(strategies, port, token);
        connections.add(client);
        return client.requester();
    }

    private URI rsocketUri() {
        return URI.create("ws://localhost:" + port + "/rsocket");
    }

    private void awaitSubscribers(int count) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (bus.subscriberCount() < count) {
            assertThat(System.nanoTime()).as("the stream is registered in time").isLessThan(deadline);
            LockSupport.parkNanos(1_000_000);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> data(Map<String, Object> frame) {
        return (Map<String, Object>) frame.get("data");
    }


    private static Throwable catchError(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            return Exceptions.unwrap(e);
        }
        throw new AssertionError("the call was expected to fail");
    }

    /** The frames of one request-stream, queued as they arrive. */
    private final class Frames {

        private final BlockingQueue<Object> frames = new LinkedBlockingQueue<>();

        Frames(RSocketRequester.RetrieveSpec stream) {
            subscriptions.add(stream.retrieveFlux(FRAME).subscribe(frames::add, frames::add));
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> next() throws InterruptedException {
            Object frame = frames.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(frame).as("a frame within " + WAIT).isNotNull().isNotInstanceOf(Throwable.class);
            return (Map<String, Object>) frame;
        }

        /** The next frame of {@code type}, skipping others (appointment changes, say). */
        Map<String, Object> next(String type) throws InterruptedException {
            Map<String, Object> frame = next();
            while (!type.equals(frame.get("event"))) {
                frame = next();
            }
            return frame;
        }
    }
}

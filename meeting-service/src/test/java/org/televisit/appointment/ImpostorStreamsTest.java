package org.televisit.appointment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.messaging.rsocket.RSocketRequester;
import org.springframework.messaging.rsocket.RSocketStrategies;
import org.televisit.security.Role;
import org.televisit.support.ApprovedAppointmentTest;
import org.televisit.support.RSocketClient;
import org.televisit.support.EventStream;
import org.televisit.support.TestClock;
import org.televisit.support.Tokens;
import tools.jackson.databind.json.JsonMapper;

/**
 * The streams hold the same rule as the routes: a party is its role and its id together. A token
 * that carries a party's sub in another role gets no appointment stream (404, by bearer, ticket or
 * RSocket), hears nothing of the appointment on its own stream, and can neither knock nor decide.
 */
class ImpostorStreamsTest extends ApprovedAppointmentTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration QUIET = Duration.ofMillis(700);
    private static final ParameterizedTypeReference<Map<String, Object>> FRAME = new ParameterizedTypeReference<>() { };
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    private RSocketStrategies strategies;

    private final List<RSocketClient> connections = new ArrayList<>();

    @BeforeEach
    void fiveMinutesBeforeTheStart() {
        TestClock.INSTANCE.standAt(startsAt.minus(Duration.ofMinutes(5)));
    }

    @AfterEach
    void disconnect() {
        connections.forEach(RSocketClient::close);
    }

    @Test
    void anImpostorsOwnStreamHearsNothingOfTheAppointment() {
        try (EventStream doctorConsole = EventStream.open(url("/api/me/events"), headers -> headers.setBearerAuth(Tokens.token(doctor, Role.DOCTOR)));
                EventStream doctorAsAgency = EventStream.open(url("/api/me/events"),
                        headers -> headers.setBearerAuth(Tokens.token(doctor, Role.AGENCY)));
                EventStream agencyAsDoctor = EventStream.open(url("/api/me/events?ticket=" + ticket(agency, Role.DOCTOR)), headers -> { });
                EventStream patientAsDoctorReplaying = EventStream.open(url("/api/me/events?lastEventId=0"),
                        headers -> headers.setBearerAuth(Tokens.token(patient, Role.DOCTOR)))) {
            String request = knock();
            as(doctor, Role.DOCTOR).post().uri("/api/appointments/{id}/lobby/requests/{rid}/approve", appointment, request)
                    .exchange().expectStatus().isOk();
            as(doctor, Role.DOCTOR).post().uri("/api/appointments/{id}/meeting/start", appointment).exchange().expectStatus().isOk();

            assertThat(doctorConsole.next("LOBBY_REQUESTED").data()).containsEntry("requestId", request);
            doctorConsole.next("LOBBY_APPROVED");
            doctorConsole.next("MEETING_STARTED");
            // Everything the doctor heard has been delivered to every stream that could hear it.
            doctorAsAgency.expectNothingFor(QUIET);
            agencyAsDoctor.expectNothingFor(QUIET);
            patientAsDoctorReplaying.expectNothingFor(QUIET);
        }
    }

    @Test
    void anImpostorGetsNoAppointmentStreamByBearerOrTicket() {
        for (Role role : new Role[] {Role.PATIENT, Role.AGENCY, Role.SCHEDULER}) {
            as(doctor, role).get().uri("/api/appointments/{id}/events", appointment).accept(MediaType.TEXT_EVENT_STREAM).exchange()
                    .expectStatus().isNotFound()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.reason").isEqualTo("NOT_FOUND");
            http.get().uri("/api/appointments/{id}/events?ticket=" + ticket(doctor, role), appointment)
                    .accept(MediaType.TEXT_EVENT_STREAM).exchange()
                    .expectStatus().isNotFound()
                    .expectBody().jsonPath("$.reason").isEqualTo("NOT_FOUND");
        }
        // The doctor's own ticket, in its own role, opens the stream.
        try (EventStream ignored = EventStream.open(url("/api/appointments/" + appointment + "/events?ticket=" + ticket(doctor, Role.DOCTOR)),
                headers -> { })) {
            assertThat(column("SELECT actor_role || ' ' || outcome || ' ' || coalesce(reason, '-') FROM audit_log"
                    + " WHERE actor_id = ? AND action = 'WATCH_EVENTS' ORDER BY id", doctor))
                    .containsExactly("PATIENT DENIED NOT_FOUND", "PATIENT DENIED NOT_FOUND", "AGENCY DENIED NOT_FOUND",
                            "AGENCY DENIED NOT_FOUND", "SCHEDULER DENIED NOT_FOUND", "SCHEDULER DENIED NOT_FOUND", "DOCTOR GRANTED -");
        }
    }

    @Test
    void overRSocketAnImpostorGetsNoStreamAndCannotKnockOrDecide() {
        Map<String, Object> request = connect(Tokens.token(agency, Role.AGENCY)).route("lobby.knock")
                .data(Map.of("appointmentId", appointment)).retrieveMono(FRAME).block(WAIT);

        RSocketRequester doctorAsAgency = connect(Tokens.token(doctor, Role.AGENCY));
        assertThat(RSocketClient.problem(() -> doctorAsAgency.route("appointments.{id}.events", appointment).data(Map.of("after", 0))
                .retrieveFlux(FRAME).blockFirst(WAIT))).containsEntry("status", 404).containsEntry("reason", "NOT_FOUND");
        assertThat(RSocketClient.problem(() -> doctorAsAgency.route("lobby.knock").data(Map.of("appointmentId", appointment))
                .retrieveMono(FRAME).block(WAIT))).containsEntry("status", 404).containsEntry("reason", "NOT_FOUND");

        RSocketRequester agencyAsDoctor = connect(Tokens.token(agency, Role.DOCTOR));
        assertThat(RSocketClient.problem(() -> agencyAsDoctor.route("lobby.decide")
                .data(Map.of("appointmentId", appointment, "requestId", request.get("id"), "decision", "APPROVE"))
                .retrieveMono(FRAME).block(WAIT))).containsEntry("status", 404).containsEntry("reason", "NOT_FOUND");
        assertThat(RSocketClient.problem(() -> agencyAsDoctor.route("appointments.{id}.events", appointment)
                .retrieveFlux(FRAME).blockFirst(WAIT))).containsEntry("status", 404).containsEntry("reason", "NOT_FOUND");

        assertThat(column("SELECT status FROM lobby_request WHERE id = ?::uuid", request.get("id"))).containsExactly("PENDING");
        assertThat(column("SELECT count(*)::text FROM lobby_request WHERE appointment_id = ?", appointment)).containsExactly("1");
    }

    private String knock() {
        return as(agency, Role.AGENCY).post().uri("/api/appointments/{id}/lobby/requests", appointment).exchange()
                .expectStatus().is2xxSuccessful().expectBody(Map.class).returnResult().getResponseBody().get("id").toString();
    }

    private String ticket(String user, Role role) {
        return as(user, role).post().uri("/api/stream-tickets").exchange().expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("ticket").toString();
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    private RSocketRequester connect(String token) {
        RSocketClient client = RSocketClient.connect(strategies, port, token);
        connections.add(client);
        return client.requester();
    }

}

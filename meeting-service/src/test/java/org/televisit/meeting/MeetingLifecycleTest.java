package org.televisit.meeting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.televisit.meeting.JoinApiTest.expectDenial;
import static org.televisit.meeting.JoinApiTest.roomOf;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.televisit.security.Role;
import org.televisit.support.ApiTest;
import org.televisit.support.TestClock;
import org.televisit.testdb.TestDatabase;
import org.televisit.support.Tokens;

/** A meeting's life: a room on approval, started and ended by its doctor only, each step once. */
class MeetingLifecycleTest extends ApiTest {

    private String doctor;
    private String patient;
    private UUID appointment;
    private Instant startsAt;

    @BeforeEach
    void approvedVideoAppointment() {
        doctor = Tokens.newId(Role.DOCTOR);
        patient = Tokens.newId(Role.PATIENT);
        appointment = book(doctor, patient, null);
        startsAt = approve(doctor, appointment);
    }

    @Test
    void approvingAVideoAppointmentGivesItARoomOfItsOwn() {
        UUID other = book(doctor, patient, null);
        asDoctor().post().uri("/api/appointments/{id}/approve", other).exchange().expectStatus().isOk();
        assertThat(roomOf(appointment)).matches("tv[a-z2-7]{32}").isNotEqualTo(roomOf(other));
    }

    @Test
    void anInPersonAppointmentGetsNoRoom() {
        Map<String, Object> inPerson = booking(doctor, patient, null);
        inPerson.put("type", "IN_PERSON");
        UUID id = UUID.fromString(asDoctor().post().uri("/api/appointments").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(inPerson).exchange().expectBody(Map.class).returnResult().getResponseBody().get("id").toString());
        asDoctor().post().uri("/api/appointments/{id}/approve", id).exchange().expectStatus().isOk();
        assertThat(roomOf(id)).isNull();
        TestClock.INSTANCE.standAt(startsAt);
        expectDenial(asDoctor().post().uri("/api/appointments/{id}/meeting/start", id).exchange(), 409, "NOT_A_VIDEO_APPOINTMENT");
    }

    @Test
    void theDoctorStartsOnceAndEndsOnceAndTheAppointmentCompletes() {
        TestClock.INSTANCE.standAt(startsAt.minus(Duration.ofMinutes(3)));
        asDoctor().post().uri("/api/appointments/{id}/meeting/start", appointment).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("STARTED")
                .jsonPath("$.startedAt").isEqualTo(startsAt.minus(Duration.ofMinutes(3)).toString())
                .jsonPath("$.roomName").doesNotExist();
        TestClock.INSTANCE.standAt(startsAt);
        asDoctor().post().uri("/api/appointments/{id}/meeting/start", appointment).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.startedAt").isEqualTo(startsAt.minus(Duration.ofMinutes(3)).toString());

        TestClock.INSTANCE.standAt(startsAt.plus(Duration.ofMinutes(25)));
        asDoctor().post().uri("/api/appointments/{id}/meeting/end", appointment).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("ENDED")
                .jsonPath("$.endedAt").isEqualTo(startsAt.plus(Duration.ofMinutes(25)).toString());
        asDoctor().post().uri("/api/appointments/{id}/meeting/end", appointment).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.endedAt").isEqualTo(startsAt.plus(Duration.ofMinutes(25)).toString());
        asDoctor().get().uri("/api/appointments/{id}", appointment).exchange()
                .expectBody().jsonPath("$.status").isEqualTo("COMPLETED");

        expectDenial(asDoctor().post().uri("/api/appointments/{id}/meeting/start", appointment).exchange(), 409, "MEETING_ENDED");
        expectDenial(as(patient, Role.PATIENT).post().uri("/api/appointments/{id}/join", appointment).exchange(), 409, "MEETING_ENDED");
    }

    @Test
    void onlyItsDoctorControlsTheMeeting() {
        TestClock.INSTANCE.standAt(startsAt);
        expectDenial(as(patient, Role.PATIENT).post().uri("/api/appointments/{id}/meeting/start", appointment).exchange(), 403, "FORBIDDEN");
        expectDenial(as(patient, Role.PATIENT).post().uri("/api/appointments/{id}/meeting/end", appointment).exchange(), 403, "FORBIDDEN");
        expectDenial(as(Tokens.newId(Role.DOCTOR), Role.DOCTOR).post().uri("/api/appointments/{id}/meeting/start", appointment)
                .exchange(), 404, "NOT_FOUND");
    }

    @Test
    void aMeetingCannotStartOutsideTheWindowOrOnceCancelled() {
        TestClock.INSTANCE.standAt(startsAt.minus(Duration.ofHours(1)));
        expectDenial(asDoctor().post().uri("/api/appointments/{id}/meeting/start", appointment).exchange(), 409, "WINDOW_NOT_OPEN");
        as(patient, Role.PATIENT).post().uri("/api/appointments/{id}/cancel", appointment).exchange().expectStatus().isOk();
        TestClock.INSTANCE.standAt(startsAt);
        expectDenial(asDoctor().post().uri("/api/appointments/{id}/meeting/start", appointment).exchange(), 409, "CANCELLED");
        expectDenial(asDoctor().post().uri("/api/appointments/{id}/meeting/end", appointment).exchange(), 409, "CANCELLED");
    }

    @Test
    void aMissingMeetingIsCreatedWithANewRoomWhenTheDoctorStarts() throws Exception {
        String first = roomOf(appointment);
        try (Connection c = TestDatabase.get().connect();
             var delete = c.prepareStatement("DELETE FROM meeting WHERE appointment_id = ?")) {
            delete.setObject(1, appointment);
            assertThat(delete.executeUpdate()).isEqualTo(1);
        }
        TestClock.INSTANCE.standAt(startsAt);
        asDoctor().post().uri("/api/appointments/{id}/meeting/start", appointment).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("STARTED");
        assertThat(roomOf(appointment)).matches("tv[a-z2-7]{32}").isNotEqualTo(first);
    }

    private WebTestClient asDoctor() {
        return as(doctor, Role.DOCTOR);
    }
}

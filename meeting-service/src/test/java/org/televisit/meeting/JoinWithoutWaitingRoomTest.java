package org.televisit.meeting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.televisit.meeting.JoinApiTest.roomOf;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import org.televisit.security.Role;
import org.televisit.support.ApprovedAppointmentTest;
import org.televisit.support.TestClock;

/** With {@code TELEVISIT_JOIN_WAIT_FOR_DOCTOR=false}, parties enter before the doctor has started, as before the waiting room. */
@TestPropertySource(properties = "televisit.join.wait-for-doctor=false")
class JoinWithoutWaitingRoomTest extends ApprovedAppointmentTest {

    @Test
    void thePatientAndAnApprovedAgencyEnterBeforeTheDoctorHasStarted() {
        TestClock.INSTANCE.standAt(startsAt.minus(Duration.ofMinutes(5)));
        as(patient, Role.PATIENT).post().uri("/api/appointments/{id}/join", appointment).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.roomName").isEqualTo(roomOf(appointment));

        String request = as(agency, Role.AGENCY).post().uri("/api/appointments/{id}/lobby/requests", appointment).exchange()
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("id").toString();
        as(doctor, Role.DOCTOR).post().uri("/api/appointments/{id}/lobby/requests/{rid}/approve", appointment, request)
                .exchange().expectStatus().isOk();
        as(agency, Role.AGENCY).post().uri("/api/appointments/{id}/join", appointment).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.moderator").isEqualTo(false);
        assertThat(JoinApiTest.meetingStatusOf(appointment)).isEqualTo("CREATED");
    }
}

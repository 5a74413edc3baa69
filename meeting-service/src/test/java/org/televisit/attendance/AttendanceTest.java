package org.televisit.attendance;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.televisit.security.Role;
import org.televisit.support.ApprovedAppointmentTest;
import org.televisit.support.EventStream;
import org.televisit.support.TestClock;
import org.televisit.support.Tokens;
import reactor.core.publisher.Mono;

/**
 * Attendance from the presence log: the parties' own reports, webhooks in and out of order, the
 * figures per party, and the no-show decided once when the join window closes.
 */
class AttendanceTest extends ApprovedAppointmentTest {

    private static final String TENANT = "vpaas-magic-cookie-0123456789abcdef";

    @Autowired
    private NoShowSweep sweep;

    @Autowired
    private MeterRegistry registry;

    private String room;

    @BeforeEach
    void theRoom() {
        room = column("SELECT room_name FROM meeting WHERE appointment_id = ?", appointment).get(0);
    }

    @Test
    void attendanceFiguresFollowTheEventsTimesNotTheirArrival() {
        Instant s = startsAt;
        TestClock.INSTANCE.standAt(s);
        as(doctor, Role.DOCTOR).post().uri("/api/appointments/{id}/meeting/start", appointment).exchange().expectStatus().isOk();
        Timer arrival = registry.find("televisit.patient.arrival").timer();
        long arrivalsBefore = arrival.count();
        double arrivalSecondsBefore = arrival.totalTime(java.util.concurrent.TimeUnit.SECONDS);

        try (EventStream doctorStream = EventStream.open("http://localhost:" + port + "/api/appointments/" + appointment + "/events",
                headers -> headers.setBearerAuth(Tokens.token(doctor, Role.DOCTOR)))) {
            webhook("PARTICIPANT_JOINED", doctor, "Dr Who", s, "APPLIED");
            webhook("PARTICIPANT_JOINED", patient, "Pat Ient", s.plusSeconds(60), "APPLIED");
            // Delivered out of order: the patient's second join before the leave that preceded it.
            webhook("PARTICIPANT_JOINED", patient, "Pat Ient", s.plusSeconds(400), "NO_CHANGE");
            webhook("PARTICIPANT_LEFT", patient, "Pat Ient", s.plusSeconds(300), "NO_CHANGE");
            webhook("PARTICIPANT_LEFT", patient, "Pat Ient", s.plusSeconds(900), "APPLIED");
            webhook("PARTICIPANT_LEFT", doctor, "Dr Who", s.plusSeconds(1000), "APPLIED");

            // Exactly the real changes reach the doctor, in the order they were applied.
            assertThat(List.of(doctorStream.next("PARTICIPANT_JOINED"), doctorStream.next("PARTICIPANT_JOINED"),
                    doctorStream.next("PARTICIPANT_LEFT"), doctorStream.next("PARTICIPANT_LEFT")))
                    .extracting(frame -> frame.data().get("role") + " " + frame.data().get("at"))
                    .containsExactly("DOCTOR " + s, "PATIENT " + s.plusSeconds(60), "PATIENT " + s.plusSeconds(900),
                            "DOCTOR " + s.plusSeconds(1000));
            doctorStream.expectNothingFor(Duration.ofMillis(300));
        }
        // The patient arrived a minute after the doctor started.
        assertThat(arrival.count() - arrivalsBefore).isEqualTo(1);
        assertThat(arrival.totalTime(java.util.concurrent.TimeUnit.SECONDS) - arrivalSecondsBefore).isEqualTo(60.0);

        TestClock.INSTANCE.standAt(s.plusSeconds(1500));
        as(agency, Role.AGENCY).post().uri("/api/appointments/{id}/presence", appointment).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("event", "joined")).exchange().expectStatus().isNoContent();
        TestClock.INSTANCE.standAt(s.plusSeconds(1600));

        Map<String, Object> attendance = as(doctor, Role.DOCTOR).get().uri("/api/appointments/{id}/attendance", appointment).exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        assertThat(attendance).containsEntry("appointmentId", appointment.toString()).containsEntry("noShow", false);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> parties = (List<Map<String, Object>>) attendance.get("parties");
        assertThat(parties).extracting(party -> party.get("role")).containsExactly("DOCTOR", "PATIENT", "AGENCY");
        assertThat(parties.get(0)).containsEntry("userId", doctor).containsEntry("name", "Dr Who")
                .containsEntry("firstJoinedAt", s.toString()).containsEntry("lastLeftAt", s.plusSeconds(1000).toString())
                .containsEntry("secondsInCall", 1000).containsEntry("inCall", false).containsEntry("source", "jitsi");
        // In 60–300 and 400–900: 240 + 500 seconds.
        assertThat(parties.get(1)).containsEntry("userId", patient).containsEntry("name", "Pat Ient")
                .containsEntry("firstJoinedAt", s.plusSeconds(60).toString()).containsEntry("lastLeftAt", s.plusSeconds(900).toString())
                .containsEntry("secondsInCall", 740).containsEntry("inCall", false).containsEntry("source", "jitsi");
        // Still in, by its own page's report: counted up to now.
        assertThat(parties.get(2)).containsEntry("userId", agency).containsEntry("name", "Test agency")
                .containsEntry("firstJoinedAt", s.plusSeconds(1500).toString()).containsEntry("lastLeftAt", null)
                .containsEntry("secondsInCall", 100).containsEntry("inCall", true).containsEntry("source", "client");

        // Once the doctor ends the meeting, an interval still open stops counting there.
        TestClock.INSTANCE.standAt(s.plusSeconds(1700));
        as(doctor, Role.DOCTOR).post().uri("/api/appointments/{id}/meeting/end", appointment).exchange().expectStatus().isOk();
        TestClock.INSTANCE.standAt(s.plusSeconds(5000));
        as(Tokens.newId(Role.ADMIN), Role.ADMIN).get().uri("/api/appointments/{id}/attendance", appointment).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.parties[2].secondsInCall").isEqualTo(200);
    }

    @Test
    void aLeaveThatNeverCameStopsCountingWhenTheJoinWindowCloses() {
        TestClock.INSTANCE.standAt(startsAt);
        report(doctor, Role.DOCTOR, "{\"event\":\"joined\"}").expectStatus().isNoContent();
        // The laptop was closed; no "left" ever came, and the meeting was never ended. Hours later:
        TestClock.INSTANCE.standAt(startsAt.plus(Duration.ofHours(5)));
        as(doctor, Role.DOCTOR).get().uri("/api/appointments/{id}/attendance", appointment).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.parties[0].role").isEqualTo("DOCTOR")
                .jsonPath("$.parties[0].inCall").isEqualTo(true)
                .jsonPath("$.parties[0].secondsInCall").isEqualTo((int) Duration.ofHours(2).toSeconds());
    }

    @Test
    void aPartyReportsItselfOnlyAndTheParticipantsHearIt() {
        TestClock.INSTANCE.standAt(startsAt.minus(Duration.ofMinutes(2)));
        try (EventStream patientStream = EventStream.open("http://localhost:" + port + "/api/appointments/" + appointment + "/events",
                headers -> headers.setBearerAuth(Tokens.token(patient, Role.PATIENT)))) {
            report(doctor, Role.DOCTOR, "{\"event\":\"joined\"}").expectStatus().isNoContent().expectBody().isEmpty();
            assertThat(patientStream.next("PARTICIPANT_JOINED").data()).containsEntry("role", "DOCTOR").containsEntry("userId", doctor)
                    .containsEntry("source", "client").containsEntry("name", "Test doctor");
            // Reporting again changes nothing and pushes nothing.
            report(doctor, Role.DOCTOR, "{\"event\":\"joined\"}").expectStatus().isNoContent();
            report(doctor, Role.DOCTOR, "{\"event\":\"left\"}").expectStatus().isNoContent();
            assertThat(patientStream.next().type()).isEqualTo("PARTICIPANT_LEFT");
        }
        assertThat(column("SELECT action || ' ' || outcome FROM audit_log WHERE appointment_id = ? AND actor_id = '" + doctor
                + "' AND action IN ('REPORT_PRESENCE', 'JOINED_CALL', 'LEFT_CALL') ORDER BY id", appointment))
                .containsExactly("JOINED_CALL GRANTED", "REPORT_PRESENCE GRANTED", "REPORT_PRESENCE GRANTED",
                        "LEFT_CALL GRANTED", "REPORT_PRESENCE GRANTED");
    }

    @Test
    void badReportsAndJoinsOutsideTheWindowAreRefused() {
        for (String body : List.of("{\"event\":\"arrived\"}", "{\"event\":\"JOINED\"}", "{\"event\":1}", "{\"event\":null}", "{}")) {
            report(patient, Role.PATIENT, body).expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.reason").isEqualTo("INVALID_VALUE").jsonPath("$.field").isEqualTo("event");
        }
        report(patient, Role.PATIENT, "{\"event\":").expectStatus().isBadRequest();
        // A day before the start: nobody can be in the call yet.
        report(patient, Role.PATIENT, "{\"event\":\"joined\"}").expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.reason").isEqualTo("WINDOW_NOT_OPEN").jsonPath("$.opensAt").isNotEmpty();
        assertThat(column("SELECT count(*) FROM call_presence WHERE appointment_id = ?", appointment)).containsExactly("0");
    }

    @Test
    void strangersAreToldNothingAndPartiesWithoutTheRightAreRefused() {
        report(Tokens.newId(Role.PATIENT), Role.PATIENT, "{\"event\":\"joined\"}").expectStatus().isNotFound()
                .expectBody().jsonPath("$.reason").isEqualTo("NOT_FOUND");
        report(patient, Role.AGENCY, "{\"event\":\"joined\"}").expectStatus().isNotFound();
        for (String stranger : List.of(Tokens.newId(Role.DOCTOR), Tokens.newId(Role.AGENCY))) {
            Role role = stranger.startsWith("doctor") ? Role.DOCTOR : Role.AGENCY;
            as(stranger, role).get().uri("/api/appointments/{id}/attendance", appointment).exchange().expectStatus().isNotFound()
                    .expectBody(String.class).value(body -> assertThat(body).contains("NOT_FOUND").doesNotContain(patient, doctor));
        }
        as(patient, Role.PATIENT).get().uri("/api/appointments/{id}/attendance", appointment).exchange().expectStatus().isForbidden();
        as(Tokens.newId(Role.ADMIN), Role.ADMIN).post().uri("/api/appointments/{id}/presence", appointment)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"event\":\"joined\"}").exchange().expectStatus().isForbidden();
        as(doctor, Role.DOCTOR).get().uri("/api/appointments/{id}/attendance", UUID.randomUUID()).exchange().expectStatus().isNotFound();
        assertThat(column("SELECT count(*) FROM call_presence WHERE appointment_id = ?", appointment)).containsExactly("0");
    }

    @Test
    void aPatientWhoNeverCameIsMarkedNoShowOnceWithItsEventAndMetric() {
        // A start of its own, far from other tests' appointments, so that the sweeps below decide this one alone.
        Instant start = TestClock.INSTANCE.instant().plus(Duration.ofDays(300))
                .plus(Duration.ofMinutes(ThreadLocalRandom.current().nextInt(100_000))).truncatedTo(ChronoUnit.MINUTES);
        UUID missed = bookApprovedAt(start, doctor, null);
        String missedPatient = column("SELECT patient_id FROM appointment WHERE id = ?", missed).get(0);
        TestClock.INSTANCE.standAt(start);
        as(doctor, Role.DOCTOR).post().uri("/api/appointments/{id}/meeting/start", missed).exchange().expectStatus().isOk();
        report(doctor, Role.DOCTOR, missed, "{\"event\":\"joined\"}").expectStatus().isNoContent();

        // Just before the window closes (two hours after the start): undecided, whatever else is due.
        TestClock.INSTANCE.standAt(start.plus(Duration.ofHours(2)).minusSeconds(1));
        sweep.sweep().block(Duration.ofSeconds(30));
        as(doctor, Role.DOCTOR).get().uri("/api/appointments/{id}", missed).exchange().expectBody().jsonPath("$.noShow").isEqualTo(false);
        double noShowsBefore = registry.counter("televisit.noshows").count();

        try (EventStream doctorStream = EventStream.open("http://localhost:" + port + "/api/appointments/" + missed + "/events",
                headers -> headers.setBearerAuth(Tokens.token(doctor, Role.DOCTOR)))) {
            TestClock.INSTANCE.standAt(start.plus(Duration.ofHours(2)));
            // Two sweeps at once (two instances): one decides.
            Mono.zip(sweep.sweep().thenReturn(1), sweep.sweep().thenReturn(2)).block(Duration.ofSeconds(30));
            sweep.sweep().block(Duration.ofSeconds(30));
            assertThat(doctorStream.next("APPOINTMENT_NO_SHOW").data()).containsEntry("appointmentId", missed.toString())
                    .containsEntry("patientId", missedPatient).containsEntry("at", start.plus(Duration.ofHours(2)).toString());
            doctorStream.expectNothingFor(Duration.ofMillis(300));
        }
        assertThat(registry.counter("televisit.noshows").count() - noShowsBefore).isEqualTo(1.0);
        as(doctor, Role.DOCTOR).get().uri("/api/appointments/{id}", missed).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.noShow").isEqualTo(true).jsonPath("$.version").isEqualTo(2);
        as(doctor, Role.DOCTOR).get().uri("/api/appointments/{id}/attendance", missed).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.noShow").isEqualTo(true)
                .jsonPath("$.parties[1].role").isEqualTo("PATIENT").jsonPath("$.parties[1].firstJoinedAt").isEmpty()
                .jsonPath("$.parties[1].secondsInCall").isEqualTo(0).jsonPath("$.parties[1].inCall").isEqualTo(false);
        assertThat(column("SELECT actor_role || ' ' || action || ' ' || reason FROM audit_log WHERE appointment_id = ?"
                + " AND action = 'MARK_NO_SHOW'", missed)).containsExactly("SYSTEM MARK_NO_SHOW PATIENT_NEVER_JOINED");
    }

    @Test
    void aPatientKeptWaitingByADoctorWhoNeverStartedIsNoNoShow() {
        Instant start = TestClock.INSTANCE.instant().plus(Duration.ofDays(500))
                .plus(Duration.ofMinutes(ThreadLocalRandom.current().nextInt(100_000))).truncatedTo(ChronoUnit.MINUTES);
        UUID waitedInVain = bookApprovedAt(start, doctor, null);
        String waitingPatient = column("SELECT patient_id FROM appointment WHERE id = ?", waitedInVain).get(0);
        TestClock.INSTANCE.standAt(start);
        // The waiting room keeps the patient out: the doctor never starts.
        as(waitingPatient, Role.PATIENT).post().uri("/api/appointments/{id}/join", waitedInVain).exchange()
                .expectStatus().isEqualTo(409).expectBody().jsonPath("$.reason").isEqualTo("MEETING_NOT_STARTED");
        // Nor can its page claim to be in the call.
        report(waitingPatient, Role.PATIENT, waitedInVain, "{\"event\":\"joined\"}").expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.reason").isEqualTo("MEETING_NOT_STARTED");
        double noShowsBefore = registry.counter("televisit.noshows").count();

        TestClock.INSTANCE.standAt(start.plus(Duration.ofHours(2)));
        sweep.sweep().block(Duration.ofSeconds(30));
        assertThat(column("SELECT no_show::text FROM appointment WHERE id = ?", waitedInVain)).containsExactly("false");
        assertThat(registry.counter("televisit.noshows").count() - noShowsBefore).isEqualTo(0.0);
        assertThat(column("SELECT count(*) FROM presence_event WHERE appointment_id = ? AND type = 'APPOINTMENT_NO_SHOW'", waitedInVain))
                .containsExactly("0");
    }

    @Test
    void aPatientWhoCameIsNoNoShowAndTheConsultationIsTimed() {
        Instant start = TestClock.INSTANCE.instant().plus(Duration.ofDays(400))
                .plus(Duration.ofMinutes(ThreadLocalRandom.current().nextInt(100_000))).truncatedTo(ChronoUnit.MINUTES);
        String attendingPatient = Tokens.newId(Role.PATIENT);
        Map<String, Object> booking = booking(doctor, attendingPatient, null);
        booking.put("startsAt", start.toString());
        UUID attended = UUID.fromString(as(Tokens.newId(Role.SCHEDULER), Role.SCHEDULER).post().uri("/api/appointments")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(booking).exchange().expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("id").toString());
        approve(doctor, attended);
        TestClock.INSTANCE.standAt(start);
        as(doctor, Role.DOCTOR).post().uri("/api/appointments/{id}/meeting/start", attended).exchange().expectStatus().isOk();
        report(doctor, Role.DOCTOR, attended, "{\"event\":\"joined\"}").expectStatus().isNoContent();
        TestClock.INSTANCE.standAt(start.plusSeconds(120));
        report(attendingPatient, Role.PATIENT, attended, "{\"event\":\"joined\"}").expectStatus().isNoContent();
        TestClock.INSTANCE.standAt(start.plusSeconds(720));
        report(attendingPatient, Role.PATIENT, attended, "{\"event\":\"left\"}").expectStatus().isNoContent();
        report(doctor, Role.DOCTOR, attended, "{\"event\":\"left\"}").expectStatus().isNoContent();

        TestClock.INSTANCE.standAt(start.plus(Duration.ofHours(2)).minusSeconds(1));
        sweep.sweep().block(Duration.ofSeconds(30));
        Timer consultation = registry.find("televisit.consultation.duration").timer();
        long before = consultation.count();
        double secondsBefore = consultation.totalTime(java.util.concurrent.TimeUnit.SECONDS);
        TestClock.INSTANCE.standAt(start.plus(Duration.ofHours(2)));
        sweep.sweep().block(Duration.ofSeconds(30));
        assertThat(consultation.count() - before).isEqualTo(1);
        assertThat(consultation.totalTime(java.util.concurrent.TimeUnit.SECONDS) - secondsBefore).isEqualTo(600.0);
        as(doctor, Role.DOCTOR).get().uri("/api/appointments/{id}", attended).exchange()
                .expectBody().jsonPath("$.noShow").isEqualTo(false).jsonPath("$.version").isEqualTo(1);
        assertThat(column("SELECT no_show::text FROM appointment WHERE id = ?", attended)).containsExactly("false");
        assertThat(column("SELECT count(*) FROM presence_event WHERE appointment_id = ? AND type = 'APPOINTMENT_NO_SHOW'", attended))
                .containsExactly("0");
    }

    private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec report(String user, Role role, String body) {
        return report(user, role, appointment, body);
    }

    private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec report(String user, Role role, UUID id, String body) {
        return as(user, role).post().uri("/api/appointments/{id}/presence", id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body.getBytes(StandardCharsets.UTF_8)).exchange();
    }

    private void webhook(String type, String userId, String name, Instant at, String outcome) {
        String body = "{\"idempotencyKey\":\"" + UUID.randomUUID() + "\",\"customerId\":\"0123456789abcdef\",\"appId\":\"" + TENANT
                + "\",\"eventType\":\"" + type + "\",\"sessionId\":\"s\",\"timestamp\":" + at.toEpochMilli()
                + ",\"fqn\":\"" + TENANT + "/" + room + "\",\"data\":{\"moderator\":\"false\",\"name\":\"" + name + "\",\"id\":\""
                + userId + "\",\"participantId\":\"p\",\"isBreakout\":false}}";
        long t = TestClock.INSTANCE.instant().getEpochSecond();
        http.post().uri("/api/jitsi/webhooks/jaas").contentType(MediaType.APPLICATION_JSON)
                .header("X-Jaas-Signature", "t=" + t + ",v1=" + JitsiWebhooksTest.signature(JAAS_WEBHOOK_SECRET, t, body))
                .bodyValue(body.getBytes(StandardCharsets.UTF_8)).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.outcome").isEqualTo(outcome);
    }
}

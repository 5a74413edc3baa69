package org.televisit.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.televisit.security.Role;
import org.televisit.support.ApprovedAppointmentTest;
import org.televisit.support.EventStream;
import org.televisit.support.EventStream.Frame;
import org.televisit.support.TestClock;
import org.televisit.support.Tokens;

/** The server-sent event streams over the real server and database, read as a browser reads them. */
class EventStreamTest extends ApprovedAppointmentTest {

    @BeforeEach
    void fiveMinutesBeforeTheStart() {
        TestClock.INSTANCE.standAt(startsAt.minus(Duration.ofMinutes(5)));
    }

    @Test
    void theWholeStoryIsPushedToTheDoctorAndTheAgency() {
        try (EventStream doctorConsole = stream(doctor, Role.DOCTOR, "/api/appointments/" + appointment + "/events");
                EventStream agencyPage = streamWithTicket(agency, Role.AGENCY, "/api/me/events")) {
            String request = knock();

            Frame requested = doctorConsole.next("LOBBY_REQUESTED");
            assertThat(requested.data()).containsEntry("requestId", request).containsEntry("requesterId", agency)
                    .containsEntry("requesterName", "Test agency").containsEntry("appointmentId", appointment.toString());
            assertThat(agencyPage.next("LOBBY_REQUESTED").id()).isEqualTo(requested.id());

            as(doctor, Role.DOCTOR).post().uri("/api/appointments/{id}/lobby/requests/{rid}/approve", appointment, request)
                    .exchange().expectStatus().isOk();
            Frame approved = agencyPage.next("LOBBY_APPROVED");
            assertThat(approved.id()).isGreaterThan(requested.id());
            assertThat(approved.data()).containsEntry("requestId", request).containsEntry("decidedBy", doctor);
            assertThat(doctorConsole.next("LOBBY_APPROVED").id()).isEqualTo(approved.id());

            as(doctor, Role.DOCTOR).post().uri("/api/appointments/{id}/meeting/start", appointment).exchange().expectStatus().isOk();
            as(agency, Role.AGENCY).post().uri("/api/appointments/{id}/join", appointment).exchange()
                    .expectStatus().isOk().expectBody().jsonPath("$.jwt").isNotEmpty().jsonPath("$.moderator").isEqualTo(false);
        }
    }

    @Test
    void anAgencySeesItsOwnRequestsAndThePatientOnlyTheMeeting() {
        try (EventStream patientPage = stream(patient, Role.PATIENT, "/api/appointments/" + appointment + "/events");
                EventStream agencyPage = stream(agency, Role.AGENCY, "/api/appointments/" + appointment + "/events")) {
            String request = knock();
            as(doctor, Role.DOCTOR).post().uri("/api/appointments/{id}/lobby/requests/{rid}/reject", appointment, request)
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("reason", "Please call the clinic first"))
                    .exchange().expectStatus().isOk();
            as(doctor, Role.DOCTOR).post().uri("/api/appointments/{id}/meeting/start", appointment).exchange().expectStatus().isOk();

            agencyPage.next("LOBBY_REQUESTED");
            assertThat(agencyPage.next("LOBBY_REJECTED").data()).containsEntry("reason", "Please call the clinic first");
            agencyPage.next("MEETING_STARTED");
            // The knock and its rejection are not the patient's business: the first thing it sees is the start.
            assertThat(patientPage.next("MEETING_STARTED").data()).containsEntry("appointmentId", appointment.toString());
        }
    }

    @Test
    void anotherAgencyGetsNoStreamAndNothingOfThisAppointmentOnItsOwn() {
        String otherAgency = Tokens.newId(Role.AGENCY);
        UUID itsAppointment = bookApprovedAt(startsAt, Tokens.newId(Role.DOCTOR), otherAgency);

        as(otherAgency, Role.AGENCY).get().uri("/api/appointments/{id}/events", appointment)
                .accept(MediaType.TEXT_EVENT_STREAM).exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.reason").isEqualTo("NOT_FOUND");
        try (EventStream itsPage = stream(otherAgency, Role.AGENCY, "/api/me/events")) {
            knock();
            as(otherAgency, Role.AGENCY).post().uri("/api/appointments/{id}/lobby/requests", itsAppointment).exchange()
                    .expectStatus().isCreated();
            assertThat(itsPage.next("LOBBY_REQUESTED").data()).containsEntry("appointmentId", itsAppointment.toString());
        }
        assertThat(auditRow(otherAgency)).isEqualTo("WATCH_EVENTS DENIED NOT_FOUND");
    }

    @Test
    void aStreamIsRefusedWithAProblemBeforeItStarts() {
        http.get().uri("/api/appointments/{id}/events", appointment).accept(MediaType.TEXT_EVENT_STREAM).exchange()
                .expectStatus().isUnauthorized().expectBody().jsonPath("$.reason").isEqualTo("UNAUTHENTICATED");
        as(Tokens.newId(Role.ADMIN), Role.ADMIN).get().uri("/api/appointments/{id}/events", appointment)
                .accept(MediaType.TEXT_EVENT_STREAM).exchange()
                .expectStatus().isForbidden().expectBody().jsonPath("$.reason").isEqualTo("FORBIDDEN");
        as(doctor, Role.DOCTOR).get().uri("/api/appointments/{id}/events", appointment).header("Last-Event-ID", "12; DROP")
                .accept(MediaType.TEXT_EVENT_STREAM).exchange()
                .expectStatus().isBadRequest().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.reason").isEqualTo("INVALID_VALUE").jsonPath("$.field").isEqualTo("Last-Event-ID");
    }

    @Test
    void expiryAndCancellationArePushed() {
        try (EventStream agencyPage = stream(agency, Role.AGENCY, "/api/me/events")) {
            String first = knock();
            agencyPage.next("LOBBY_REQUESTED");
            TestClock.INSTANCE.standAt(startsAt.plus(Duration.ofMinutes(6)));
            assertThat(agencyPage.next("LOBBY_EXPIRED").data()).containsEntry("requestId", first);

            String second = knock();
            agencyPage.next("LOBBY_REQUESTED");
            as(patient, Role.PATIENT).post().uri("/api/appointments/{id}/cancel", appointment).exchange().expectStatus().isOk();
            assertThat(agencyPage.next("LOBBY_CANCELLED").data())
                    .containsEntry("requestId", second).containsEntry("cause", "APPOINTMENT_CANCELLED");
            assertThat(agencyPage.next("APPOINTMENT_UPDATED").data()).containsEntry("status", "CANCELLED");
        }
    }

    @Test
    void aClientThatReconnectsWithTheLastEventIdGetsWhatItMissedOnceInOrder() {
        long seen;
        String first;
        try (EventStream doctorConsole = stream(doctor, Role.DOCTOR, "/api/appointments/" + appointment + "/events")) {
            first = knock();
            seen = doctorConsole.next("LOBBY_REQUESTED").id();
        }
        // While the doctor's connection is down, the agency withdraws and knocks again.
        as(agency, Role.AGENCY).delete().uri("/api/appointments/{id}/lobby/requests/{rid}", appointment, first).exchange()
                .expectStatus().isOk();
        String second = knock();

        try (EventStream resumed = EventStream.open(url("/api/appointments/" + appointment + "/events"), headers -> {
            headers.setBearerAuth(Tokens.token(doctor, Role.DOCTOR));
            headers.set("Last-Event-ID", Long.toString(seen));
        })) {
            Frame cancelled = resumed.next("LOBBY_CANCELLED");
            assertThat(cancelled.id()).isGreaterThan(seen);
            assertThat(cancelled.data()).containsEntry("requestId", first).containsEntry("cause", "REQUESTER");
            assertThat(resumed.next("LOBBY_REQUESTED").data()).containsEntry("requestId", second);
            resumed.expectNothingFor(Duration.ofMillis(500));
        }
        // EventSource's first connection carries the id in the URL instead.
        try (EventStream resumed = EventStream.open(url("/api/appointments/" + appointment + "/events?lastEventId=" + seen
                + "&ticket=" + ticket(doctor, Role.DOCTOR)), headers -> { })) {
            resumed.next("LOBBY_CANCELLED");
            resumed.next("LOBBY_REQUESTED");
        }
    }

    @Test
    void aStreamTicketIsUsedOnceOnlyForStreamsAndExpires() {
        String ticket = ticket(agency, Role.AGENCY);
        assertThat(storedTicketHashes(agency)).hasSize(1).noneMatch(hash -> hash.contains(ticket));
        try (EventStream ignored = EventStream.open(url("/api/me/events?ticket=" + ticket), headers -> { })) {
            http.get().uri("/api/me/events?ticket=" + ticket).accept(MediaType.TEXT_EVENT_STREAM).exchange()
                    .expectStatus().isUnauthorized().expectBody().jsonPath("$.reason").isEqualTo("INVALID_TICKET");
        }

        String other = ticket(agency, Role.AGENCY);
        http.get().uri("/api/appointments/{id}/lobby/requests?ticket=" + other, appointment).exchange()
                .expectStatus().isUnauthorized().expectBody().jsonPath("$.reason").isEqualTo("UNAUTHENTICATED");
        TestClock.INSTANCE.standAt(TestClock.INSTANCE.instant().plus(Duration.ofSeconds(61)));
        http.get().uri("/api/me/events?ticket=" + other).accept(MediaType.TEXT_EVENT_STREAM).exchange()
                .expectStatus().isUnauthorized().expectBody().jsonPath("$.reason").isEqualTo("INVALID_TICKET");

        // The bearer token itself is never accepted in a URL.
        http.get().uri("/api/me/events?access_token=" + Tokens.token(agency, Role.AGENCY)).accept(MediaType.TEXT_EVENT_STREAM)
                .exchange().expectStatus().isUnauthorized();
        http.post().uri("/api/stream-tickets").exchange().expectStatus().isUnauthorized();
    }

    @Test
    void aUserMayHoldOnlyALimitedNumberOfUnusedTickets() {
        String hoarder = Tokens.newId(Role.PATIENT);
        for (int i = 0; i < 20; i++) {
            ticket(hoarder, Role.PATIENT);
        }
        as(hoarder, Role.PATIENT).post().uri("/api/stream-tickets").exchange()
                .expectStatus().isEqualTo(429).expectHeader().exists("Retry-After")
                .expectBody().jsonPath("$.reason").isEqualTo("TOO_MANY_TICKETS");
    }

    @Test
    void aStreamEndsWhenTheTokenThatOpenedItExpiresAndSaysWhy() {
        Instant soon = TestClock.INSTANCE.instant().plusSeconds(2);
        String shortLived = Tokens.token(doctor, Role.DOCTOR, claims -> claims.expirationTime(java.util.Date.from(soon)));
        String ticket = as(agency, Role.AGENCY).mutate().defaultHeader("Authorization", "Bearer "
                        + Tokens.token(agency, Role.AGENCY, claims -> claims.expirationTime(java.util.Date.from(soon)))).build()
                .post().uri("/api/stream-tickets").exchange().expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("ticket").toString();

        try (EventStream withBearer = EventStream.open(url("/api/appointments/" + appointment + "/events"), headers -> headers.setBearerAuth(shortLived));
                EventStream withTicket = EventStream.open(url("/api/me/events?ticket=" + ticket), headers -> { })) {
            for (EventStream stream : List.of(withBearer, withTicket)) {
                String closing = stream.nextComment();
                while ("heartbeat".equals(closing)) {
                    closing = stream.nextComment();
                }
                assertThat(closing).startsWith("token expired: reconnect with a fresh token or ticket");
                stream.expectEnd();
            }
        }
    }

    private String knock() {
        return as(agency, Role.AGENCY).post().uri("/api/appointments/{id}/lobby/requests", appointment).exchange()
                .expectStatus().is2xxSuccessful().expectBody(Map.class).returnResult().getResponseBody().get("id").toString();
    }

    private EventStream stream(String user, Role role, String path) {
        return EventStream.open(url(path), headers -> headers.setBearerAuth(Tokens.token(user, role)));
    }

    private EventStream streamWithTicket(String user, Role role, String path) {
        return EventStream.open(url(path + "?ticket=" + ticket(user, role)), headers -> { });
    }

    private String ticket(String user, Role role) {
        Map<?, ?> ticket = as(user, role).post().uri("/api/stream-tickets").exchange()
                .expectStatus().isCreated().expectHeader().cacheControl(org.springframework.http.CacheControl.noStore())
                .expectBody(Map.class).returnResult().getResponseBody();
        assertThat(Instant.parse(ticket.get("expiresAt").toString())).isAfter(TestClock.INSTANCE.instant());
        return ticket.get("ticket").toString();
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    private String auditRow(String actor) {
        return column("SELECT action || ' ' || outcome || ' ' || coalesce(reason, '-') FROM audit_log WHERE actor_id = ? AND action = 'WATCH_EVENTS'", actor)
                .get(0);
    }

    private List<String> storedTicketHashes(String user) {
        return column("SELECT ticket_hash FROM stream_ticket WHERE user_id = ?", user);
    }
}

package org.televisit.lobby;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.televisit.security.Role;
import org.televisit.support.ApprovedAppointmentTest;
import org.televisit.support.TestClock;
import org.televisit.support.Tokens;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** The lobby over the real API and database: knocks, decisions, their audit rows and their events. */
class LobbyApiTest extends ApprovedAppointmentTest {

    @BeforeEach
    void fiveMinutesBeforeTheStart() {
        TestClock.INSTANCE.standAt(startsAt.minus(Duration.ofMinutes(5)));
    }

    @Test
    void anApprovedAgencyJoinsWithATokenThatIsNotAModerators() {
        knock().expectStatus().isCreated()
                .expectHeader().valueMatches("Location", ".*/lobby/requests/[0-9a-f-]{36}")
                .expectBody().jsonPath("$.status").isEqualTo("PENDING").jsonPath("$.requesterName").isEqualTo("Test agency");
        String request = requestId();
        join().expectStatus().isEqualTo(409).expectBody().jsonPath("$.reason").isEqualTo("KNOCK_PENDING");

        asDoctor().get().uri("/api/appointments/{id}/lobby/requests?status=PENDING", appointment).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$[0].id").isEqualTo(request).jsonPath("$[0].requesterId").isEqualTo(agency);
        asDoctor().post().uri("/api/appointments/{id}/lobby/requests/{rid}/approve", appointment, request).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("APPROVED").jsonPath("$.decidedBy").isEqualTo(doctor);

        // Approved before the doctor has started: it waits for the start (the waiting room), then enters.
        join().expectStatus().isEqualTo(409).expectBody().jsonPath("$.reason").isEqualTo("MEETING_NOT_STARTED");
        asDoctor().post().uri("/api/appointments/{id}/meeting/start", appointment).exchange().expectStatus().isOk();
        join().expectStatus().isOk().expectBody()
                .jsonPath("$.moderator").isEqualTo(false)
                .jsonPath("$.roomName").value(room -> assertThat(room.toString()).matches("tv[a-z2-7]{32}"));
        assertThat(events()).containsExactly("APPOINTMENT_UPDATED", "LOBBY_REQUESTED", "LOBBY_APPROVED", "MEETING_STARTED");
    }

    @Test
    void aRejectionCarriesTheDoctorsReasonAndAKnockAgainIsAllowedUpToTheLimit() {
        for (int attempt = 1; attempt <= 3; attempt++) {
            knock().expectStatus().isCreated();
            asDoctor().post().uri("/api/appointments/{id}/lobby/requests/{rid}/reject", appointment, requestId())
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("reason", "Please call the clinic first"))
                    .exchange().expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("REJECTED");
            join().expectStatus().isForbidden().expectBody()
                    .jsonPath("$.reason").isEqualTo("KNOCK_REJECTED")
                    .jsonPath("$.rejectionReason").isEqualTo("Please call the clinic first");
        }
        knock().expectStatus().isEqualTo(409).expectBody()
                .jsonPath("$.reason").isEqualTo("KNOCK_LIMIT_REACHED").jsonPath("$.maxKnocks").isEqualTo(3);
    }

    @Test
    void aSecondKnockWhilePendingReturnsTheSameRequest() {
        knock().expectStatus().isCreated();
        String first = requestId();
        knock().expectStatus().isOk().expectBody().jsonPath("$.id").isEqualTo(first);
    }

    @Test
    void concurrentDecisionsOnOneRequestAreDecidedExactlyOnce() {
        knock().expectStatus().isCreated();
        String request = requestId();
        List<Integer> statuses = Flux.range(0, 16)
                .flatMap(i -> Mono.fromCallable(() -> asDoctor().post()
                                .uri("/api/appointments/{id}/lobby/requests/{rid}/" + (i % 2 == 0 ? "approve" : "reject"), appointment, request)
                                .exchange().returnResult(String.class).getStatus().value())
                        .subscribeOn(Schedulers.boundedElastic()), 16)
                .collectList().block(Duration.ofSeconds(60));

        assertThat(statuses).filteredOn(status -> status == 200).hasSize(1);
        assertThat(statuses).filteredOn(status -> status != 200).hasSize(15).allMatch(status -> status == 409);
        assertThat(events()).filteredOn(type -> type.equals("LOBBY_APPROVED") || type.equals("LOBBY_REJECTED")).hasSize(1);
    }

    @Test
    void anUnansweredKnockExpiresByItselfAndThatIsPushedAndAudited() throws Exception {
        knock().expectStatus().isCreated();
        TestClock.INSTANCE.standAt(startsAt.minus(Duration.ofMinutes(5)).plus(Duration.ofMinutes(10)));
        waitFor(() -> events().contains("LOBBY_EXPIRED"));

        asAgency().get().uri("/api/appointments/{id}/lobby/requests", appointment).exchange()
                .expectBody().jsonPath("$[0].status").isEqualTo("EXPIRED");
        join().expectStatus().isForbidden().expectBody().jsonPath("$.reason").isEqualTo("KNOCK_REQUIRED");
        assertThat(auditActions()).contains("televisit SYSTEM EXPIRE_KNOCK GRANTED REQUEST_TTL");
    }

    @Test
    void theRequesterMayWithdrawAndOnlyTheRequester() {
        knock().expectStatus().isCreated();
        String request = requestId();
        asDoctor().delete().uri("/api/appointments/{id}/lobby/requests/{rid}", appointment, request).exchange().expectStatus().isForbidden();
        asAgency().delete().uri("/api/appointments/{id}/lobby/requests/{rid}", appointment, request).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("CANCELLED");
        asDoctor().post().uri("/api/appointments/{id}/lobby/requests/{rid}/approve", appointment, request).exchange()
                .expectStatus().isEqualTo(409).expectBody().jsonPath("$.reason").isEqualTo("ALREADY_DECIDED")
                .jsonPath("$.currentStatus").isEqualTo("CANCELLED");
    }

    @Test
    void cancellingTheAppointmentClosesOpenKnocks() {
        knock().expectStatus().isCreated();
        as(patient, Role.PATIENT).post().uri("/api/appointments/{id}/cancel", appointment).exchange().expectStatus().isOk();
        asAgency().get().uri("/api/appointments/{id}/lobby/requests", appointment).exchange()
                .expectBody().jsonPath("$[0].status").isEqualTo("CANCELLED");
        assertThat(events()).containsSubsequence("LOBBY_REQUESTED", "LOBBY_CANCELLED", "APPOINTMENT_UPDATED");
    }

    @Test
    void onlyPartiesThatMustKnockMayKnockAndOnlyInsideTheWindow() {
        as(patient, Role.PATIENT).post().uri("/api/appointments/{id}/lobby/requests", appointment).exchange()
                .expectStatus().isForbidden().expectBody().jsonPath("$.reason").isEqualTo("KNOCK_NOT_REQUIRED");
        as(Tokens.newId(Role.AGENCY), Role.AGENCY).post().uri("/api/appointments/{id}/lobby/requests", appointment).exchange()
                .expectStatus().isNotFound();
        TestClock.INSTANCE.standAt(startsAt.minus(Duration.ofHours(1)));
        knock().expectStatus().isEqualTo(409).expectBody().jsonPath("$.reason").isEqualTo("WINDOW_NOT_OPEN");
    }

    @Test
    void theAgencySeesOnlyItsOwnRequestsAndOnlyTheDoctorDecides() {
        knock().expectStatus().isCreated();
        String request = requestId();
        as(patient, Role.PATIENT).get().uri("/api/appointments/{id}/lobby/requests", appointment).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.length()").isEqualTo(0);
        asAgency().post().uri("/api/appointments/{id}/lobby/requests/{rid}/approve", appointment, request).exchange()
                .expectStatus().isForbidden();
        as(patient, Role.PATIENT).post().uri("/api/appointments/{id}/lobby/requests/{rid}/approve", appointment, request).exchange()
                .expectStatus().isForbidden();
    }

    @Test
    void knockingTooOftenIsRateLimitedWithRetryAfter() {
        for (int i = 0; i < 6; i++) {
            knock().expectStatus().is2xxSuccessful();
        }
        knock().expectStatus().isEqualTo(429)
                .expectHeader().valueMatches("Retry-After", "[1-9][0-9]*")
                .expectBody().jsonPath("$.reason").isEqualTo("RATE_LIMITED");
    }

    private WebTestClient.ResponseSpec knock() {
        return asAgency().post().uri("/api/appointments/{id}/lobby/requests", appointment).exchange();
    }

    private WebTestClient.ResponseSpec join() {
        return asAgency().post().uri("/api/appointments/{id}/join", appointment).exchange();
    }

    private String requestId() {
        List<?> requests = asAgency().get().uri("/api/appointments/{id}/lobby/requests", appointment).exchange()
                .expectStatus().isOk().expectBody(List.class).returnResult().getResponseBody();
        return ((Map<?, ?>) requests.get(requests.size() - 1)).get("id").toString();
    }

    private WebTestClient asDoctor() {
        return as(doctor, Role.DOCTOR);
    }

    private WebTestClient asAgency() {
        return as(agency, Role.AGENCY);
    }

    private List<String> events() {
        return rows("SELECT type FROM lobby_event WHERE appointment_id = ? ORDER BY id");
    }

    private List<String> auditActions() {
        return rows("SELECT actor_id || ' ' || actor_role || ' ' || action || ' ' || outcome || ' ' || coalesce(reason, '-') "
                + "FROM audit_log WHERE appointment_id = ? ORDER BY id");
    }

    private List<String> rows(String sql) {
        return column(sql, appointment);
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 10 s").isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}

package org.televisit.appointment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.televisit.security.Role;
import org.televisit.support.ApiTest;
import org.televisit.support.Tokens;

/**
 * One rule for schedulers, held on every route: a scheduler reads, lists and cancels the
 * appointments it booked and no others (404, as if they did not exist); an admin reads them all;
 * an answer never carries more than its caller may read.
 */
class SchedulerScopeTest extends ApiTest {

    private final String schedulerA = Tokens.newId(Role.SCHEDULER);
    private final String schedulerB = Tokens.newId(Role.SCHEDULER);
    private final String doctor = Tokens.newId(Role.DOCTOR);
    private final String patient = Tokens.newId(Role.PATIENT);
    private UUID appointment;

    @BeforeEach
    void schedulerABooks() {
        appointment = bookAs(schedulerA, Role.SCHEDULER, doctor);
    }

    @Test
    void anotherSchedulerCanNeitherReadNorCancelIt() {
        as(schedulerB, Role.SCHEDULER).get().uri("/api/appointments/{id}", appointment).exchange()
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.reason").isEqualTo("NOT_FOUND").jsonPath("$.doctorId").doesNotExist();
        String refusal = as(schedulerB, Role.SCHEDULER).post().uri("/api/appointments/{id}/cancel", appointment).exchange()
                .expectStatus().isNotFound()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(refusal).contains("\"reason\":\"NOT_FOUND\"").doesNotContain(doctor, patient, schedulerA);

        as(doctor, Role.DOCTOR).get().uri("/api/appointments/{id}", appointment).exchange()
                .expectBody().jsonPath("$.status").isEqualTo("REQUESTED").jsonPath("$.version").isEqualTo(0);
        assertThat(column("SELECT action || ' ' || outcome || ' ' || reason FROM audit_log WHERE actor_id = ? ORDER BY id", schedulerB))
                .containsExactly("VIEW DENIED NOT_FOUND", "CANCEL DENIED NOT_FOUND");
    }

    @Test
    void theSchedulerThatBookedItReadsAndCancelsIt() {
        String read = as(schedulerA, Role.SCHEDULER).get().uri("/api/appointments/{id}", appointment).exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(read).contains("\"id\":\"" + appointment + "\"", "\"doctorId\":\"" + doctor + "\"")
                // Who booked it is recorded, not shown.
                .doesNotContain(schedulerA, "createdBy");

        as(schedulerA, Role.SCHEDULER).post().uri("/api/appointments/{id}/cancel", appointment).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("CANCELLED").jsonPath("$.patientId").isEqualTo(patient);
        assertThat(column("SELECT created_by_role || ' ' || created_by FROM appointment WHERE id = ?::uuid", appointment.toString()))
                .containsExactly("SCHEDULER " + schedulerA);
    }

    @Test
    void aSchedulersListHoldsWhatItBookedAndNothingElse() {
        UUID byB = bookAs(schedulerB, Role.SCHEDULER, doctor);

        as(schedulerA, Role.SCHEDULER).get().uri("/api/appointments").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.items.length()").isEqualTo(1).jsonPath("$.items[0].id").isEqualTo(appointment.toString());
        as(schedulerB, Role.SCHEDULER).get().uri("/api/appointments").exchange()
                .expectBody().jsonPath("$.items.length()").isEqualTo(1).jsonPath("$.items[0].id").isEqualTo(byB.toString());
        // The doctor of both sees both.
        as(doctor, Role.DOCTOR).get().uri("/api/appointments").exchange()
                .expectBody().jsonPath("$.items.length()").isEqualTo(2);
    }

    @Test
    void theBookersSubInAnotherRoleIsNotTheBooker() {
        for (Role role : new Role[] {Role.DOCTOR, Role.PATIENT, Role.AGENCY}) {
            as(schedulerA, role).get().uri("/api/appointments/{id}", appointment).exchange()
                    .expectStatus().isNotFound().expectBody().jsonPath("$.reason").isEqualTo("NOT_FOUND");
            as(schedulerA, role).post().uri("/api/appointments/{id}/cancel", appointment).exchange()
                    .expectStatus().isNotFound().expectBody().jsonPath("$.reason").isEqualTo("NOT_FOUND");
            as(schedulerA, role).get().uri("/api/appointments").exchange()
                    .expectBody().jsonPath("$.items.length()").isEqualTo(0);
        }
    }

    @Test
    void anAdminReadsItButDoesNotCancelIt() {
        String admin = Tokens.newId(Role.ADMIN);
        as(admin, Role.ADMIN).get().uri("/api/appointments/{id}", appointment).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.id").isEqualTo(appointment.toString());
        as(admin, Role.ADMIN).post().uri("/api/appointments/{id}/cancel", appointment).exchange()
                .expectStatus().isForbidden().expectBody().jsonPath("$.reason").isEqualTo("FORBIDDEN");
    }

    @Test
    void aDoctorThatBooksForItselfHoldsItAsItsDoctor() {
        UUID own = bookAs(doctor, Role.DOCTOR, doctor);
        as(doctor, Role.DOCTOR).post().uri("/api/appointments/{id}/approve", own).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("APPROVED");
        as(schedulerA, Role.SCHEDULER).get().uri("/api/appointments/{id}", own).exchange()
                .expectStatus().isNotFound().expectBody().jsonPath("$.reason").isEqualTo("NOT_FOUND");
        assertThat(column("SELECT created_by_role || ' ' || created_by FROM appointment WHERE id = ?::uuid", own.toString()))
                .containsExactly("DOCTOR " + doctor);
    }

    private UUID bookAs(String booker, Role role, String doctorId) {
        Map<?, ?> created = as(booker, role).post().uri("/api/appointments").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(booking(doctorId, patient, null)).exchange()
                .expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
        return UUID.fromString((String) created.get("id"));
    }
}

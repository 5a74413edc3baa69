package org.televisit.appointment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.televisit.security.Role;
import org.televisit.support.ApiTest;
import org.televisit.support.Tokens;

/**
 * Every appointment route against every kind of caller who must be refused: strangers of each
 * role get 404 (they cannot even learn the appointment exists), and so does a token that carries
 * a party's sub in another role (an impostor: membership is role and id together) and a scheduler
 * that did not book it; parties whose role lacks the right, and the booking scheduler, get 403;
 * and no refusal carries any of the appointment's data or changes it.
 */
class AuthorizationMatrixTest extends ApiTest {

    enum Caller {
        STRANGER_DOCTOR, STRANGER_PATIENT, STRANGER_AGENCY, SCHEDULER, ADMIN, DOCTOR, PATIENT, AGENCY, BOOKER,
        DOCTOR_AS_PATIENT, DOCTOR_AS_AGENCY, DOCTOR_AS_SCHEDULER, PATIENT_AS_DOCTOR, PATIENT_AS_AGENCY, PATIENT_AS_SCHEDULER,
        AGENCY_AS_DOCTOR, AGENCY_AS_PATIENT, AGENCY_AS_SCHEDULER;

        static final List<Caller> STRANGERS = List.of(STRANGER_DOCTOR, STRANGER_PATIENT, STRANGER_AGENCY, SCHEDULER);
        static final List<Caller> IMPOSTORS = List.of(DOCTOR_AS_PATIENT, DOCTOR_AS_AGENCY, DOCTOR_AS_SCHEDULER,
                PATIENT_AS_DOCTOR, PATIENT_AS_AGENCY, PATIENT_AS_SCHEDULER, AGENCY_AS_DOCTOR, AGENCY_AS_PATIENT, AGENCY_AS_SCHEDULER);
    }

    /** Every route of one appointment; {@code {rid}} is a lobby request id. */
    static final List<String> ROUTES = List.of("GET /api/appointments/{id}", "POST /api/appointments/{id}/approve",
            "POST /api/appointments/{id}/cancel", "GET /api/appointments/{id}/audit",
            "POST /api/appointments/{id}/meeting/start", "POST /api/appointments/{id}/meeting/end",
            "POST /api/appointments/{id}/join", "POST /api/appointments/{id}/lobby/requests",
            "GET /api/appointments/{id}/lobby/requests", "POST /api/appointments/{id}/lobby/requests/{rid}/approve",
            "POST /api/appointments/{id}/lobby/requests/{rid}/reject", "DELETE /api/appointments/{id}/lobby/requests/{rid}",
            "GET /api/appointments/{id}/events", "GET /api/appointments/{id}/presence", "POST /api/appointments/{id}/presence",
            "GET /api/appointments/{id}/attendance");

    private String doctor;
    private String patient;
    private String agency;
    private String booker;
    private UUID appointment;

    @BeforeEach
    void appointmentWithThreeParties() {
        doctor = Tokens.newId(Role.DOCTOR);
        patient = Tokens.newId(Role.PATIENT);
        agency = Tokens.newId(Role.AGENCY);
        booker = Tokens.newId(Role.SCHEDULER);
        appointment = UUID.fromString(as(booker, Role.SCHEDULER).post().uri("/api/appointments").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(booking(doctor, patient, agency)).exchange().expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("id").toString());
    }

    static Stream<Arguments> refusals() {
        List<Arguments> cases = new ArrayList<>();
        for (String route : ROUTES) {
            for (Caller caller : Caller.STRANGERS) {
                cases.add(Arguments.of(route, caller, 404));
            }
            for (Caller caller : Caller.IMPOSTORS) {
                cases.add(Arguments.of(route, caller, 404));
            }
        }
        // The scheduler that booked it reads and cancels it, and may do nothing else to it.
        for (String route : ROUTES) {
            if (!route.equals("GET /api/appointments/{id}") && !route.equals("POST /api/appointments/{id}/cancel")) {
                cases.add(Arguments.of(route, Caller.BOOKER, 403));
            }
        }
        cases.add(Arguments.of("POST /api/appointments/{id}/approve", Caller.PATIENT, 403));
        cases.add(Arguments.of("POST /api/appointments/{id}/approve", Caller.AGENCY, 403));
        cases.add(Arguments.of("POST /api/appointments/{id}/approve", Caller.ADMIN, 403));
        cases.add(Arguments.of("POST /api/appointments/{id}/cancel", Caller.AGENCY, 403));
        cases.add(Arguments.of("POST /api/appointments/{id}/cancel", Caller.ADMIN, 403));
        cases.add(Arguments.of("GET /api/appointments/{id}/audit", Caller.PATIENT, 403));
        cases.add(Arguments.of("GET /api/appointments/{id}/audit", Caller.AGENCY, 403));
        cases.add(Arguments.of("GET /api/appointments/{id}/presence", Caller.PATIENT, 403));
        cases.add(Arguments.of("GET /api/appointments/{id}/presence", Caller.AGENCY, 403));
        cases.add(Arguments.of("POST /api/appointments/{id}/presence", Caller.ADMIN, 403));
        cases.add(Arguments.of("GET /api/appointments/{id}/attendance", Caller.PATIENT, 403));
        cases.add(Arguments.of("GET /api/appointments/{id}/attendance", Caller.AGENCY, 403));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} as {1} -> {2}")
    @MethodSource("refusals")
    void refusedCallersLearnNothingAndChangeNothing(String route, Caller caller, int status) {
        String[] parts = route.split(" ");
        String body = callAs(caller).method(HttpMethod.valueOf(parts[0])).uri(parts[1], appointment, UUID.randomUUID())
                .accept(MediaType.APPLICATION_JSON, MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectStatus().isEqualTo(status)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(String.class).returnResult().getResponseBody();

        String hidden = route.endsWith("/join") ? "NOT_PARTICIPANT" : "NOT_FOUND";
        assertThat(body).contains("\"reason\":\"" + (status == 404 ? hidden : "FORBIDDEN") + "\"");
        assertThat(body).doesNotContain(doctor, patient, agency, booker, "startsAt", "REQUESTED");
        as(doctor, Role.DOCTOR).get().uri("/api/appointments/{id}", appointment).exchange()
                .expectBody().jsonPath("$.status").isEqualTo("REQUESTED").jsonPath("$.version").isEqualTo(0);
    }

    @Test
    void theRightPartiesAreAllowed() {
        for (Caller caller : List.of(Caller.DOCTOR, Caller.PATIENT, Caller.AGENCY, Caller.ADMIN)) {
            callAs(caller).get().uri("/api/appointments/{id}", appointment).exchange().expectStatus().isOk();
        }
        for (Caller caller : List.of(Caller.DOCTOR, Caller.ADMIN)) {
            callAs(caller).get().uri("/api/appointments/{id}/audit", appointment).exchange().expectStatus().isOk();
            callAs(caller).get().uri("/api/appointments/{id}/presence", appointment).exchange()
                    .expectStatus().isOk().expectBody().jsonPath("$.waiting.length()").isEqualTo(0);
            callAs(caller).get().uri("/api/appointments/{id}/attendance", appointment).exchange().expectStatus().isOk();
        }
        callAs(Caller.BOOKER).get().uri("/api/appointments/{id}", appointment).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.id").isEqualTo(appointment.toString());
        callAs(Caller.DOCTOR).post().uri("/api/appointments/{id}/approve", appointment).exchange().expectStatus().isOk();
        callAs(Caller.PATIENT).post().uri("/api/appointments/{id}/cancel", appointment).exchange().expectStatus().isOk();
    }

    @Test
    void aPartysSubInAnotherRoleIsAStrangerEvenToAnAdminsEyes() {
        // The audit log records what the impostor was (its role), and that it was refused as a stranger.
        callAs(Caller.AGENCY_AS_DOCTOR).post().uri("/api/appointments/{id}/approve", appointment).exchange()
                .expectStatus().isNotFound().expectBody().jsonPath("$.reason").isEqualTo("NOT_FOUND");
        assertThat(column("SELECT actor_role || ' ' || action || ' ' || outcome || ' ' || reason FROM audit_log"
                + " WHERE appointment_id = ?::uuid AND action = 'APPROVE'", appointment.toString()))
                .containsExactly("DOCTOR APPROVE DENIED NOT_FOUND");
    }

    @Test
    void onlySchedulersAdminsAndTheDoctorItselfMayBook() {
        for (Caller caller : List.of(Caller.PATIENT, Caller.AGENCY, Caller.STRANGER_DOCTOR)) {
            callAs(caller).post().uri("/api/appointments").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(booking(doctor, patient, null))
                    .exchange()
                    .expectStatus().isForbidden()
                    .expectBody().jsonPath("$.reason").isEqualTo("FORBIDDEN");
        }
        for (Caller caller : List.of(Caller.SCHEDULER, Caller.ADMIN, Caller.DOCTOR)) {
            callAs(caller).post().uri("/api/appointments").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(booking(doctor, patient, null))
                    .exchange().expectStatus().isCreated();
        }
    }

    @Test
    void aStrangersListDoesNotContainTheAppointment() {
        List<Caller> others = new ArrayList<>(Caller.STRANGERS);
        others.addAll(Caller.IMPOSTORS);
        others.add(Caller.ADMIN);
        for (Caller caller : others) {
            callAs(caller).get().uri("/api/appointments").exchange()
                    .expectStatus().isOk()
                    .expectBody().jsonPath("$.items.length()").isEqualTo(0);
        }
        for (Caller caller : List.of(Caller.DOCTOR, Caller.PATIENT, Caller.AGENCY, Caller.BOOKER)) {
            callAs(caller).get().uri("/api/appointments").exchange()
                    .expectBody().jsonPath("$.items.length()").isEqualTo(1).jsonPath("$.items[0].id").isEqualTo(appointment.toString());
        }
    }

    private org.springframework.test.web.reactive.server.WebTestClient callAs(Caller caller) {
        return switch (caller) {
            case STRANGER_DOCTOR -> as(Tokens.newId(Role.DOCTOR), Role.DOCTOR);
            case STRANGER_PATIENT -> as(Tokens.newId(Role.PATIENT), Role.PATIENT);
            case STRANGER_AGENCY -> as(Tokens.newId(Role.AGENCY), Role.AGENCY);
            case SCHEDULER -> as(Tokens.newId(Role.SCHEDULER), Role.SCHEDULER);
            case ADMIN -> as(Tokens.newId(Role.ADMIN), Role.ADMIN);
            case DOCTOR -> as(doctor, Role.DOCTOR);
            case PATIENT -> as(patient, Role.PATIENT);
            case AGENCY -> as(agency, Role.AGENCY);
            case BOOKER -> as(booker, Role.SCHEDULER);
            case DOCTOR_AS_PATIENT -> as(doctor, Role.PATIENT);
            case DOCTOR_AS_AGENCY -> as(doctor, Role.AGENCY);
            case DOCTOR_AS_SCHEDULER -> as(doctor, Role.SCHEDULER);
            case PATIENT_AS_DOCTOR -> as(patient, Role.DOCTOR);
            case PATIENT_AS_AGENCY -> as(patient, Role.AGENCY);
            case PATIENT_AS_SCHEDULER -> as(patient, Role.SCHEDULER);
            case AGENCY_AS_DOCTOR -> as(agency, Role.DOCTOR);
            case AGENCY_AS_PATIENT -> as(agency, Role.PATIENT);
            case AGENCY_AS_SCHEDULER -> as(agency, Role.SCHEDULER);
        };
    }
}

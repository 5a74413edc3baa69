package org.televisit.appointment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
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
 * role get 404 (they cannot even learn the appointment exists), parties whose role lacks the
 * right get 403, and no refusal carries any of the appointment's data or changes it.
 */
class AuthorizationMatrixTest extends ApiTest {

    enum Caller { STRANGER_DOCTOR, STRANGER_PATIENT, STRANGER_AGENCY, SCHEDULER, ADMIN, DOCTOR, PATIENT, AGENCY }

    private String doctor;
    private String patient;
    private String agency;
    private UUID appointment;

    @BeforeEach
    void appointmentWithThreeParties() {
        doctor = Tokens.newId(Role.DOCTOR);
        patient = Tokens.newId(Role.PATIENT);
        agency = Tokens.newId(Role.AGENCY);
        appointment = book(doctor, patient, agency);
    }

    static Stream<Arguments> refusals() {
        List<Arguments> cases = new ArrayList<>();
        for (String route : List.of("GET /api/appointments/{id}", "POST /api/appointments/{id}/approve",
                "POST /api/appointments/{id}/cancel", "GET /api/appointments/{id}/audit")) {
            for (Caller stranger : List.of(Caller.STRANGER_DOCTOR, Caller.STRANGER_PATIENT, Caller.STRANGER_AGENCY)) {
                cases.add(Arguments.of(route, stranger, 404));
            }
        }
        cases.add(Arguments.of("GET /api/appointments/{id}", Caller.SCHEDULER, 404));
        cases.add(Arguments.of("POST /api/appointments/{id}/approve", Caller.SCHEDULER, 404));
        cases.add(Arguments.of("GET /api/appointments/{id}/audit", Caller.SCHEDULER, 404));
        cases.add(Arguments.of("POST /api/appointments/{id}/approve", Caller.PATIENT, 403));
        cases.add(Arguments.of("POST /api/appointments/{id}/approve", Caller.AGENCY, 403));
        cases.add(Arguments.of("POST /api/appointments/{id}/approve", Caller.ADMIN, 403));
        cases.add(Arguments.of("POST /api/appointments/{id}/cancel", Caller.AGENCY, 403));
        cases.add(Arguments.of("POST /api/appointments/{id}/cancel", Caller.ADMIN, 403));
        cases.add(Arguments.of("GET /api/appointments/{id}/audit", Caller.PATIENT, 403));
        cases.add(Arguments.of("GET /api/appointments/{id}/audit", Caller.AGENCY, 403));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} as {1} -> {2}")
    @MethodSource("refusals")
    void refusedCallersLearnNothingAndChangeNothing(String route, Caller caller, int status) {
        String[] parts = route.split(" ");
        String body = callAs(caller).method(HttpMethod.valueOf(parts[0])).uri(parts[1], appointment)
                .exchange()
                .expectStatus().isEqualTo(status)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(String.class).returnResult().getResponseBody();

        assertThat(body).contains("\"reason\":\"" + (status == 404 ? "NOT_FOUND" : "FORBIDDEN") + "\"");
        assertThat(body).doesNotContain(doctor, patient, agency, "startsAt", "REQUESTED");
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
        }
        callAs(Caller.DOCTOR).post().uri("/api/appointments/{id}/approve", appointment).exchange().expectStatus().isOk();
        callAs(Caller.PATIENT).post().uri("/api/appointments/{id}/cancel", appointment).exchange().expectStatus().isOk();
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
        for (Caller caller : List.of(Caller.STRANGER_DOCTOR, Caller.STRANGER_PATIENT, Caller.STRANGER_AGENCY, Caller.SCHEDULER, Caller.ADMIN)) {
            callAs(caller).get().uri("/api/appointments").exchange()
                    .expectStatus().isOk()
                    .expectBody().jsonPath("$.items.length()").isEqualTo(0);
        }
        callAs(Caller.AGENCY).get().uri("/api/appointments").exchange()
                .expectBody().jsonPath("$.items[0].id").isEqualTo(appointment.toString());
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
        };
    }
}

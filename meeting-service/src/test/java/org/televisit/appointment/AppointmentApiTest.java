package org.televisit.appointment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.televisit.security.Role;
import org.televisit.support.ApiTest;
import org.televisit.support.Tokens;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@SuppressWarnings("unchecked")
class AppointmentApiTest extends ApiTest {

    private final String doctor = Tokens.newId(Role.DOCTOR);
    private final String patient = Tokens.newId(Role.PATIENT);
    private final String agency = Tokens.newId(Role.AGENCY);

    @Test
    void schedulerBooksAnAppointmentThatThePartiesCanRead() {
        Map<String, Object> request = booking(doctor, patient, agency);
        var created = as(Tokens.newId(Role.SCHEDULER), Role.SCHEDULER).post().uri("/api/appointments")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(request)
                .exchange()
                .expectStatus().isCreated()
                .expectHeader().valueMatches("Location", "/api/appointments/[0-9a-f-]{36}")
                .expectBody()
                .jsonPath("$.doctorId").isEqualTo(doctor)
                .jsonPath("$.patientId").isEqualTo(patient)
                .jsonPath("$.agencyId").isEqualTo(agency)
                .jsonPath("$.startsAt").isEqualTo(request.get("startsAt"))
                .jsonPath("$.durationMinutes").isEqualTo(30)
                .jsonPath("$.type").isEqualTo("VIDEO")
                .jsonPath("$.status").isEqualTo("REQUESTED")
                // The join window (PT15M before, PT2H after the start by default), for a page's Join button.
                .jsonPath("$.joinOpensAt").isEqualTo(Instant.parse((String) request.get("startsAt")).minus(Duration.ofMinutes(15)).toString())
                .jsonPath("$.joinClosesAt").isEqualTo(Instant.parse((String) request.get("startsAt")).plus(Duration.ofHours(2)).toString())
                .returnResult();
        String location = created.getResponseHeaders().getLocation().toString();

        for (var party : List.of(Map.entry(doctor, Role.DOCTOR), Map.entry(patient, Role.PATIENT), Map.entry(agency, Role.AGENCY))) {
            as(party.getKey(), party.getValue()).get().uri(location).exchange()
                    .expectStatus().isOk()
                    .expectBody().jsonPath("$.doctorId").isEqualTo(doctor).jsonPath("$.status").isEqualTo("REQUESTED");
        }
        as(Tokens.newId(Role.ADMIN), Role.ADMIN).get().uri(location).exchange().expectStatus().isOk();
    }

    @Test
    void doctorBooksForItselfAndApprovesThenPatientCancels() {
        var asDoctor = as(doctor, Role.DOCTOR);
        String id = asDoctor.post().uri("/api/appointments").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(booking(doctor, patient, null))
                .exchange().expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("id").toString();

        asDoctor.post().uri("/api/appointments/{id}/approve", id).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("APPROVED").jsonPath("$.version").isEqualTo(1);

        as(patient, Role.PATIENT).post().uri("/api/appointments/{id}/cancel", id).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("CANCELLED").jsonPath("$.version").isEqualTo(2);

        asDoctor.get().uri("/api/appointments/{id}", id).exchange()
                .expectBody().jsonPath("$.status").isEqualTo("CANCELLED");
    }

    @Test
    void theWaitingRoomKnowsTheDoctorsNameFromTheBookingOrTheDoctorsOwnToken() {
        Map<String, Object> named = booking(doctor, patient, null);
        named.put("doctorName", "Dr. Alice Adler");
        as(Tokens.newId(Role.SCHEDULER), Role.SCHEDULER).post().uri("/api/appointments").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(named).exchange().expectStatus().isCreated()
                .expectBody().jsonPath("$.doctorName").isEqualTo("Dr. Alice Adler");

        // A doctor booking for itself is named by its token, whatever the body says.
        named.put("doctorName", "Someone Else");
        as(doctor, Role.DOCTOR).post().uri("/api/appointments").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(named).exchange().expectStatus().isCreated()
                .expectBody().jsonPath("$.doctorName").isEqualTo("Test doctor");

        // Unnamed at booking: the doctor's approval names it, and the patient reads it.
        as(Tokens.newId(Role.SCHEDULER), Role.SCHEDULER).post().uri("/api/appointments")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(booking(doctor, patient, null))
                .exchange().expectStatus().isCreated()
                .expectBody().jsonPath("$.doctorName").isEmpty();
        UUID unnamed = UUID.fromString(column("SELECT id::text FROM appointment WHERE doctor_id = ? AND doctor_name IS NULL", doctor).get(0));
        as(doctor, Role.DOCTOR).post().uri("/api/appointments/{id}/approve", unnamed).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.doctorName").isEqualTo("Test doctor");
        as(patient, Role.PATIENT).get().uri("/api/appointments/{id}", unnamed).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.doctorName").isEqualTo("Test doctor");

        named.put("doctorName", "Dr. \u0000Null");
        expectProblem(as(Tokens.newId(Role.SCHEDULER), Role.SCHEDULER).post().uri("/api/appointments")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(named).exchange(), HttpStatus.BAD_REQUEST, "INVALID_VALUE");
    }

    @Test
    void aSchedulerCancelsWhatItBookedButNotAnotherSchedulersBooking() {
        String scheduler = Tokens.newId(Role.SCHEDULER);
        UUID id = UUID.fromString(as(scheduler, Role.SCHEDULER).post().uri("/api/appointments").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(booking(doctor, patient, null)).exchange().expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("id").toString());
        expectProblem(as(Tokens.newId(Role.SCHEDULER), Role.SCHEDULER).post().uri("/api/appointments/{id}/cancel", id).exchange(),
                HttpStatus.NOT_FOUND, "NOT_FOUND");
        as(scheduler, Role.SCHEDULER).post().uri("/api/appointments/{id}/cancel", id).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("CANCELLED");
    }

    @Test
    void aFinishedAppointmentCannotChangeAgain() {
        UUID id = book(doctor, patient, null);
        as(doctor, Role.DOCTOR).post().uri("/api/appointments/{id}/cancel", id).exchange().expectStatus().isOk();

        expectProblem(as(doctor, Role.DOCTOR).post().uri("/api/appointments/{id}/approve", id).exchange(),
                HttpStatus.CONFLICT, "INVALID_STATE")
                .jsonPath("$.currentStatus").isEqualTo("CANCELLED");
        expectProblem(as(patient, Role.PATIENT).post().uri("/api/appointments/{id}/cancel", id).exchange(),
                HttpStatus.CONFLICT, "INVALID_STATE");
    }

    @Test
    void approvingTwiceIsAConflictNotASilentSuccess() {
        UUID id = book(doctor, patient, null);
        as(doctor, Role.DOCTOR).post().uri("/api/appointments/{id}/approve", id).exchange().expectStatus().isOk();
        expectProblem(as(doctor, Role.DOCTOR).post().uri("/api/appointments/{id}/approve", id).exchange(),
                HttpStatus.CONFLICT, "INVALID_STATE");
    }

    @Test
    void concurrentChangesToOneAppointmentAreDecidedOnce() {
        UUID id = book(doctor, patient, null);
        var cancellers = List.of(as(doctor, Role.DOCTOR), as(patient, Role.PATIENT));
        List<Integer> statuses = Flux.range(0, 12)
                .flatMap(i -> Mono.fromCallable(() -> cancellers.get(i % 2).post()
                                .uri("/api/appointments/{id}/cancel", id).exchange()
                                .returnResult(String.class).getStatus().value())
                        .subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic()), 12)
                .collectList().block(Duration.ofSeconds(60));

        assertThat(statuses).filteredOn(status -> status == 200).hasSize(1);
        assertThat(statuses).filteredOn(status -> status != 200).allMatch(status -> status == 409).hasSize(11);
        as(doctor, Role.DOCTOR).get().uri("/api/appointments/{id}", id).exchange()
                .expectBody().jsonPath("$.status").isEqualTo("CANCELLED").jsonPath("$.version").isEqualTo(1);
    }

    @Test
    void listShowsOnlyMyAppointmentsFilteredAndPaged() {
        Instant base = Instant.now().plus(Duration.ofDays(3)).truncatedTo(ChronoUnit.SECONDS);
        List<String> mine = new ArrayList<>();
        var scheduler = as(Tokens.newId(Role.SCHEDULER), Role.SCHEDULER);
        for (int i = 0; i < 5; i++) {
            Map<String, Object> request = booking(doctor, patient, null);
            request.put("startsAt", base.plus(Duration.ofHours(i)).toString());
            mine.add(scheduler.post().uri("/api/appointments").contentType(MediaType.APPLICATION_JSON).bodyValue(request)
                    .exchange().expectStatus().isCreated()
                    .expectBody(Map.class).returnResult().getResponseBody().get("id").toString());
        }
        book(Tokens.newId(Role.DOCTOR), Tokens.newId(Role.PATIENT), null); // somebody else's
        as(doctor, Role.DOCTOR).post().uri("/api/appointments/{id}/approve", mine.get(4)).exchange().expectStatus().isOk();

        var asPatient = as(patient, Role.PATIENT);
        asPatient.get().uri("/api/appointments?size=2&page=0").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.items.length()").isEqualTo(2)
                .jsonPath("$.items[0].id").isEqualTo(mine.get(0))
                .jsonPath("$.items[1].id").isEqualTo(mine.get(1))
                .jsonPath("$.hasMore").isEqualTo(true);
        asPatient.get().uri("/api/appointments?size=2&page=2").exchange()
                .expectBody()
                .jsonPath("$.items.length()").isEqualTo(1)
                .jsonPath("$.items[0].id").isEqualTo(mine.get(4))
                .jsonPath("$.hasMore").isEqualTo(false);
        asPatient.get().uri(b -> b.path("/api/appointments")
                        .queryParam("from", base.plus(Duration.ofHours(1)).toString())
                        .queryParam("to", base.plus(Duration.ofHours(3)).toString()).build())
                .exchange()
                .expectBody()
                .jsonPath("$.items[*].id").isEqualTo(List.of(mine.get(1), mine.get(2)));
        asPatient.get().uri("/api/appointments?status=APPROVED").exchange()
                .expectBody()
                .jsonPath("$.items[*].id").isEqualTo(List.of(mine.get(4)));
    }

    @Test
    void missingFieldsAreNamed() {
        expectProblem(as(doctor, Role.DOCTOR).post().uri("/api/appointments").contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("doctorId", doctor)).exchange(),
                HttpStatus.BAD_REQUEST, "VALIDATION_FAILED")
                .jsonPath("$.errors[*].field").value(fields -> assertThat((List<Object>) fields)
                        .contains("patientId", "startsAt", "durationMinutes", "type"));
    }

    @Test
    void aStartInThePastIsRefused() {
        Map<String, Object> request = booking(doctor, patient, null);
        request.put("startsAt", Instant.now().minus(Duration.ofMinutes(1)).toString());
        expectProblem(post(request), HttpStatus.BAD_REQUEST, "VALIDATION_FAILED")
                .jsonPath("$.field").isEqualTo("startsAt");
    }

    @Test
    void durationMustBeBetweenFiveAndFourHundredEightyMinutes() {
        for (int minutes : new int[] {4, 481, -1}) {
            Map<String, Object> request = booking(doctor, patient, null);
            request.put("durationMinutes", minutes);
            expectProblem(post(request), HttpStatus.BAD_REQUEST, "VALIDATION_FAILED")
                    .jsonPath("$.field").isEqualTo("durationMinutes");
        }
        for (int minutes : new int[] {5, 480}) {
            Map<String, Object> request = booking(doctor, patient, null);
            request.put("durationMinutes", minutes);
            post(request).expectStatus().isCreated();
        }
    }

    @Test
    void unknownEnumValuesAreRefusedWithTheFieldAndTheAllowedValues() {
        Map<String, Object> request = booking(doctor, patient, null);
        request.put("type", "PHONE");
        expectProblem(post(request), HttpStatus.BAD_REQUEST, "INVALID_VALUE")
                .jsonPath("$.field").isEqualTo("type")
                .jsonPath("$.detail").value(detail -> assertThat(detail.toString()).contains("PHONE", "VIDEO", "IN_PERSON"));

        expectProblem(as(doctor, Role.DOCTOR).get().uri("/api/appointments?status=DONE").exchange(),
                HttpStatus.BAD_REQUEST, "INVALID_VALUE")
                .jsonPath("$.field").isEqualTo("status");
    }

    @Test
    void aMalformedDateIsRefusedWithItsField() {
        Map<String, Object> request = booking(doctor, patient, null);
        request.put("startsAt", "tomorrow at ten");
        expectProblem(post(request), HttpStatus.BAD_REQUEST, "INVALID_VALUE")
                .jsonPath("$.field").isEqualTo("startsAt");
    }

    @Test
    void malformedJsonIsABadRequestNotAServerError() {
        expectProblem(as(doctor, Role.DOCTOR).post().uri("/api/appointments").contentType(MediaType.APPLICATION_JSON)
                        .bodyValue("{\"doctorId\": \"x\",").exchange(),
                HttpStatus.BAD_REQUEST, "MALFORMED_JSON");
    }

    @Test
    void bodiesOverSixtyFourKibibytesAreRefused() {
        Map<String, Object> request = booking(doctor, patient, null);
        request.put("padding", "x".repeat(70_000));
        expectProblem(post(request), HttpStatus.CONTENT_TOO_LARGE, "PAYLOAD_TOO_LARGE");

        byte[] json = ("{\"padding\":\"" + "x".repeat(70_000) + "\"}").getBytes();
        var chunked = Flux.range(0, json.length / 1000 + 1)
                .map(i -> new org.springframework.core.io.buffer.DefaultDataBufferFactory()
                        .wrap(java.util.Arrays.copyOfRange(json, i * 1000, Math.min(json.length, (i + 1) * 1000))));
        expectProblem(as(doctor, Role.DOCTOR).post().uri("/api/appointments").contentType(MediaType.APPLICATION_JSON)
                        .body(chunked, org.springframework.core.io.buffer.DataBuffer.class).exchange(),
                HttpStatus.CONTENT_TOO_LARGE, "PAYLOAD_TOO_LARGE");
    }

    @Test
    void controlCharactersAndOutOfRangeDatesAreRefusedNotAServerError() {
        Map<String, Object> request = booking(doctor, patient, null);
        request.put("patientId", "pat\u0000ient");
        expectProblem(post(request), HttpStatus.BAD_REQUEST, "INVALID_VALUE").jsonPath("$.field").isEqualTo("patientId");

        Map<String, Object> farAway = booking(doctor, patient, null);
        farAway.put("startsAt", "+300000-01-01T00:00:00Z");
        expectProblem(post(farAway), HttpStatus.BAD_REQUEST, "VALIDATION_FAILED").jsonPath("$.field").isEqualTo("startsAt");

        expectProblem(as(doctor, Role.DOCTOR).get().uri("/api/appointments?from=+300000-01-01T00:00:00Z").exchange(),
                HttpStatus.BAD_REQUEST, "INVALID_VALUE").jsonPath("$.field").isEqualTo("from");
        http.get().uri("/api/appointments").header("Authorization", "Bearer " + Tokens.token("dr\u0000x", Role.DOCTOR))
                .exchange().expectStatus().isUnauthorized();
    }

    @Test
    void aMalformedIdIsABadRequest() {
        expectProblem(as(doctor, Role.DOCTOR).get().uri("/api/appointments/not-a-uuid").exchange(),
                HttpStatus.BAD_REQUEST, "INVALID_VALUE")
                .jsonPath("$.field").isEqualTo("id");
    }

    @Test
    void anUnknownAppointmentIsNotFound() {
        expectProblem(as(doctor, Role.DOCTOR).get().uri("/api/appointments/{id}", UUID.randomUUID()).exchange(),
                HttpStatus.NOT_FOUND, "NOT_FOUND");
    }

    private WebTestClient.ResponseSpec post(Map<String, Object> request) {
        return as(doctor, Role.DOCTOR).post().uri("/api/appointments").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(request).exchange();
    }

    static WebTestClient.BodyContentSpec expectProblem(WebTestClient.ResponseSpec response, HttpStatus status, String reason) {
        return response.expectStatus().isEqualTo(status)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status").isEqualTo(status.value())
                .jsonPath("$.reason").isEqualTo(reason)
                .jsonPath("$.detail").isNotEmpty();
    }
}

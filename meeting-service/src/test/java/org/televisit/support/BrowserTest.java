package org.televisit.support;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.http.MediaType;
import org.televisit.security.Role;

/**
 * Tests of the web pages in headless Chromium: three new people per test, and the server's clock
 * at the real time (frozen at the test's start), since the browsers run on the real clock.
 */
public abstract class BrowserTest extends ApiTest {

    protected String doctor;
    protected String patient;
    protected String agency;

    @BeforeAll
    static void chromium() {
        Browser.requireChromium();
    }

    @BeforeEach
    void peopleAndRealTime() {
        TestClock.INSTANCE.standAt(Instant.now());
        doctor = Tokens.newId(Role.DOCTOR);
        patient = Tokens.newId(Role.PATIENT);
        agency = Tokens.newId(Role.AGENCY);
    }

    /** The appointment page of {@code appointment} as {@code user} in {@code role} opens it (signed in by the URL's fragment). */
    protected String page(UUID appointment, String user, Role role) {
        return "http://localhost:" + port + "/appointment.html?id=" + appointment + "#token=" + Tokens.token(user, role);
    }

    /** A video appointment of this test's three people, five minutes from now, booked and approved by its doctor. */
    protected UUID bookApproved() {
        Map<String, Object> body = booking(doctor, patient, agency);
        body.put("startsAt", Instant.now().plus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.SECONDS).toString());
        UUID id = UUID.fromString(as(doctor, Role.DOCTOR).post().uri("/api/appointments").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body).exchange().expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("id").toString());
        approve(doctor, id);
        return id;
    }
}

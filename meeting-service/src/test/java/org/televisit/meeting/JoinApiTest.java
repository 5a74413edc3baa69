package org.televisit.meeting;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.televisit.security.Role;
import org.televisit.support.ApprovedAppointmentTest;
import org.televisit.support.TestClock;
import org.televisit.testdb.TestDatabase;
import org.televisit.support.Tokens;

/** Who may enter an appointment's call, and when, over the real API (self-hosted Jitsi provider). */
class JoinApiTest extends ApprovedAppointmentTest {

    @Test
    void thePatientEntersDirectlyWithATokenForThisRoomUntilTheWindowCloses() throws Exception {
        TestClock.INSTANCE.standAt(startsAt.minus(Duration.ofMinutes(5)));
        startMeeting();
        Map<?, ?> grant = join(patient, Role.PATIENT).expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();

        String room = roomOf(appointment);
        assertThat(room).matches("tv[a-z2-7]{32}");
        assertThat(grant.get("provider")).isEqualTo("self-hosted");
        assertThat(grant.get("domain")).isEqualTo(JITSI_DOMAIN);
        assertThat(grant.get("roomName")).isEqualTo(room);
        assertThat(grant.get("externalApiUrl")).isEqualTo("https://" + JITSI_DOMAIN + "/external_api.js");
        assertThat(grant.get("displayName")).isEqualTo("Test patient");
        assertThat(grant.get("moderator")).isEqualTo(false);
        assertThat(grant.get("expiresAt")).isEqualTo(startsAt.plus(Duration.ofHours(2)).toString());
        Map<?, ?> options = (Map<?, ?>) grant.get("options");
        assertThat(options.get("roomName")).isEqualTo(room);
        assertThat(options.get("jwt")).isEqualTo(grant.get("jwt"));
        assertThat(((Map<?, ?>) options.get("userInfo")).get("displayName")).isEqualTo("Test patient");
        assertThat(((Map<?, ?>) options.get("configOverwrite")).get("prejoinConfig")).isEqualTo(Map.of("enabled", false));

        SignedJWT jwt = SignedJWT.parse((String) grant.get("jwt"));
        assertThat(jwt.verify(new MACVerifier(JITSI_APP_SECRET.getBytes(StandardCharsets.UTF_8)))).isTrue();
        assertThat(jwt.getJWTClaimsSet().getStringClaim("room")).isEqualTo(room);
        assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo(JITSI_APP_ID);
        assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo(JITSI_DOMAIN);
        assertThat(jwt.getJWTClaimsSet().getExpirationTime()).isEqualTo(Date.from(startsAt.plus(Duration.ofHours(2))));
        assertThat(jwt.getJWTClaimsSet().getNotBeforeTime()).isEqualTo(Date.from(startsAt.minus(Duration.ofMinutes(16))));
        assertThat(jwt.getJWTClaimsSet().getJSONObjectClaim("context").get("user"))
                .isEqualTo(Map.of("id", patient, "name", "Test patient", "moderator", false, "affiliation", "member"));
    }

    @Test
    void theDoctorIsTheOnlyModerator() throws Exception {
        TestClock.INSTANCE.standAt(startsAt);
        Map<?, ?> grant = join(doctor, Role.DOCTOR).expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        assertThat(grant.get("moderator")).isEqualTo(true);
        SignedJWT jwt = SignedJWT.parse((String) grant.get("jwt"));
        Map<?, ?> user = (Map<?, ?>) jwt.getJWTClaimsSet().getJSONObjectClaim("context").get("user");
        assertThat(user.get("moderator")).isEqualTo(true);
        assertThat(user.get("affiliation")).isEqualTo("owner");
    }

    @Test
    void theUsersPictureBecomesTheirJitsiAvatarWhenItIsAnHttpsUrl() throws Exception {
        TestClock.INSTANCE.standAt(startsAt);
        startMeeting();
        assertThat(avatarInToken(Tokens.token(patient, Role.PATIENT, c -> c.claim("picture", "https://idp.example/p.png"))))
                .isEqualTo("https://idp.example/p.png");
        assertThat(avatarInToken(Tokens.token(patient, Role.PATIENT, c -> c.claim("picture", "javascript:alert(1)")))).isNull();
    }

    private Object avatarInToken(String userToken) throws Exception {
        Map<?, ?> grant = http.post().uri("/api/appointments/{id}/join", appointment).header("Authorization", "Bearer " + userToken)
                .exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        return ((Map<?, ?>) SignedJWT.parse((String) grant.get("jwt")).getJWTClaimsSet().getJSONObjectClaim("context").get("user")).get("avatar");
    }

    @Test
    void theAgencyMustKnockAndNeverSeesTheRoomName() {
        TestClock.INSTANCE.standAt(startsAt);
        String body = join(agency, Role.AGENCY).expectStatus().isForbidden()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(body).contains("\"reason\":\"KNOCK_REQUIRED\"").doesNotContain(roomOf(appointment)).doesNotContain("jwt");
    }

    @Test
    void theWindowOpensFifteenMinutesBeforeTheStartToTheSecond() {
        Instant opens = startsAt.minus(Duration.ofMinutes(15));
        TestClock.INSTANCE.standAt(opens.minusSeconds(1));
        expectDenial(join(patient, Role.PATIENT), 409, "WINDOW_NOT_OPEN").jsonPath("$.opensAt").isEqualTo(opens.toString());
        TestClock.INSTANCE.standAt(opens);
        startMeeting();
        join(patient, Role.PATIENT).expectStatus().isOk();
    }

    @Test
    void beforeTheDoctorStartsThePatientWaitsAndIsToldTheMeetingStatusAndTheWindowButNoRoom() {
        TestClock.INSTANCE.standAt(startsAt.minus(Duration.ofMinutes(5)));
        byte[] body = expectDenial(join(patient, Role.PATIENT), 409, "MEETING_NOT_STARTED")
                .jsonPath("$.meetingStatus").isEqualTo("NOT_STARTED")
                .jsonPath("$.opensAt").isEqualTo(startsAt.minus(Duration.ofMinutes(15)).toString())
                .jsonPath("$.closesAt").isEqualTo(startsAt.plus(Duration.ofHours(2)).toString())
                .returnResult().getResponseBodyContent();
        assertThat(new String(body, StandardCharsets.UTF_8)).doesNotContain(roomOf(appointment)).doesNotContain("jwt");
        assertThat(meetingStatusOf(appointment)).isEqualTo("CREATED");

        startMeeting();
        join(patient, Role.PATIENT).expectStatus().isOk().expectBody()
                .jsonPath("$.roomName").isEqualTo(roomOf(appointment)).jsonPath("$.moderator").isEqualTo(false);
    }

    @Test
    void theDoctorEntersBeforeItHasStartedTheMeetingAndThatDoesNotStartIt() {
        TestClock.INSTANCE.standAt(startsAt.minus(Duration.ofMinutes(5)));
        join(doctor, Role.DOCTOR).expectStatus().isOk().expectBody().jsonPath("$.moderator").isEqualTo(true);
        assertThat(meetingStatusOf(appointment)).isEqualTo("CREATED");
        expectDenial(join(patient, Role.PATIENT), 409, "MEETING_NOT_STARTED");
    }

    @Test
    void anAgencyMayKnockBeforeTheStartAndItsApprovalAdmitsItOnceTheDoctorHasStarted() {
        TestClock.INSTANCE.standAt(startsAt.minus(Duration.ofMinutes(5)));
        expectDenial(join(agency, Role.AGENCY), 403, "KNOCK_REQUIRED");
        String request = as(agency, Role.AGENCY).post().uri("/api/appointments/{id}/lobby/requests", appointment).exchange()
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("id").toString();
        expectDenial(join(agency, Role.AGENCY), 409, "KNOCK_PENDING");
        as(doctor, Role.DOCTOR).post().uri("/api/appointments/{id}/lobby/requests/{rid}/approve", appointment, request)
                .exchange().expectStatus().isOk();

        expectDenial(join(agency, Role.AGENCY), 409, "MEETING_NOT_STARTED").jsonPath("$.meetingStatus").isEqualTo("NOT_STARTED");
        startMeeting();
        join(agency, Role.AGENCY).expectStatus().isOk().expectBody()
                .jsonPath("$.roomName").isEqualTo(roomOf(appointment)).jsonPath("$.moderator").isEqualTo(false);
    }

    @Test
    void anEndedMeetingIsStillMeetingEndedForThePatient() {
        TestClock.INSTANCE.standAt(startsAt);
        startMeeting();
        as(doctor, Role.DOCTOR).post().uri("/api/appointments/{id}/meeting/end", appointment).exchange().expectStatus().isOk();
        expectDenial(join(patient, Role.PATIENT), 409, "MEETING_ENDED");
    }

    @Test
    void theWindowClosesTwoHoursAfterTheStartToTheSecond() {
        Instant closes = startsAt.plus(Duration.ofHours(2));
        TestClock.INSTANCE.standAt(closes.minusSeconds(1));
        join(doctor, Role.DOCTOR).expectStatus().isOk();
        TestClock.INSTANCE.standAt(closes);
        expectDenial(join(doctor, Role.DOCTOR), 409, "WINDOW_CLOSED").jsonPath("$.closedAt").isEqualTo(closes.toString());
    }

    @Test
    void strangersAndUnknownIdsAreToldTheyAreNotParticipantsAlike() {
        TestClock.INSTANCE.standAt(startsAt);
        expectDenial(join(Tokens.newId(Role.PATIENT), Role.PATIENT), 404, "NOT_PARTICIPANT");
        expectDenial(as(patient, Role.PATIENT).post().uri("/api/appointments/{id}/join", UUID.randomUUID()).exchange(),
                404, "NOT_PARTICIPANT");
        expectDenial(join(Tokens.newId(Role.ADMIN), Role.ADMIN), 403, "FORBIDDEN");
    }

    @Test
    void onlyApprovedVideoAppointmentsCanBeJoined() {
        UUID requested = book(doctor, patient, null);
        Map<String, Object> inPerson = booking(doctor, patient, null);
        inPerson.put("type", "IN_PERSON");
        UUID inPersonId = UUID.fromString(as(doctor, Role.DOCTOR).post().uri("/api/appointments")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(inPerson).exchange()
                .expectBody(Map.class).returnResult().getResponseBody().get("id").toString());
        as(doctor, Role.DOCTOR).post().uri("/api/appointments/{id}/approve", inPersonId).exchange().expectStatus().isOk();
        as(patient, Role.PATIENT).post().uri("/api/appointments/{id}/cancel", appointment).exchange().expectStatus().isOk();
        TestClock.INSTANCE.standAt(startsAt);

        expectDenial(as(patient, Role.PATIENT).post().uri("/api/appointments/{id}/join", requested).exchange(), 409, "APPOINTMENT_NOT_APPROVED");
        expectDenial(as(patient, Role.PATIENT).post().uri("/api/appointments/{id}/join", inPersonId).exchange(), 409, "NOT_A_VIDEO_APPOINTMENT");
        expectDenial(join(patient, Role.PATIENT), 409, "CANCELLED");
    }

    @Test
    void everyGrantAndDenialIsAuditedWithItsReason() throws Exception {
        TestClock.INSTANCE.standAt(startsAt.minus(Duration.ofHours(1)));
        join(patient, Role.PATIENT).expectStatus().isEqualTo(409);
        TestClock.INSTANCE.standAt(startsAt);
        join(patient, Role.PATIENT).expectStatus().isEqualTo(409);
        startMeeting();
        join(patient, Role.PATIENT).expectStatus().isOk();
        join(agency, Role.AGENCY).expectStatus().isForbidden();

        assertThat(joinAudit(appointment)).containsExactly(
                patient + " JOIN DENIED WINDOW_NOT_OPEN",
                patient + " JOIN DENIED MEETING_NOT_STARTED",
                patient + " JOIN GRANTED null",
                agency + " JOIN DENIED KNOCK_REQUIRED");
    }

    private void startMeeting() {
        as(doctor, Role.DOCTOR).post().uri("/api/appointments/{id}/meeting/start", appointment).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("STARTED");
    }

    private WebTestClient.ResponseSpec join(String user, Role role) {
        return as(user, role).post().uri("/api/appointments/{id}/join", appointment).exchange();
    }

    static WebTestClient.BodyContentSpec expectDenial(WebTestClient.ResponseSpec response, int status, String reason) {
        return response.expectStatus().isEqualTo(status)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.reason").isEqualTo(reason)
                .jsonPath("$.roomName").doesNotExist()
                .jsonPath("$.jwt").doesNotExist();
    }

    static String meetingStatusOf(UUID appointment) {
        return column("SELECT status FROM meeting WHERE appointment_id = ?", appointment).stream().findFirst().orElse(null);
    }

    static String roomOf(UUID appointment) {
        try (Connection c = TestDatabase.get().connect();
             var statement = c.prepareStatement("SELECT room_name FROM meeting WHERE appointment_id = ?")) {
            statement.setObject(1, appointment);
            ResultSet row = statement.executeQuery();
            return row.next() ? row.getString(1) : null;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> joinAudit(UUID appointment) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = TestDatabase.get().connect();
             var statement = c.prepareStatement(
                     "SELECT actor_id, action, outcome, reason FROM audit_log WHERE appointment_id = ? AND action = 'JOIN' ORDER BY id")) {
            statement.setObject(1, appointment);
            ResultSet row = statement.executeQuery();
            while (row.next()) {
                rows.add(row.getString(1) + " " + row.getString(2) + " " + row.getString(3) + " " + row.getString(4));
            }
        }
        return rows;
    }
}

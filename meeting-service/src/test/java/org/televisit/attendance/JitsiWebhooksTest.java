package org.televisit.attendance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import org.televisit.security.Role;
import org.televisit.support.ApprovedAppointmentTest;
import org.televisit.support.EventStream;
import org.televisit.support.TestClock;
import org.televisit.support.Tokens;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * The video service's webhooks over HTTP, as 8x8 JaaS and Prosody's event-sync component send them:
 * JaaS calls are proven by their v1 signature within the time tolerance and applied once per
 * idempotency key; Prosody calls by the shared secret; a refused call changes nothing and is audited.
 * Signatures are computed here from 8x8's description, independently of the application's code.
 */
class JitsiWebhooksTest extends ApprovedAppointmentTest {

    private static final String TENANT = "vpaas-magic-cookie-0123456789abcdef";

    private String room;

    @BeforeEach
    void insideTheWindow() {
        TestClock.INSTANCE.standAt(startsAt.minus(Duration.ofMinutes(5)));
        room = column("SELECT room_name FROM meeting WHERE appointment_id = ?", appointment).get(0);
    }

    @Test
    void aSignedJoinPutsThePartyInTheCallAndTheDoctorHearsIt() {
        try (EventStream doctorStream = EventStream.open("http://localhost:" + port + "/api/appointments/" + appointment + "/events",
                headers -> headers.setBearerAuth(Tokens.token(doctor, Role.DOCTOR)))) {
            Instant joinedAt = TestClock.INSTANCE.instant().minusSeconds(2).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
            jaas(payload("PARTICIPANT_JOINED", patient, "Pat Ient", joinedAt), signed()).expectStatus().isOk()
                    .expectBody().jsonPath("$.outcome").isEqualTo("APPLIED");
            EventStream.Frame joined = doctorStream.next("PARTICIPANT_JOINED");
            assertThat(joined.data()).containsEntry("appointmentId", appointment.toString()).containsEntry("role", "PATIENT")
                    .containsEntry("userId", patient).containsEntry("name", "Pat Ient").containsEntry("source", "jitsi")
                    .containsEntry("at", joinedAt.toString());

            jaas(payload("PARTICIPANT_LEFT", patient, "Pat Ient", joinedAt.plusSeconds(1)), signed()).expectStatus().isOk()
                    .expectBody().jsonPath("$.outcome").isEqualTo("APPLIED");
            assertThat(doctorStream.next("PARTICIPANT_LEFT").data()).containsEntry("userId", patient).containsEntry("source", "jitsi");
        }
        assertThat(column("SELECT actor_id || ' ' || actor_role || ' ' || action || ' ' || outcome || ' ' || reason FROM audit_log"
                + " WHERE appointment_id = ? AND actor_role = 'WEBHOOK' ORDER BY id", appointment))
                .containsExactly("jaas WEBHOOK JOINED_CALL GRANTED PATIENT", "jaas WEBHOOK CALL_WEBHOOK GRANTED APPLIED",
                        "jaas WEBHOOK LEFT_CALL GRANTED PATIENT", "jaas WEBHOOK CALL_WEBHOOK GRANTED APPLIED");
    }

    @Test
    void theLogKeepsWhoWhenAndWhereFromButNoPayloadAndNoEmail() {
        String body = payload("PARTICIPANT_JOINED", doctor, "Dr Who", TestClock.INSTANCE.instant())
                .replace("\"moderator\"", "\"email\":\"dr.who@clinic.example\",\"moderator\"");
        jaas(body, signed()).expectStatus().isOk();
        assertThat(column("SELECT role || ' ' || user_id || ' ' || name || ' ' || change || ' ' || source FROM call_presence"
                + " WHERE appointment_id = ?", appointment)).containsExactly("DOCTOR " + doctor + " Dr Who JOINED jitsi");
        assertThat(column("SELECT count(*) FROM call_presence WHERE appointment_id = ?"
                + " AND (name LIKE '%@%' OR user_id LIKE '%@%')", appointment)).containsExactly("0");
    }

    @Test
    void aWrongSecretAnotherSchemeOnlyNoSignatureAndAnOldTimestampAreRefusedAndChangeNothing() {
        Instant now = TestClock.INSTANCE.instant();
        String body = payload("PARTICIPANT_JOINED", patient, "Pat", now);
        long t = now.getEpochSecond();
        refused(jaas(body, "t=" + t + ",v1=" + signature("another-secret", t, body)), 401, "WEBHOOK_SIGNATURE_INVALID");
        refused(jaas(body, "t=" + t + ",v0=" + signature(JAAS_WEBHOOK_SECRET, t, body)), 401, "WEBHOOK_UNSIGNED");
        refused(jaas(body, "t=" + t + ",v2=" + signature(JAAS_WEBHOOK_SECRET, t, body)), 401, "WEBHOOK_UNSIGNED");
        refused(jaas(body, (String) null), 401, "WEBHOOK_UNSIGNED");
        refused(jaas(body, "v1=" + signature(JAAS_WEBHOOK_SECRET, t, body)), 401, "WEBHOOK_UNSIGNED");
        // Signed over another body (one field changed after signing).
        refused(jaas(body.replace("Pat", "Mallory"), "t=" + t + ",v1=" + signature(JAAS_WEBHOOK_SECRET, t, body)), 401,
                "WEBHOOK_SIGNATURE_INVALID");
        long old = now.minus(Duration.ofMinutes(6)).getEpochSecond();
        refused(jaas(body, "t=" + old + ",v1=" + signature(JAAS_WEBHOOK_SECRET, old, body)), 401, "WEBHOOK_TIMESTAMP_STALE");
        long future = now.plus(Duration.ofMinutes(6)).getEpochSecond();
        refused(jaas(body, "t=" + future + ",v1=" + signature(JAAS_WEBHOOK_SECRET, future, body)), 401, "WEBHOOK_TIMESTAMP_STALE");

        assertThat(column("SELECT count(*) FROM call_presence WHERE appointment_id = ?", appointment)).containsExactly("0");
        assertThat(column("SELECT reason FROM audit_log WHERE actor_id = 'jaas' AND outcome = 'DENIED' AND at >= ?::timestamptz ORDER BY id",
                now.toString())).containsSubsequence("WEBHOOK_SIGNATURE_INVALID", "WEBHOOK_UNSIGNED", "WEBHOOK_UNSIGNED",
                "WEBHOOK_UNSIGNED", "WEBHOOK_UNSIGNED", "WEBHOOK_SIGNATURE_INVALID", "WEBHOOK_TIMESTAMP_STALE", "WEBHOOK_TIMESTAMP_STALE");

        // A v1 among other schemes is enough; the others are ignored.
        jaas(body, "t=" + t + ",v0=bm9uc2Vuc2U=,v1=" + signature("another-secret", t, body) + ",v1=" + signature(JAAS_WEBHOOK_SECRET, t, body))
                .expectStatus().isOk().expectBody().jsonPath("$.outcome").isEqualTo("APPLIED");
    }

    @Test
    void aReplayedDeliveryIsADuplicateAndChangesNothing() {
        String body = payload("PARTICIPANT_JOINED", patient, "Pat", TestClock.INSTANCE.instant());
        String header = signed().apply(body);
        jaas(body, header).expectStatus().isOk().expectBody().jsonPath("$.outcome").isEqualTo("APPLIED");
        jaas(body, header.replace(",", " , ")).expectStatus().isOk().expectBody().jsonPath("$.outcome").isEqualTo("DUPLICATE");
        // Re-signed later (as 8x8 does when it retries), still the same key.
        TestClock.INSTANCE.standAt(TestClock.INSTANCE.instant().plusSeconds(90));
        jaas(body, signed()).expectStatus().isOk().expectBody().jsonPath("$.outcome").isEqualTo("DUPLICATE");
        assertThat(column("SELECT count(*) FROM call_presence WHERE appointment_id = ?", appointment)).containsExactly("1");
        assertThat(column("SELECT count(*) FROM presence_event WHERE appointment_id = ? AND type = 'PARTICIPANT_JOINED'", appointment))
                .containsExactly("1");
    }

    @Test
    void copiesOfOneDeliveryArrivingAtOnceHaveOneEffect() {
        String body = payload("PARTICIPANT_JOINED", doctor, "Dr", TestClock.INSTANCE.instant());
        String header = signed().apply(body);
        WebClient client = WebClient.create("http://localhost:" + port);
        List<String> outcomes = Flux.range(0, 8).parallel(8).runOn(Schedulers.boundedElastic())
                .flatMap(i -> client.post().uri("/api/jitsi/webhooks/jaas").contentType(MediaType.APPLICATION_JSON)
                        .header("X-Jaas-Signature", header).bodyValue(body).retrieve().bodyToMono(Map.class)
                        .map(answer -> String.valueOf(answer.get("outcome"))))
                .sequential().collectList().block(Duration.ofSeconds(30));
        assertThat(outcomes).hasSize(8).containsOnlyOnce("APPLIED").containsOnly("APPLIED", "DUPLICATE");
        assertThat(column("SELECT count(*) FROM call_presence WHERE appointment_id = ?", appointment)).containsExactly("1");
        assertThat(column("SELECT count(*) FROM presence_event WHERE appointment_id = ? AND type = 'PARTICIPANT_JOINED'", appointment))
                .containsExactly("1");
    }

    @Test
    void anUnknownRoomIsNotFoundAndAudited() {
        String body = payload("PARTICIPANT_JOINED", patient, "Pat", TestClock.INSTANCE.instant()).replace(room, "tvnosuchroom");
        refused(jaas(body, signed()), 404, "UNKNOWN_ROOM");
        assertThat(column("SELECT count(*) FROM call_presence WHERE appointment_id = ?", appointment)).containsExactly("0");
        assertThat(column("SELECT reason FROM audit_log WHERE actor_id = 'jaas' AND outcome = 'DENIED' AND appointment_id IS NULL"
                + " AND at >= ?::timestamptz", TestClock.INSTANCE.instant().toString())).contains("UNKNOWN_ROOM");
    }

    @Test
    void aParticipantThatIsNoPartyIsAcceptedAndIgnored() {
        jaas(payload("PARTICIPANT_JOINED", null, "Guest", TestClock.INSTANCE.instant()), signed()).expectStatus().isOk()
                .expectBody().jsonPath("$.outcome").isEqualTo("NOT_A_PARTY");
        jaas(payload("PARTICIPANT_JOINED", Tokens.newId(Role.PATIENT), "Stranger", TestClock.INSTANCE.instant()), signed())
                .expectStatus().isOk().expectBody().jsonPath("$.outcome").isEqualTo("NOT_A_PARTY");
        jaas(payload("RECORDING_STARTED", null, null, TestClock.INSTANCE.instant()), signed()).expectStatus().isOk()
                .expectBody().jsonPath("$.outcome").isEqualTo("IGNORED");
        jaas(payload("ROOM_CREATED", null, null, TestClock.INSTANCE.instant()), signed()).expectStatus().isOk()
                .expectBody().jsonPath("$.outcome").isEqualTo("ROOM_EVENT");
        assertThat(column("SELECT count(*) FROM call_presence WHERE appointment_id = ?", appointment)).containsExactly("0");
        assertThat(column("SELECT reason FROM audit_log WHERE appointment_id = ? AND action = 'CALL_WEBHOOK' ORDER BY id", appointment))
                .containsExactly("NOT_A_PARTY", "NOT_A_PARTY", "ROOM_EVENT");
    }

    @Test
    void aReconnectWhoseOldConnectionTimesOutLaterKeepsThePartyInTheCall() {
        Instant t = TestClock.INSTANCE.instant().minusSeconds(600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String first = payload("PARTICIPANT_JOINED", patient, "Pat Ient", t);
        try (EventStream doctorStream = EventStream.open("http://localhost:" + port + "/api/appointments/" + appointment + "/events",
                headers -> headers.setBearerAuth(Tokens.token(doctor, Role.DOCTOR)))) {
            jaas(first, signed()).expectStatus().isOk().expectBody().jsonPath("$.outcome").isEqualTo("APPLIED");
            assertThat(doctorStream.next("PARTICIPANT_JOINED").data()).containsEntry("userId", patient);
            // The network dropped: the page rejoins on a new connection before Jitsi times the old one out.
            jaas(otherConnection(payload("PARTICIPANT_JOINED", patient, "Pat Ient", t.plusSeconds(90))), signed()).expectStatus().isOk()
                    .expectBody().jsonPath("$.outcome").isEqualTo("NO_CHANGE");
            jaas(payload("PARTICIPANT_LEFT", patient, "Pat Ient", t.plusSeconds(91)), signed()).expectStatus().isOk()
                    .expectBody().jsonPath("$.outcome").isEqualTo("NO_CHANGE");
            doctorStream.expectNothingFor(Duration.ofMillis(500));
            // The new connection leaves for real.
            jaas(otherConnection(payload("PARTICIPANT_LEFT", patient, "Pat Ient", t.plusSeconds(500))), signed()).expectStatus().isOk()
                    .expectBody().jsonPath("$.outcome").isEqualTo("APPLIED");
            assertThat(doctorStream.next("PARTICIPANT_LEFT").data()).containsEntry("userId", patient);
        }
        as(doctor, Role.DOCTOR).get().uri("/api/appointments/{id}/attendance", appointment).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.parties[1].userId").isEqualTo(patient)
                .jsonPath("$.parties[1].secondsInCall").isEqualTo(500).jsonPath("$.parties[1].inCall").isEqualTo(false);
        // Jitsi's connection ids are kept only as digests.
        assertThat(column("SELECT count(*) FROM call_presence WHERE appointment_id = ? AND connection LIKE '%8x8%'", appointment))
                .containsExactly("0");
        assertThat(column("SELECT count(DISTINCT connection) FROM call_presence WHERE appointment_id = ?", appointment))
                .containsExactly("2");
    }

    /** The same delivery from another of the participant's connections (Jitsi gives each its own id). */
    private static String otherConnection(String payload) {
        return payload.replace("p@8x8.vc/abc", "p@8x8.vc/def").replace("\"participantId\":\"abc\"", "\"participantId\":\"def\"");
    }

    @Test
    void aDestroyedRoomTakesEveryoneStillInOut() {
        Instant now = TestClock.INSTANCE.instant();
        jaas(payload("PARTICIPANT_JOINED", doctor, "Dr", now.minusSeconds(60)), signed()).expectStatus().isOk();
        jaas(payload("PARTICIPANT_JOINED", agency, "Agency", now.minusSeconds(30)), signed()).expectStatus().isOk();
        jaas(payload("ROOM_DESTROYED", null, null, now), signed()).expectStatus().isOk()
                .expectBody().jsonPath("$.outcome").isEqualTo("APPLIED");
        assertThat(column("SELECT role || ' ' || change FROM call_presence WHERE appointment_id = ? ORDER BY at, role", appointment))
                .containsExactly("DOCTOR JOINED", "AGENCY JOINED", "AGENCY LEFT", "DOCTOR LEFT");
    }

    @Test
    void prosodysEventSyncIsAcceptedWithTheSharedSecretOnly() {
        long now = TestClock.INSTANCE.instant().getEpochSecond();
        String joined = """
                {"event_name":"muc-occupant-joined","room_name":"%s","room_jid":"%s@conference.meet.clinic.example","is_breakout":false,
                 "active_occupants_count":1,"occupant":{"name":"Pat Ient","email":"pat@home.example","id":"%s",
                 "occupant_jid":"abc@meet.clinic.example/x1","joined_at":%d}}""".formatted(room, room, patient, now);
        prosody("/api/jitsi/webhooks/prosody", joined, "Bearer wrong-secret").expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.reason").isEqualTo("WEBHOOK_SECRET_INVALID");
        prosody("/api/jitsi/webhooks/prosody", joined, null).expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.reason").isEqualTo("WEBHOOK_SECRET_INVALID");
        // A user's own token is no webhook secret either.
        prosody("/api/jitsi/webhooks/prosody", joined, "Bearer " + Tokens.token(doctor, Role.DOCTOR)).expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.reason").isEqualTo("WEBHOOK_SECRET_INVALID");
        assertThat(column("SELECT count(*) FROM call_presence WHERE appointment_id = ?", appointment)).containsExactly("0");

        // The component's own paths: api_prefix + /events/occupant/joined.
        prosody("/api/jitsi/webhooks/prosody/events/occupant/joined", joined, "Bearer " + PROSODY_WEBHOOK_SECRET).expectStatus().isOk()
                .expectBody().jsonPath("$.outcome").isEqualTo("APPLIED");
        // Prosody retries a call it saw fail: the same event is a duplicate.
        prosody("/api/jitsi/webhooks/prosody", joined, "Bearer " + PROSODY_WEBHOOK_SECRET).expectStatus().isOk()
                .expectBody().jsonPath("$.outcome").isEqualTo("DUPLICATE");
        String left = joined.replace("muc-occupant-joined", "muc-occupant-left").replace("\"joined_at\":" + now,
                "\"joined_at\":" + now + ",\"left_at\":" + (now + 42));
        prosody("/api/jitsi/webhooks/prosody/events/occupant/left", left, "Bearer " + PROSODY_WEBHOOK_SECRET).expectStatus().isOk()
                .expectBody().jsonPath("$.outcome").isEqualTo("APPLIED");
        assertThat(column("SELECT change || ' ' || source || ' ' || extract(epoch from at)::bigint FROM call_presence"
                + " WHERE appointment_id = ? ORDER BY at", appointment))
                .containsExactly("JOINED jitsi " + now, "LEFT jitsi " + (now + 42));
        assertThat(column("SELECT reason FROM audit_log WHERE actor_id = 'prosody' AND appointment_id IS NULL AND outcome = 'DENIED'"
                + " AND at >= ?::timestamptz", TestClock.INSTANCE.instant().toString()))
                .containsOnly("WEBHOOK_SECRET_INVALID").hasSize(3);
    }

    @Test
    void webhooksNeedNoUserTokenButAreNoWayAroundOne() {
        // No Authorization header at all: the webhook's own refusal, not the API's missing-token 401.
        http.post().uri("/api/jitsi/webhooks/jaas").contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange()
                .expectStatus().isUnauthorized().expectBody().jsonPath("$.reason").isEqualTo("WEBHOOK_UNSIGNED");
        // A webhook path does not open the rest of the API.
        http.get().uri("/api/appointments/{id}", appointment).exchange().expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.reason").isEqualTo("UNAUTHENTICATED");
        // A body over the webhook limit is refused before it is read as JSON.
        String big = payload("PARTICIPANT_JOINED", patient, "x".repeat(20_000), TestClock.INSTANCE.instant());
        jaas(big, signed()).expectStatus().isEqualTo(413).expectBody().jsonPath("$.reason").isEqualTo("PAYLOAD_TOO_LARGE");
    }

    private WebTestClient.ResponseSpec jaas(String body, String signature) {
        return http.post().uri("/api/jitsi/webhooks/jaas").contentType(MediaType.APPLICATION_JSON)
                .headers(headers -> {
                    if (signature != null) {
                        headers.set("X-Jaas-Signature", signature);
                    }
                })
                .bodyValue(body.getBytes(StandardCharsets.UTF_8)).exchange();
    }

    private WebTestClient.ResponseSpec jaas(String body, java.util.function.Function<String, String> signer) {
        return jaas(body, signer.apply(body));
    }

    private WebTestClient.ResponseSpec prosody(String path, String body, String authorization) {
        Consumer<HttpHeaders> headers = h -> {
            if (authorization != null) {
                h.set(HttpHeaders.AUTHORIZATION, authorization);
            }
        };
        return http.post().uri(path).contentType(MediaType.APPLICATION_JSON).headers(headers)
                .bodyValue(body.getBytes(StandardCharsets.UTF_8)).exchange();
    }

    private static void refused(WebTestClient.ResponseSpec response, int status, String reason) {
        response.expectStatus().isEqualTo(status).expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.reason").isEqualTo(reason);
    }

    /** Signs as JaaS does, now by the test clock. */
    private static java.util.function.Function<String, String> signed() {
        return body -> {
            long t = TestClock.INSTANCE.instant().getEpochSecond();
            return "t=" + t + ",v1=" + signature(JAAS_WEBHOOK_SECRET, t, body);
        };
    }

    static String signature(String secret, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A JaaS webhook body as 8x8's payload page shows it, for this appointment's room. */
    private String payload(String type, String userId, String name, Instant at) {
        String data = userId == null && name == null ? "{\"conference\":\"" + room + "@conference." + TENANT + ".8x8.vc\"}"
                : "{\"moderator\":\"false\",\"name\":" + (name == null ? "null" : "\"" + name + "\"")
                        + (userId == null ? "" : ",\"id\":\"" + userId + "\"") + ",\"group\":\"\",\"participantJid\":\"p@8x8.vc/abc\""
                        + ",\"participantId\":\"abc\",\"isBreakout\":false}";
        return "{\"idempotencyKey\":\"" + UUID.randomUUID() + "\",\"customerId\":\"0123456789abcdef\",\"appId\":\"" + TENANT
                + "\",\"eventType\":\"" + type + "\",\"sessionId\":\"" + UUID.randomUUID() + "\",\"timestamp\":" + at.toEpochMilli()
                + ",\"fqn\":\"" + TENANT + "/" + room + "\",\"data\":" + data + "}";
    }
}

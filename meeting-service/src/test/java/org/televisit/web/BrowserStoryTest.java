package org.televisit.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.televisit.security.Role;
import org.televisit.support.Browser;
import org.televisit.support.BrowserTest;
import org.televisit.support.CuttableProxy;
import org.televisit.support.JitsiStandIn;
import org.televisit.support.TestClock;
import org.televisit.support.Tokens;

/**
 * The web pages in real browsers: a doctor, an agency and a patient, each in its own headless
 * Chromium, play the lobby story against the real server and database. Jitsi itself cannot run
 * here, so the Jitsi domain's external_api.js is a stand-in served by this test that records
 * what the page gave it (room, token, name); everything else is the real thing.
 */
class BrowserStoryTest extends BrowserTest {

    private static final Logger log = LoggerFactory.getLogger(BrowserStoryTest.class);
    private static JitsiStandIn jitsiStandIn;

    @DynamicPropertySource
    static void jitsiStandIn(DynamicPropertyRegistry registry) {
        registry.add("televisit.jitsi.external-api-url", () -> standInUrl() + "/external_api.js");
        // The stand-in server also plays a clinic's own web app on another origin.
        registry.add("televisit.web.allowed-origins", BrowserStoryTest::standInUrl);
    }

    private static synchronized String standInUrl() {
        if (jitsiStandIn == null) {
            jitsiStandIn = new JitsiStandIn();
        }
        return jitsiStandIn.url();
    }

    @AfterAll
    static void stopStandIn() {
        if (jitsiStandIn != null) {
            jitsiStandIn.close();
            jitsiStandIn = null;
        }
    }

    @Test
    void theWholeStoryInThreeBrowsers() throws Exception {
        UUID appointment = bookApproved(Instant.now().plus(Duration.ofMinutes(5)));
        try (Browser doctorBrowser = Browser.desktop(); Browser agencyBrowser = Browser.desktop(); Browser patientBrowser = Browser.phone()) {
            // The pages run under a Content-Security-Policy that allows Televisit's scripts and the Jitsi origin only.
            http.get().uri("/appointment.html").exchange().expectStatus().isOk().expectHeader()
                    .valueMatches("Content-Security-Policy", "default-src 'self'; script-src 'self' " + standInUrl() + "; .*frame-ancestors 'self'");
            patientBrowser.open(page("/", patient, Role.PATIENT));
            patientBrowser.waitFor("#appointment-list button:enabled");
            patientBrowser.screenshot("patient-appointments");
            patientBrowser.waitFor("#appointment-list button").click();
            patientBrowser.waitForText("status", "Waiting for the doctor to start.");
            patientBrowser.waitFor("#join:enabled");

            doctorBrowser.open(page("/appointment.html?id=" + appointment, doctor, Role.DOCTOR));
            doctorBrowser.waitForText("status", "The meeting has not started.");
            doctorBrowser.waitForText("requests-panel", "No one is waiting.");

            agencyBrowser.open(page("/appointment.html?id=" + appointment, agency, Role.AGENCY));
            agencyBrowser.waitFor("#knock:enabled");
            // The server's clock stood still since the test began; the doctor's page announces only a knock
            // made after it opened (less 10 s), so on a slow machine a knock stamped at the start would be old news.
            TestClock.INSTANCE.standAt(Instant.now());
            long knocked = System.nanoTime();
            agencyBrowser.click("knock");
            doctorBrowser.waitForText("requests", "Test agency asks to join");
            log.info("The knock appeared on the doctor's page {} ms after the agency's click",
                    (System.nanoTime() - knocked) / 1_000_000);
            // Read by screen readers, not shown: the live region holds the announcement (filled on the next frame).
            doctorBrowser.waitUntil(driver -> "Test agency asks to join.".equals(doctorBrowser.byId("announce").getDomProperty("textContent")));
            agencyBrowser.waitFor("#lobby-waiting");
            assertThat(agencyBrowser.byId("lobby-idle").isDisplayed()).isFalse();
            agencyBrowser.screenshot("agency-waiting");
            doctorBrowser.screenshot("doctor-request");

            doctorBrowser.waitFor("#requests li button[type=button]").click(); // Approve
            // Let in before the doctor has started: the agency waits in the waiting room.
            agencyBrowser.waitForText("status", "The doctor let you in. You can join once the consultation starts.");
            assertThat(agencyBrowser.all("#call .jitsi-stand-in")).isEmpty();
            doctorBrowser.waitForText("requests-panel", "No one is waiting.");

            doctorBrowser.click("start");
            doctorBrowser.waitFor("#call .jitsi-stand-in");
            String room = column("SELECT room_name FROM meeting WHERE appointment_id = ?", appointment).get(0);
            assertJitsiToken(call(doctorBrowser, 0), room, "Test doctor", true);
            agencyBrowser.waitForText("enter-call", "Join now");
            agencyBrowser.click("enter-call");
            agencyBrowser.waitFor("#call .jitsi-stand-in");
            Map<String, Object> agencyCall = call(agencyBrowser, 0);
            assertThat(agencyCall).containsEntry("domain", JITSI_DOMAIN).containsEntry("roomName", room)
                    .containsEntry("displayName", "Test agency").containsEntry("prejoinEnabled", false).containsEntry("parentId", "call");
            assertJitsiToken(agencyCall, room, "Test agency", false);
            agencyBrowser.screenshot("agency-in-call");
            patientBrowser.waitForText("status", "The doctor has started — you can join now.");
            patientBrowser.waitForText("join", "Join now");
            patientBrowser.screenshot("patient-doctor-started");
            doctorBrowser.screenshot("doctor-in-call");

            patientBrowser.click("join");
            patientBrowser.waitFor("#call .jitsi-stand-in");
            assertJitsiToken(call(patientBrowser, 0), room, "Test patient", false);

            doctorBrowser.click("end");
            for (Browser other : new Browser[] {patientBrowser, agencyBrowser}) {
                other.waitForText("status", "The consultation has ended.");
                other.waitUntilGone("#call .jitsi-stand-in");
                assertThat(call(other, 0)).containsEntry("disposed", true);
            }
            patientBrowser.screenshot("patient-ended");
            doctorBrowser.waitForText("status", "The consultation has ended.");
        }
    }

    @Test
    void aRejectionShowsTheDoctorsReasonAndTheAgencyMayAskAgain() {
        UUID appointment = bookApproved(Instant.now().plus(Duration.ofMinutes(5)));
        try (Browser doctorBrowser = Browser.desktop(); Browser agencyBrowser = Browser.phone()) {
            doctorBrowser.open(page("/appointment.html?id=" + appointment, doctor, Role.DOCTOR));
            doctorBrowser.waitForText("status", "The meeting has not started.");
            agencyBrowser.open(page("/appointment.html?id=" + appointment, agency, Role.AGENCY));
            agencyBrowser.click("knock");
            doctorBrowser.waitForText("requests", "Test agency asks to join");

            // By keyboard: the reason, then Enter, rejects.
            doctorBrowser.waitFor("#requests input[name=reason]").sendKeys("Please call the clinic first", Keys.ENTER);
            agencyBrowser.waitForText("status", "The doctor declined: “Please call the clinic first”");
            assertThat(agencyBrowser.waitFor("#knock").getText()).isEqualTo("Ask again");
            agencyBrowser.screenshot("agency-rejected");
            assertThat(column("SELECT reason FROM lobby_request WHERE appointment_id = ?", appointment))
                    .containsExactly("Please call the clinic first");

            as(doctor, Role.DOCTOR).post().uri("/api/appointments/{id}/cancel", appointment).exchange().expectStatus().isOk();
            agencyBrowser.waitForText("status", "This appointment was cancelled.");
            assertThat(agencyBrowser.byId("knock").isDisplayed()).isFalse();
        }
    }

    @Test
    void beforeTheWindowOpensJoinWaitsWithACountdownAndAKnockIsToldWhen() {
        UUID appointment = bookApproved(Instant.now().plus(Duration.ofHours(2)));
        try (Browser patientBrowser = Browser.phone(); Browser agencyBrowser = Browser.desktop()) {
            patientBrowser.open(page("/appointment.html?id=" + appointment, patient, Role.PATIENT));
            patientBrowser.waitForText("countdown", "You can join at");
            assertThat(patientBrowser.byId("join").isEnabled()).isFalse();
            patientBrowser.screenshot("patient-too-early");

            agencyBrowser.open(page("/appointment.html?id=" + appointment, agency, Role.AGENCY));
            agencyBrowser.click("knock");
            agencyBrowser.waitForText("message", "It is too early to join. You can join from");
            assertThat(agencyBrowser.byId("lobby-waiting").isDisplayed()).isFalse();
        }
    }

    @Test
    void aLostConnectionIsShownAndWhatHappenedMeanwhileArrivesOnRecovery() {
        UUID appointment = bookApproved(Instant.now().plus(Duration.ofMinutes(5)));
        try (CuttableProxy network = new CuttableProxy(port); Browser patientBrowser = Browser.phone()) {
            patientBrowser.open("http://127.0.0.1:" + network.port() + "/appointment.html?id=" + appointment
                    + "#token=" + Tokens.token(patient, Role.PATIENT));
            patientBrowser.waitForText("status", "Waiting for the doctor to start.");

            network.cut();
            patientBrowser.waitForText("connection", "Connection lost — reconnecting…");
            patientBrowser.screenshot("patient-reconnecting");
            as(doctor, Role.DOCTOR).post().uri("/api/appointments/{id}/meeting/start", appointment).exchange().expectStatus().isOk();
            network.restore();

            // Back online, the stream resumes after the last event it saw: the start is not lost.
            patientBrowser.waitForText("status", "The doctor has started — you can join now.");
            patientBrowser.waitUntil(driver -> patientBrowser.byId("connection").getDomProperty("textContent").isEmpty());
        }
    }

    @Test
    void aHostAppOnItsOwnOriginUsesTheLibraryWithItsOwnToken() {
        UUID appointment = bookApproved(Instant.now().plus(Duration.ofMinutes(5)));
        String host = standInUrl() + "/host.html?televisit=http://localhost:" + port + "&appointment=" + appointment;
        try (Browser portal = Browser.desktop()) {
            portal.open(host + "&as=patient#token=" + Tokens.token(patient, Role.PATIENT));
            portal.waitFor("body[data-live=yes]");
            as(doctor, Role.DOCTOR).post().uri("/api/appointments/{id}/meeting/start", appointment).exchange().expectStatus().isOk();
            portal.waitForText("events", "MEETING_STARTED");

            portal.click("join");
            portal.waitFor("body[data-call]");
            String room = column("SELECT room_name FROM meeting WHERE appointment_id = ?", appointment).get(0);
            assertThat(call(portal, 0)).containsEntry("roomName", room).containsEntry("displayName", "Test patient");
            String portalWindow = portal.window();
            portal.switchToOtherWindow();
            portal.waitForText("css:body", "Jitsi stand-in: in room " + room);
            portal.switchTo(portalWindow);
            portal.script("window.call.hangUp()");
            portal.waitUntil(driver -> driver.getWindowHandles().size() == 1);
            assertThat(call(portal, 0)).containsEntry("hungUp", true).containsEntry("disposed", true);

            // A refusal reaches the host app as a typed error with its reason.
            portal.open(host + "&as=agency#token=" + Tokens.token(agency, Role.AGENCY));
            portal.waitFor("body[data-live=yes]");
            portal.click("join");
            portal.waitForText("error", "TelevisitError KNOCK_REQUIRED");
            assertThat(portal.windowCount()).isEqualTo(1);
        }
        // Other origins get no CORS grant; the host app's does.
        http.options().uri("/api/appointments").header("Origin", "https://elsewhere.example")
                .header("Access-Control-Request-Method", "POST").exchange().expectStatus().isForbidden();
        http.options().uri("/api/appointments").header("Origin", standInUrl())
                .header("Access-Control-Request-Method", "POST").header("Access-Control-Request-Headers", "authorization")
                .exchange().expectStatus().isOk().expectHeader().valueEquals("Access-Control-Allow-Origin", standInUrl());
    }

    @Test
    void anAgencyApprovedWhileAwayIsOfferedTheCallNotPulledIntoIt() {
        UUID appointment = bookApproved(Instant.now().plus(Duration.ofMinutes(5)));
        // Knocked, approved and started a minute ago, with no lobby page open.
        TestClock.INSTANCE.standAt(Instant.now().minus(Duration.ofMinutes(1)));
        String request = as(agency, Role.AGENCY).post().uri("/api/appointments/{id}/lobby/requests", appointment).exchange()
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("id").toString();
        as(doctor, Role.DOCTOR).post().uri("/api/appointments/{id}/lobby/requests/{rid}/approve", appointment, request)
                .exchange().expectStatus().isOk();
        // The doctor has started meanwhile too: the agency may enter, and does so by its own click.
        as(doctor, Role.DOCTOR).post().uri("/api/appointments/{id}/meeting/start", appointment).exchange().expectStatus().isOk();
        TestClock.INSTANCE.standAt(Instant.now());

        try (Browser agencyBrowser = Browser.desktop(); Browser strangerBrowser = Browser.phone()) {
            agencyBrowser.open(page("/appointment.html?id=" + appointment, agency, Role.AGENCY));
            agencyBrowser.waitForText("enter-call", "Join now");
            agencyBrowser.waitForText("status", "The doctor has started — you can join now.");
            assertThat(agencyBrowser.all("#call .jitsi-stand-in")).isEmpty();
            // Replayed, not seen happen: no focus pulled, no sound.
            assertThat(agencyBrowser.focused()).isNotEqualTo("enter-call");
            agencyBrowser.click("enter-call");
            agencyBrowser.waitFor("#call .jitsi-stand-in");

            strangerBrowser.open(page("/appointment.html?id=" + appointment, Tokens.newId(Role.AGENCY), Role.AGENCY));
            strangerBrowser.waitForText("message", "This appointment does not exist or is not one of yours.");
            assertThat(strangerBrowser.byId("agency").isDisplayed()).isFalse();
        }
    }

    /** A page of the app, signed in the way a host app hands over its token: in the URL fragment. */
    private String page(String path, String user, Role role) {
        return "http://localhost:" + port + path + "#token=" + Tokens.token(user, role);
    }

    private UUID bookApproved(Instant start) {
        Map<String, Object> body = booking(doctor, patient, agency);
        body.put("startsAt", start.truncatedTo(ChronoUnit.SECONDS).toString());
        UUID id = UUID.fromString(as(doctor, Role.DOCTOR).post().uri("/api/appointments").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body).exchange().expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("id").toString());
        approve(doctor, id);
        return id;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> call(Browser browser, int index) {
        return (Map<String, Object>) browser.script("return window.jitsiStandIn.calls[" + index + "]");
    }

    /** The token the page handed to Jitsi is the one Prosody would accept for this room and person. */
    private static void assertJitsiToken(Map<String, Object> call, String room, String name, boolean moderator) throws ParseException {
        var claims = SignedJWT.parse((String) call.get("jwt")).getJWTClaimsSet();
        assertThat(claims.getStringClaim("room")).isEqualTo(room);
        assertThat(claims.getIssuer()).isEqualTo(JITSI_APP_ID);
        assertThat(claims.getAudience()).containsExactly("jitsi");
        Map<String, Object> user = (Map<String, Object>) ((Map<String, Object>) claims.getClaim("context")).get("user");
        assertThat(user).containsEntry("name", name);
        assertThat(String.valueOf(user.get("moderator"))).isEqualTo(String.valueOf(moderator));
    }
}

package org.televisit.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
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
 * Pages that wait on a server which accepts the connection and never answers, in real headless
 * Chromium: Jitsi's host while its external_api.js loads, or Televisit itself during a call to the
 * API. Either way the page says in words who did not answer within how long, offers Try again, and
 * trying again once the server answers works. The hung server is a {@link CuttableProxy} in its
 * hung mode: a ServerSocket on a loopback port that accepts connections and holds them without
 * writing a byte, a stand-in for a hung Jitsi (or Televisit) host; restored, it relays to the Jitsi
 * stand-in (or the application) again. The pages' timeouts are lowered to a few seconds here, so
 * the suite stays fast; the pages' own are 10 s.
 */
class PagesNeverHangTest extends BrowserTest {

    private static final int JITSI_TIMEOUT_MS = 2000;
    private static final int API_TIMEOUT_MS = 3000;

    private static JitsiStandIn jitsiStandIn;
    private static CuttableProxy jitsiHost;

    @DynamicPropertySource
    static void jitsiBehindAHost(DynamicPropertyRegistry registry) {
        registry.add("televisit.jitsi.external-api-url", () -> "http://127.0.0.1:" + jitsiHost().port() + "/external_api.js");
    }

    private static synchronized CuttableProxy jitsiHost() {
        if (jitsiHost == null) {
            jitsiStandIn = new JitsiStandIn();
            jitsiHost = new CuttableProxy(jitsiStandIn.port());
        }
        return jitsiHost;
    }

    @AfterAll
    static void stopJitsi() {
        if (jitsiHost != null) {
            jitsiHost.close();
            jitsiStandIn.close();
            jitsiHost = null;
            jitsiStandIn = null;
        }
    }

    @AfterEach
    void jitsiAnswersAgain() {
        jitsiHost().restore();
    }

    @Test
    void aDoctorWhoseJitsiNeverAnswersIsToldSoAndTriesAgainByKeyboard() {
        UUID appointment = bookApproved();
        try (Browser doctorBrowser = Browser.desktop()) {
            doctorBrowser.open(page(appointment, doctor, Role.DOCTOR));
            doctorBrowser.waitForText("status", "The meeting has not started.");
            shortTimeouts(doctorBrowser);
            jitsiHost().hang();

            doctorBrowser.click("start");
            doctorBrowser.waitForText("message", jitsiDidNotAnswer());
            doctorBrowser.waitForText("status", "The meeting is on.");
            // No longer "entering": Rejoin is offered, and Try again has the focus the disabled Start had.
            assertThat(doctorBrowser.waitFor("#join-call").getText()).isEqualTo("Rejoin the call");
            assertThat(doctorBrowser.waitFor("#retry").getText()).isEqualTo("Try again");
            assertThat(doctorBrowser.script("return document.activeElement.id")).isEqualTo("retry");

            jitsiHost().restore();
            doctorBrowser.byId("retry").sendKeys(Keys.ENTER);
            // The timed-out load was not kept: this one fetches the script afresh and the call opens.
            doctorBrowser.waitFor("#call .jitsi-stand-in");
            assertThat(doctorBrowser.byId("message").getText()).isEmpty();
            assertThat(doctorBrowser.byId("retry").isDisplayed()).isFalse();
            assertThat(doctorBrowser.byId("join-call").isDisplayed()).isFalse();
        }
    }

    @Test
    void anApprovedAgencyWhoseJitsiNeverAnswersIsToldSoAndMayTryAgain() {
        UUID appointment = bookApproved();
        try (Browser agencyBrowser = Browser.phone()) {
            agencyBrowser.open(page(appointment, agency, Role.AGENCY));
            agencyBrowser.waitFor("#knock:enabled");
            shortTimeouts(agencyBrowser);
            agencyBrowser.click("knock");
            agencyBrowser.waitFor("#lobby-waiting");
            jitsiHost().hang();

            // The doctor has started: an approval lets the agency straight in.
            as(doctor, Role.DOCTOR).post().uri("/api/appointments/{id}/meeting/start", appointment).exchange().expectStatus().isOk();
            String request = column("SELECT id::text FROM lobby_request WHERE appointment_id = ?", appointment).get(0);
            // Approved now, by the server's clock too (it stood still since the test began): the page enters by itself
            // only for an approval it sees happen, not for one older than the page.
            TestClock.INSTANCE.standAt(Instant.now());
            as(doctor, Role.DOCTOR).post().uri("/api/appointments/{id}/lobby/requests/{rid}/approve", appointment, request)
                    .exchange().expectStatus().isOk();
            // The approval opens the call by itself; Jitsi does not answer, and the page says so.
            agencyBrowser.waitForText("message", jitsiDidNotAnswer());
            assertThat(agencyBrowser.waitFor("#enter-call").getText()).isEqualTo("Join now");
            assertThat(agencyBrowser.all("#call .jitsi-stand-in")).isEmpty();

            jitsiHost().restore();
            agencyBrowser.click("retry");
            agencyBrowser.waitFor("#call .jitsi-stand-in");
            assertThat(agencyBrowser.byId("message").getText()).isEmpty();
            assertThat(agencyBrowser.byId("enter-call").isDisplayed()).isFalse();
        }
    }

    @Test
    void anOldJitsiErrorIsGoneOnceTheConsultationEnds() {
        UUID appointment = bookApproved();
        try (Browser patientBrowser = Browser.phone()) {
            patientBrowser.open(page(appointment, patient, Role.PATIENT));
            patientBrowser.waitForText("status", "Waiting for the doctor to start.");
            shortTimeouts(patientBrowser);
            as(doctor, Role.DOCTOR).post().uri("/api/appointments/{id}/meeting/start", appointment).exchange().expectStatus().isOk();
            patientBrowser.waitForText("status", "The doctor has started — you can join now.");
            jitsiHost().hang();
            patientBrowser.click("join");
            patientBrowser.waitForText("message", jitsiDidNotAnswer());
            patientBrowser.waitFor("#retry");

            as(doctor, Role.DOCTOR).post().uri("/api/appointments/{id}/meeting/end", appointment).exchange().expectStatus().isOk();
            patientBrowser.waitForText("status", "The consultation has ended.");
            patientBrowser.waitUntil(driver -> patientBrowser.byId("message").getDomProperty("textContent").isEmpty());
            assertThat(patientBrowser.byId("retry").isDisplayed()).isFalse();
            assertThat(patientBrowser.byId("join").isEnabled()).isFalse();
        }
    }

    @Test
    void aCallToTelevisitThatIsNeverAnsweredIsToldSoAndTriedAgain() {
        UUID appointment = bookApproved();
        try (CuttableProxy televisit = new CuttableProxy(port); Browser agencyBrowser = Browser.desktop()) {
            agencyBrowser.open("http://127.0.0.1:" + televisit.port() + "/appointment.html?id=" + appointment
                    + "#token=" + Tokens.token(agency, Role.AGENCY));
            agencyBrowser.waitFor("#knock:enabled");
            shortTimeouts(agencyBrowser);
            televisit.hang();

            agencyBrowser.click("knock");
            agencyBrowser.waitForText("message", "Televisit did not answer within " + seconds(API_TIMEOUT_MS) + " s. Try again.");
            assertThat(agencyBrowser.waitFor("#retry").getText()).isEqualTo("Try again");
            assertThat(agencyBrowser.byId("knock").isEnabled()).isTrue();
            // The abandoned call never reached the server.
            assertThat(column("SELECT status FROM lobby_request WHERE appointment_id = ?", appointment)).isEmpty();

            televisit.restore();
            agencyBrowser.click("retry");
            agencyBrowser.waitFor("#lobby-waiting");
            assertThat(agencyBrowser.byId("message").getText()).isEmpty();
            assertThat(column("SELECT status FROM lobby_request WHERE appointment_id = ?", appointment)).containsExactly("PENDING");
        }
    }

    @Test
    void everyPageHasItsIconSoNoBrowserAsksForAMissingFavicon() {
        UUID appointment = bookApproved();
        try (Browser browser = Browser.recordingRequests()) {
            for (String page : new String[] {"http://localhost:" + port + "/", page(appointment, patient, Role.PATIENT)}) {
                browser.open(page);
                String icon = (String) browser.script("return document.querySelector('link[rel=icon]').href");
                http.get().uri(URI.create(icon).getPath()).exchange().expectStatus().isOk()
                        .expectHeader().contentTypeCompatibleWith(MediaType.valueOf("image/svg+xml"));
            }
            browser.waitFor("#status:not(:empty)");
            assertThat(browser.requestedUrls()).anyMatch(url -> url.endsWith("/favicon.svg"))
                    .noneMatch(url -> url.endsWith("/favicon.ico"));
        }
    }

    private static void shortTimeouts(Browser browser) {
        browser.script("return import('/js/timeouts.js').then((module) => { module.timeouts.jitsiLoadMs = " + JITSI_TIMEOUT_MS
                + "; module.timeouts.apiMs = " + API_TIMEOUT_MS + "; })");
    }

    private static String jitsiDidNotAnswer() {
        return "Jitsi at 127.0.0.1:" + jitsiHost().port() + " did not answer within " + seconds(JITSI_TIMEOUT_MS) + " s. Try again.";
    }

    /** As the pages write it: "2 s", "1.5 s". */
    private static String seconds(int ms) {
        return ms % 1000 == 0 ? String.valueOf(ms / 1000) : String.valueOf(ms / 1000.0);
    }
}

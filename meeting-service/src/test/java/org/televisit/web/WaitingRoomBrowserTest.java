package org.televisit.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.televisit.security.Role;
import org.televisit.support.Browser;
import org.televisit.support.BrowserTest;
import org.televisit.support.JitsiStandIn;
import org.televisit.support.TestClock;

/**
 * The waiting room and presence in real headless Chromium against the real server: a patient
 * (or an approved agency) waits until the doctor starts, then "Join now" takes the focus, or the
 * call opens by itself when the person chose so; the doctor's console shows who has the
 * appointment open, who is in the call (the page reports the stand-in Jitsi's
 * videoConferenceJoined to the server) and, after the end, the attendance. The server's clock is
 * the real one here, as the browsers' is, so what the pages see happen counts as live.
 */
class WaitingRoomBrowserTest extends BrowserTest {

    private static JitsiStandIn jitsiStandIn;

    @DynamicPropertySource
    static void jitsiStandIn(DynamicPropertyRegistry registry) {
        registry.add("televisit.jitsi.external-api-url", () -> standInUrl() + "/external_api.js");
        // A closed page counts as gone after the grace period: short here, so the test need not wait 10 s.
        registry.add("televisit.presence.grace", () -> "PT1S");
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

    @BeforeEach
    void realClock() {
        TestClock.INSTANCE.reset();
    }

    @Test
    void aPatientWaitsUntilTheDoctorStartsThenJoinNowHasTheFocusAndABeep() {
        UUID appointment = bookApproved();
        try (Browser patientBrowser = Browser.phone()) {
            patientBrowser.standInNotifications();
            patientBrowser.open(page(appointment, patient, Role.PATIENT));
            patientBrowser.waitFor("#waiting-room");
            patientBrowser.waitForText("waiting-next", "When your doctor, Test doctor, starts the consultation, your Join button becomes “Join now”");
            assertThat(patientBrowser.byId("waiting-time").getText()).matches(".*\\d\\d:\\d\\d.*, 30 minutes");
            recordAlerts(patientBrowser);
            // Notifications are asked for by a button (by keyboard too), never on load.
            assertThat(notificationStandIn(patientBrowser, "asked")).isEqualTo(0L);
            patientBrowser.tabTo("notify");
            patientBrowser.byId("notify").sendKeys(Keys.ENTER);
            patientBrowser.waitForText("notify-state", "Notifications are on");
            assertThat(patientBrowser.byId("notify").isDisplayed()).isFalse();
            assertThat(notificationStandIn(patientBrowser, "asked")).isEqualTo(1L);

            // Trying before the start is not an error: the page says to wait, and no call opens.
            patientBrowser.click("join");
            patientBrowser.waitForText("status", "The doctor has not started the consultation yet. Stay on this page");
            assertThat(patientBrowser.byId("message").getText()).isEmpty();
            assertThat(patientBrowser.all("#call .jitsi-stand-in")).isEmpty();
            assertThat(patientBrowser.byId("join").getText()).isEqualTo("Join");
            patientBrowser.screenshot("patient-waiting-room");

            // The patient looks at another tab meanwhile.
            patientBrowser.script("window.notificationStandIn.hidden = true");
            as(doctor, Role.DOCTOR).post().uri("/api/appointments/{id}/meeting/start", appointment).exchange().expectStatus().isOk();
            patientBrowser.waitForText("join", "Join now");
            patientBrowser.waitUntil(driver -> "join".equals(patientBrowser.focused()));
            assertThat(notificationsShown(patientBrowser)).containsExactly(Map.of("title", "Your consultation has started", "body", "Test doctor is ready for you. Open Televisit to join."));
            patientBrowser.script("window.notificationStandIn.hidden = false");
            patientBrowser.waitUntil(driver -> patientBrowser.byId("waiting-announce").getDomProperty("textContent")
                    .equals("Test doctor has started the consultation. Join now."));
            assertThat(alerts(patientBrowser)).extracting(alert -> alert.get("title")).containsExactly("Your consultation has started");
            assertThat(patientBrowser.byId("status").getText()).isEqualTo("The doctor has started — you can join now.");
            assertThat(patientBrowser.all("#call .jitsi-stand-in")).isEmpty();
            patientBrowser.screenshot("patient-join-now");
            patientBrowser.tabTo("join");

            // Entering stays the person's own act: Enter on the focused button.
            patientBrowser.byId("join").sendKeys(Keys.ENTER);
            patientBrowser.waitFor("#call .jitsi-stand-in");
            patientBrowser.waitUntilGone("#waiting-room");
        }
    }

    @Test
    void withEnterAsSoonAsTheDoctorIsReadyTickedThePatientEntersByItself() {
        UUID appointment = bookApproved();
        try (Browser patientBrowser = Browser.phone()) {
            patientBrowser.open(page(appointment, patient, Role.PATIENT));
            patientBrowser.waitFor("#waiting-room");
            patientBrowser.tabTo("auto-enter");
            patientBrowser.byId("auto-enter").sendKeys(Keys.SPACE);
            assertThat(patientBrowser.byId("auto-enter").isSelected()).isTrue();

            as(doctor, Role.DOCTOR).post().uri("/api/appointments/{id}/meeting/start", appointment).exchange().expectStatus().isOk();
            patientBrowser.waitFor("#call .jitsi-stand-in");
            patientBrowser.waitUntilGone("#waiting-room");
        }
    }

    @Test
    void anAgencyApprovedBeforeTheStartWaitsAndIsOfferedJoinNowOnceTheDoctorStarts() {
        UUID appointment = bookApproved();
        try (Browser agencyBrowser = Browser.desktop()) {
            agencyBrowser.open(page(appointment, agency, Role.AGENCY));
            agencyBrowser.waitFor("#waiting-room");
            agencyBrowser.click("knock");
            agencyBrowser.waitFor("#lobby-waiting");
            String request = column("SELECT id::text FROM lobby_request WHERE appointment_id = ?", appointment).get(0);
            as(doctor, Role.DOCTOR).post().uri("/api/appointments/{id}/lobby/requests/{rid}/approve", appointment, request)
                    .exchange().expectStatus().isOk();

            agencyBrowser.waitForText("status", "The doctor let you in. You can join once the consultation starts.");
            agencyBrowser.waitForText("waiting-next", "You are let in. When your doctor, Test doctor, starts the consultation");
            assertThat(agencyBrowser.all("#call .jitsi-stand-in")).isEmpty();
            agencyBrowser.screenshot("agency-let-in-waiting");

            as(doctor, Role.DOCTOR).post().uri("/api/appointments/{id}/meeting/start", appointment).exchange().expectStatus().isOk();
            agencyBrowser.waitForText("enter-call", "Join now");
            agencyBrowser.waitUntil(driver -> "enter-call".equals(agencyBrowser.focused()));
            assertThat(agencyBrowser.all("#call .jitsi-stand-in")).isEmpty();
            agencyBrowser.byId("enter-call").sendKeys(Keys.ENTER);
            agencyBrowser.waitFor("#call .jitsi-stand-in");
        }
    }

    @Test
    void theDoctorSeesThePatientWaitingThenGoneThenInTheCallAndAfterTheEndTheAttendance() {
        UUID appointment = bookApproved();
        try (Browser doctorBrowser = Browser.desktop()) {
            doctorBrowser.standInNotifications();
            doctorBrowser.open(page(appointment, doctor, Role.DOCTOR));
            doctorBrowser.waitForText("presence-panel", "Nobody is waiting.");
            doctorBrowser.waitForText("presence-panel", "Nobody is in the call.");
            recordAlerts(doctorBrowser);
            assertThat(notificationStandIn(doctorBrowser, "asked")).isEqualTo(0L);
            doctorBrowser.tabTo("doctor-notify");
            doctorBrowser.byId("doctor-notify").sendKeys(Keys.ENTER);
            doctorBrowser.waitForText("doctor-notify-state", "Notifications are on");
            // The console is in a background tab while the doctor does something else.
            doctorBrowser.script("window.notificationStandIn.hidden = true");

            try (Browser patientBrowser = Browser.phone()) {
                patientBrowser.open(page(appointment, patient, Role.PATIENT));
                doctorBrowser.waitForText("waiting", "Patient is waiting (since ");
                doctorBrowser.waitForText("waiting", "Test patient");
                doctorBrowser.waitUntil(driver -> "Patient Test patient is waiting."
                        .equals(doctorBrowser.byId("announce").getDomProperty("textContent")));
                assertThat(alerts(doctorBrowser)).extracting(alert -> alert.get("title")).containsExactly("Patient is waiting");
                assertThat(notificationsShown(doctorBrowser)).extracting(shown -> shown.get("title")).containsExactly("Patient is waiting");
                // What may show on a locked screen names the role, not the person.
                assertThat(notificationsShown(doctorBrowser)).extracting(shown -> shown.get("body"))
                        .allSatisfy(body -> assertThat(body.toString()).startsWith("Since ").doesNotContain("Test patient"));
                doctorBrowser.script("window.notificationStandIn.hidden = false");
                doctorBrowser.scrollTo("presence-panel");
                doctorBrowser.screenshot("doctor-patient-waiting");

                // The patient goes back to their list: gone once the grace period has passed, without a reload.
                patientBrowser.waitFor("header a").click();
                patientBrowser.waitFor("#appointment-list li");
                doctorBrowser.waitForText("presence-panel", "Nobody is waiting.");
                assertThat(doctorBrowser.all("#waiting li")).isEmpty();
            }

            try (Browser patientBrowser = Browser.phone()) {
                patientBrowser.open(page(appointment, patient, Role.PATIENT));
                doctorBrowser.waitForText("waiting", "Patient is waiting");
                JitsiStandIn.holdEvents(doctorBrowser);
                doctorBrowser.click("start");
                doctorBrowser.waitFor("#call .jitsi-stand-in");
                JitsiStandIn.holdEvents(patientBrowser);
                patientBrowser.waitForText("join", "Join now");
                patientBrowser.click("join");
                patientBrowser.waitFor("#call .jitsi-stand-in");
                assertThat(doctorBrowser.byId("in-call").getText()).isEmpty();

                // Jitsi says the patient is in: the page tells the server, and the doctor's console shows it.
                JitsiStandIn.fire(patientBrowser, 0, "videoConferenceJoined");
                doctorBrowser.waitForText("in-call", "Patient Test patient · in the call since");
                doctorBrowser.waitForText("in-call", "reported by their browser");
                doctorBrowser.waitForText("presence-panel", "Nobody is waiting.");

                JitsiStandIn.fire(doctorBrowser, 0, "videoConferenceJoined");
                patientBrowser.waitForText("doctor-presence", "Your doctor is in the call.");
                doctorBrowser.waitForText("in-call", "Doctor you");
                doctorBrowser.scrollTo("presence-panel");
                doctorBrowser.screenshot("doctor-in-call-presence");
                JitsiStandIn.fire(doctorBrowser, 0, "videoConferenceLeft");
                patientBrowser.waitUntil(driver -> patientBrowser.byId("doctor-presence").getDomProperty("textContent").isEmpty());
                JitsiStandIn.fire(doctorBrowser, 0, "videoConferenceJoined");
                patientBrowser.waitForText("doctor-presence", "Your doctor is in the call.");

                doctorBrowser.click("end");
                doctorBrowser.waitFor("#attendance-panel");
                // Each party's row: first joined, last left (the pages report leaving as their calls close), minutes, source.
                doctorBrowser.waitForText("attendance-rows", "Test patient (patient)");
                doctorBrowser.waitUntil(driver -> !doctorBrowser.byId("attendance-rows").getText().contains("still in the call"));
                List<String> rows = doctorBrowser.all("#attendance-rows tr").stream().map(row -> row.getText()).toList();
                assertThat(rows).anySatisfy(row -> assertThat(row).startsWith("Test doctor (doctor)").endsWith("their browser"));
                assertThat(rows).anySatisfy(row -> assertThat(row).startsWith("Test patient (patient)").endsWith("their browser"));
                assertThat(rows).anySatisfy(row -> assertThat(row).startsWith("Agency").contains("did not join"));
                assertThat(doctorBrowser.byId("no-show").isDisplayed()).isFalse();
                assertThat(doctorBrowser.byId("presence-panel").isDisplayed()).isFalse();
                doctorBrowser.scrollTo("attendance-panel");
                doctorBrowser.screenshot("doctor-attendance");

                // Opened again later, the finished appointment still shows who came.
                doctorBrowser.open(page(appointment, doctor, Role.DOCTOR));
                doctorBrowser.waitForText("attendance-rows", "Test patient (patient)");
                assertThat(doctorBrowser.byId("presence-panel").isDisplayed()).isFalse();
            }
        }
    }

    @Test
    void anOlderServerWithoutPresenceOrAttendanceLeavesTheConsoleAndTheCallWorking() {
        UUID appointment = bookApproved();
        try (Browser doctorBrowser = Browser.desktop()) {
            // The server before issue 13, as the page sees it: no presence or attendance routes.
            doctorBrowser.beforeEveryPage("""
                    const fetchOfTheServer = window.fetch;
                    window.fetch = (url, init) => /\\/(presence|attendance)$/.test(String(url))
                        ? Promise.resolve(new Response('{"status":404,"reason":"NOT_FOUND"}', { status: 404 }))
                        : fetchOfTheServer(url, init);
                    """);
            doctorBrowser.open(page(appointment, doctor, Role.DOCTOR));
            doctorBrowser.waitForText("presence-note", "This server does not say who has the appointment open.");
            doctorBrowser.click("start");
            // The stand-in fires videoConferenceJoined, whose report is refused: the call goes on regardless.
            doctorBrowser.waitFor("#call .jitsi-stand-in");
            doctorBrowser.waitUntil(driver -> Boolean.TRUE.equals(doctorBrowser.script(
                    "return window.jitsiStandIn.calls[0].fired.includes('videoConferenceJoined')")));
            doctorBrowser.waitForText("status", "The meeting is on.");
            assertThat(doctorBrowser.byId("message").getText()).isEmpty();

            doctorBrowser.click("end");
            doctorBrowser.waitForText("attendance-note", "This server keeps no attendance.");
            doctorBrowser.waitForText("status", "The consultation has ended.");
            assertThat(doctorBrowser.byId("message").getText()).isEmpty();
        }
    }

    private static Object notificationStandIn(Browser browser, String member) {
        return browser.script("return window.notificationStandIn." + member);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> notificationsShown(Browser browser) {
        return (List<Map<String, Object>>) notificationStandIn(browser, "shown");
    }

    /** Keeps every 'televisit:alert' the page dispatches (a beep, and a notification when hidden). */
    private static void recordAlerts(Browser browser) {
        browser.script("window.alerts = []; addEventListener('televisit:alert', (event) => window.alerts.push(event.detail))");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> alerts(Browser browser) {
        return (List<Map<String, Object>>) browser.script("return window.alerts");
    }
}

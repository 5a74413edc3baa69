package org.televisit.support;

import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
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
}

package org.televisit.demo;

import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.televisit.support.Browser;
import org.televisit.support.TestDatabaseProperties;
import org.televisit.testdb.TestDatabase;

/** Demo mode on this run's database: seeded people and appointments, and sign-in by name. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DemoModeTest {

    @LocalServerPort
    int port;

    WebTestClient http;

    @DynamicPropertySource
    static void demoOnTestDatabase(DynamicPropertyRegistry registry) {
        TestDatabaseProperties.register(registry);
        registry.add("televisit.room.secret", () -> org.televisit.support.ApiTest.ROOM_SECRET);
        registry.add("televisit.demo", () -> "true");
    }

    @BeforeEach
    void client() {
        http = WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
    }

    @Test
    void aSeededDoctorSignsInAndSeesTheSeededAppointments() {
        String token = login("dr-alice");
        http.get().uri("/api/appointments").header("Authorization", "Bearer " + token).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.items.length()").isEqualTo(3)
                .jsonPath("$.items[0].doctorId").isEqualTo("dr-alice")
                .jsonPath("$.items[0].patientId").isEqualTo("pat-bob")
                .jsonPath("$.items[0].agencyId").isEqualTo("agency-carol")
                .jsonPath("$.items[0].doctorName").isEqualTo("Dr. Alice Adler")
                .jsonPath("$.items[0].status").isEqualTo("APPROVED");
    }

    @Test
    void theStartPageSignsInASeededUserAndListsItsAppointments() {
        Browser.requireChromium();
        try (Browser browser = Browser.desktop()) {
            browser.open("http://localhost:" + port + "/");
            browser.waitForText("demo-users", "Sign in as");
            browser.screenshot("sign-in");
            browser.waitFor("#demo-users li:first-child button").click(); // the seeded doctor
            browser.waitForText("who", "(doctor)");
            browser.waitUntil(driver -> browser.all("#appointment-list li button").size() == 3);
            // The list is rebuilt when its stream (re)connects, so read it afresh rather than hold an element.
            browser.waitForText("css:#appointment-list li:first-child button", "Open console");
            browser.screenshot("doctor-appointments");
        }
    }

    @Test
    void everySeededRoleCanSignIn() {
        for (String user : new String[] {"dr-alice", "pat-bob", "agency-carol", "scheduler-sam", "admin-ada"}) {
            http.get().uri("/api/appointments").header("Authorization", "Bearer " + login(user)).exchange()
                    .expectStatus().isOk();
        }
        http.get().uri("/demo/users").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$[*].role").isEqualTo(java.util.List.of("DOCTOR", "PATIENT", "AGENCY", "SCHEDULER", "ADMIN"));
    }

    @Test
    void anUnknownDemoUserIsABadRequest() {
        http.post().uri("/demo/login").contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("user", "mallory"))
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.reason").isEqualTo("INVALID_VALUE")
                .jsonPath("$.field").isEqualTo("user");
    }

    private String login(String user) {
        return http.post().uri("/demo/login").contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("user", user))
                .exchange()
                .expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody().get("token").toString();
    }
}

package org.televisit.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.rsocket.exceptions.ApplicationErrorException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.messaging.rsocket.RSocketStrategies;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.FluxExchangeResult;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import org.televisit.security.Role;
import org.televisit.support.ApprovedAppointmentTest;
import org.televisit.support.RSocketClient;
import org.televisit.support.TestClock;
import org.televisit.support.Tokens;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * A hostile client's corpus of bad input over every route, HTTP and RSocket: malformed ids in the
 * path, bad query parameters and headers, broken or hostile JSON, text with NUL, control
 * characters, lone surrogates and direction overrides, values of the wrong type or size. Each is
 * sent by a user the route would otherwise serve. None may reach a 5xx, each refusal is a problem
 * with a reason, and no detail names a Java type, a library or its message.
 */
class BadInputTest extends ApprovedAppointmentTest {

    /** Writes every character that is not ASCII as an escape, so that lone surrogates reach the server as sent. */
    private static final JsonMapper JSON = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    /** Words of a detail that would show our internals to a client. */
    private static final List<String> INTERNALS = List.of("java.", "org.", "tools.jackson", "jackson", "Jackson", "Exception",
            "`", "StreamReadConstraints", "Instant", "Integer", "netty", "Netty", "r2dbc", "R2DBC", "decoder", "Decoder");

    private static final List<String> BAD_IDS = List.of("not-a-uuid", "0", "%00", "%0d%0a", "..%2f..%2fetc", "'%20OR%201=1--",
            "a".repeat(2000), "%F0%9F%98%80", "3f2c6a1e-8b1d-4c3e-9a57-0d1e2f3a4b5c5", "%ED%A0%80");

    private static final List<String> BAD_TEXT = List.of("a\u0000b", "line\u0007bell", "\u001b[31mred", "rtl\u202Eevil",
            "lone \ud800 surrogate", "x".repeat(10_000), "tab\there", "del\u007f", "c1\u0085next", "non\uFFFFchar");

    private static final List<String> BAD_BODIES = List.of("", "[", "]", "[]", "{", "null", "true", "1", "\"text\"", "{\"a\":}",
            "{\"a\":1,}", "[".repeat(3000) + "]".repeat(3000), "{\"a\":" + "[".repeat(2000) + "]".repeat(2000) + "}",
            "{\"a\":\"\\ud800\"}", "{\"a\":1e99999}", "\u0000", "\uFEFF{}", "{\"a\":\"\\u0000\"}");

    @Autowired
    private RequestMappingHandlerMapping routes;

    @Autowired
    private RSocketStrategies strategies;

    private UUID request;
    private final List<String> answered = new ArrayList<>();

    @BeforeEach
    void insideTheWindowWithAPendingKnock() {
        TestClock.INSTANCE.standAt(startsAt.minusSeconds(300));
        request = UUID.fromString(as(agency, Role.AGENCY).post().uri("/api/appointments/{id}/lobby/requests", appointment)
                .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("id").toString());
    }

    /** Every route of the API, with who may call it and the body it takes. */
    private List<Route> apiRoutes() {
        String a = "/api/appointments/" + appointment;
        return List.of(
                new Route(HttpMethod.POST, "/api/appointments", "/api/appointments", Role.SCHEDULER, true),
                new Route(HttpMethod.GET, "/api/appointments", "/api/appointments", Role.DOCTOR, false),
                new Route(HttpMethod.GET, "/api/appointments/{id}", a, Role.DOCTOR, false),
                new Route(HttpMethod.POST, "/api/appointments/{id}/approve", a + "/approve", Role.DOCTOR, false),
                new Route(HttpMethod.POST, "/api/appointments/{id}/cancel", a + "/cancel", Role.PATIENT, false),
                new Route(HttpMethod.POST, "/api/appointments/{id}/meeting/start", a + "/meeting/start", Role.DOCTOR, false),
                new Route(HttpMethod.POST, "/api/appointments/{id}/meeting/end", a + "/meeting/end", Role.DOCTOR, false),
                new Route(HttpMethod.POST, "/api/appointments/{id}/join", a + "/join", Role.PATIENT, false),
                new Route(HttpMethod.POST, "/api/appointments/{id}/lobby/requests", a + "/lobby/requests", Role.AGENCY, false),
                new Route(HttpMethod.GET, "/api/appointments/{id}/lobby/requests", a + "/lobby/requests", Role.DOCTOR, false),
                new Route(HttpMethod.POST, "/api/appointments/{id}/lobby/requests/{requestId}/approve",
                        a + "/lobby/requests/" + request + "/approve", Role.DOCTOR, false),
                new Route(HttpMethod.POST, "/api/appointments/{id}/lobby/requests/{requestId}/reject",
                        a + "/lobby/requests/" + request + "/reject", Role.DOCTOR, true),
                new Route(HttpMethod.DELETE, "/api/appointments/{id}/lobby/requests/{requestId}",
                        a + "/lobby/requests/" + request, Role.AGENCY, false),
                new Route(HttpMethod.GET, "/api/appointments/{id}/audit", a + "/audit", Role.DOCTOR, false),
                new Route(HttpMethod.GET, "/api/appointments/{id}/events", a + "/events", Role.PATIENT, false),
                new Route(HttpMethod.GET, "/api/appointments/{id}/presence", a + "/presence", Role.DOCTOR, false),
                new Route(HttpMethod.GET, "/api/me/events", "/api/me/events", Role.PATIENT, false),
                new Route(HttpMethod.POST, "/api/stream-tickets", "/api/stream-tickets", Role.PATIENT, false),
                new Route(HttpMethod.POST, "/api/appointments/{id}/presence", a + "/presence", Role.PATIENT, true),
                new Route(HttpMethod.GET, "/api/appointments/{id}/attendance", a + "/attendance", Role.DOCTOR, false),
                new Route(HttpMethod.POST, "/api/jitsi/webhooks/jaas", "/api/jitsi/webhooks/jaas", Role.DOCTOR, true),
                new Route(HttpMethod.POST, "/api/jitsi/webhooks/prosody", "/api/jitsi/webhooks/prosody", Role.DOCTOR, true),
                new Route(HttpMethod.POST, "/api/jitsi/webhooks/prosody/events/{scope}/{event}",
                        "/api/jitsi/webhooks/prosody/events/occupant/joined", Role.DOCTOR, true));
    }

    private record Route(HttpMethod method, String pattern, String path, Role caller, boolean takesBody) {
    }

    @Test
    void theCorpusCoversEveryRouteOfTheApi() {
        Set<String> served = new LinkedHashSet<>();
        routes.getHandlerMethods().keySet().forEach(mapping -> mapping.getPatternsCondition().getPatterns().forEach(pattern ->
                mapping.getMethodsCondition().getMethods().forEach(method -> served.add(method + " " + pattern))));
        served.removeIf(route -> !route.contains(" /api/"));
        assertThat(apiRoutes().stream().map(route -> route.method() + " " + route.pattern()).toList())
                .containsExactlyInAnyOrderElementsOf(served);
    }

    @Test
    void malformedIdsInThePathAreRefusedAsBadInput() {
        for (Route route : apiRoutes()) {
            for (String bad : BAD_IDS) {
                String path = route.path().replace(appointment.toString(), bad);
                if (!path.equals(route.path())) {
                    send(route, path, null, Map.of());
                }
                if (route.path().contains(request.toString())) {
                    send(route, route.path().replace(request.toString(), bad), null, Map.of());
                }
            }
        }
        assertThat(answered).isNotEmpty().allMatch(status -> status.startsWith("4"));
    }

    @Test
    void badQueryParametersAndHeadersAreRefusedAsBadInput() {
        List<String> parameters = List.of("from", "to", "status", "page", "size", "after", "limit", "ticket");
        List<String> values = List.of("", "x", "-1", "99999999999999999999", "%00", "1e309", "+300000-01-01T00:00:00Z",
                "2030-13-45T99:99:99Z", "%E2%80%AE", "NaN", "a".repeat(5000));
        for (Route route : apiRoutes()) {
            for (String parameter : parameters) {
                for (String value : values) {
                    send(route, route.path() + "?" + parameter + "=" + value, null, Map.of());
                }
            }
            for (String lastEventId : List.of("x", "-1", "99999999999999999999999", "1.5", "1 2", "%00")) {
                send(route, route.path(), null, Map.of("Last-Event-ID", lastEventId));
            }
        }
        for (String value : values) {
            // A ticket without a bearer header is what an EventSource sends: refused as a ticket, whatever it holds.
            http.get().uri(URI.create("http://localhost:" + port + "/api/me/events?ticket=" + value))
                    .accept(MediaType.TEXT_EVENT_STREAM).exchange().expectStatus().isUnauthorized()
                    .expectBody().jsonPath("$.reason").isEqualTo("INVALID_TICKET");
        }
        assertThat(answered).isNotEmpty();
    }

    @Test
    void brokenAndHostileBodiesAreRefusedAsBadInput() {
        for (Route route : apiRoutes()) {
            for (String body : BAD_BODIES) {
                send(route, route.path(), body, Map.of());
            }
        }
        Map<String, Object> booking = booking(doctor, patient, agency);
        Route book = apiRoutes().get(0);
        for (String field : List.of("doctorId", "patientId", "agencyId", "startsAt", "durationMinutes", "type")) {
            for (Object bad : badValuesOfEveryType()) {
                Map<String, Object> body = new java.util.HashMap<>(booking);
                body.put(field, bad);
                send(book, book.path(), JSON.writeValueAsString(body), Map.of());
            }
        }
        Route reject = apiRoutes().stream().filter(route -> route.pattern().endsWith("/reject")).findFirst().orElseThrow();
        for (Object bad : badValuesOfEveryType()) {
            send(reject, reject.path(), JSON.writeValueAsString(single("reason", bad)), Map.of());
        }
        assertThat(answered).isNotEmpty();
    }

    @Test
    void aBodyOfAnotherMediaTypeIs415InTheClientsTerms() {
        for (Route route : apiRoutes()) {
            if (route.method() != HttpMethod.POST) {
                continue;
            }
            FluxExchangeResult<byte[]> result = as(doctor, Role.DOCTOR).post().uri(URI.create("http://localhost:" + port + route.path()))
                    .contentType(MediaType.TEXT_PLAIN).bodyValue("x").exchange().returnResult(byte[].class);
            int status = result.getStatus().value();
            assertThat(status).as(route.path()).isLessThan(500);
            if (route.takesBody()) {
                assertThat(status).as(route.path()).isEqualTo(415);
                // The body may come in several buffers: all of them, not the last one only.
                Map<String, Object> problem = JSON.readValue(result.getResponseBody().reduce(new byte[0], BadInputTest::concat)
                        .block(Duration.ofSeconds(10)), Map.class);
                assertThat(problem).containsEntry("reason", "UNSUPPORTED_MEDIA_TYPE")
                        .containsEntry("detail", "the body must be application/json");
            }
        }
    }

    @Test
    void freeTextWithControlCharactersIsAnInvalidValueNamingItsFieldAndNothingIsStored() {
        for (String bad : BAD_TEXT) {
            if (bad.startsWith("tab")) {
                continue;
            }
            Map<String, Object> booking = booking(doctor, patient + bad, agency);
            as(Tokens.newId(Role.SCHEDULER), Role.SCHEDULER).post().uri("/api/appointments").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(JSON.writeValueAsString(booking)).exchange().expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.reason").isEqualTo("INVALID_VALUE").jsonPath("$.field").isEqualTo("patientId");
            as(doctor, Role.DOCTOR).post().uri("/api/appointments/{id}/lobby/requests/{rid}/reject", appointment, request)
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(JSON.writeValueAsString(single("reason", bad)))
                    .exchange().expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.reason").isEqualTo("INVALID_VALUE").jsonPath("$.field").isEqualTo("reason");
        }
        assertThat(column("SELECT status FROM lobby_request WHERE id = ?", request)).containsExactly("PENDING");
        // A reason of several lines is what a doctor writes: kept, newlines and all.
        as(doctor, Role.DOCTOR).post().uri("/api/appointments/{id}/lobby/requests/{rid}/reject", appointment, request)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("reason", "Please call first.\nThank you – Dr. Müller 🙂"))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.reason").isEqualTo("Please call first.\nThank you – Dr. Müller 🙂");
    }

    @Test
    void aBodyThatIsNotAnObjectSaysSoInTheClientsTerms() {
        for (String body : List.of("[", "[]", "{\"startsAt\": []}", "{\"durationMinutes\": \"ten\"}", "{\"startsAt\": \"tomorrow\"}")) {
            EntityExchangeResult<byte[]> result = as(Tokens.newId(Role.SCHEDULER), Role.SCHEDULER).post().uri("/api/appointments")
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange().expectStatus().isBadRequest()
                    .expectBody().returnResult();
            assertThat(detailOf(result)).as(body).doesNotContain(INTERNALS).isNotBlank();
        }
        as(Tokens.newId(Role.SCHEDULER), Role.SCHEDULER).post().uri("/api/appointments").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"startsAt\": \"tomorrow\"}").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.field").isEqualTo("startsAt")
                .jsonPath("$.detail").value(detail -> assertThat(detail.toString()).contains("date and time"));
    }

    @Test
    void theRSocketRoutesRefuseTheSameCorpusAsBadInput() throws Exception {
        try (RSocketClient doctorApp = RSocketClient.connect(strategies, port, Tokens.token(doctor, Role.DOCTOR))) {
            for (String bad : List.of("not-a-uuid", "0", "a".repeat(300), "-1", "x y", "%00")) {
                Map<String, Object> problem;
                try (RSocketClient.Frames frames = doctorApp.stream("appointments." + bad + ".events", Map.of())) {
                    problem = frames.problem();
                }
                assertRefusedAsBadInput("appointments." + bad + ".events", problem);
                if (bad.length() < 100 && !bad.contains(" ") && !bad.contains("%")) {
                    assertThat(problem).as(bad).containsEntry("reason", "INVALID_VALUE").containsEntry("field", "id");
                }
            }
            assertThat(rawProblem(doctorApp, "no.such.route", "{}")).containsEntry("status", 404).containsEntry("reason", "NOT_FOUND");
            for (String route : List.of("lobby.knock", "lobby.decide", "appointments." + appointment + ".events")) {
                for (String body : BAD_BODIES) {
                    assertRefusedAsBadInput(route + " " + abbreviated(body), rawProblem(doctorApp, route, body));
                }
            }
            for (Object bad : badValuesOfEveryType()) {
                for (String field : List.of("appointmentId", "requestId", "decision", "reason")) {
                    // Another request's id: a value that turns out acceptable (a number as a reason) decides nothing.
                    Map<String, Object> decision = new java.util.HashMap<>(Map.of("appointmentId", appointment,
                            "requestId", UUID.randomUUID(), "decision", "REJECT"));
                    decision.put(field, bad);
                    assertRefusedAsBadInput("lobby.decide " + field + "=" + abbreviated(String.valueOf(bad)),
                            rawProblem(doctorApp, "lobby.decide", JSON.writeValueAsString(decision)));
                }
                assertRefusedAsBadInput("events after=" + abbreviated(String.valueOf(bad)),
                        rawProblem(doctorApp, "appointments." + appointment + ".events", JSON.writeValueAsString(single("after", bad))));
            }
            assertThat(RSocketClient.problem(() -> doctorApp.request("lobby.decide", Map.of("appointmentId", appointment,
                    "requestId", request, "decision", "REJECT", "reason", "no\u0000thanks"))))
                    .containsEntry("status", 400).containsEntry("reason", "INVALID_VALUE").containsEntry("field", "reason");
            assertThat(RSocketClient.problem(() -> doctorApp.request("lobby.decide", Map.of("appointmentId", appointment,
                    "requestId", request, "decision", "MAYBE"))))
                    .containsEntry("status", 400).containsEntry("reason", "INVALID_VALUE").containsEntry("field", "decision");
        }
        assertThat(column("SELECT status FROM lobby_request WHERE id = ?", request)).containsExactly("PENDING");
    }

    /** Sends {@code body} (when given) to {@code path} as the route's caller; the answer must be a 4xx problem or a success. */
    private void send(Route route, String path, String body, Map<String, String> headers) {
        String user = switch (route.caller()) {
            case DOCTOR -> doctor;
            case PATIENT -> patient;
            case AGENCY -> agency;
            default -> Tokens.newId(route.caller());
        };
        var request = as(user, route.caller()).method(route.method()).uri(URI.create("http://localhost:" + port + path))
                .accept(path.contains("/events") ? MediaType.TEXT_EVENT_STREAM : MediaType.APPLICATION_JSON)
                .headers(h -> headers.forEach(h::set));
        var spec = body == null ? request : request.contentType(MediaType.APPLICATION_JSON).bodyValue(body.getBytes(StandardCharsets.UTF_8));
        String what = route.method() + " " + abbreviated(path) + (body == null ? "" : " " + abbreviated(body)) + " " + headers;
        FluxExchangeResult<byte[]> result = spec.exchange().returnResult(byte[].class);
        int status = result.getStatus().value();
        answered.add(String.valueOf(status));
        if (status < 300 && path.contains("/events")) {
            // A stream that opened would never end: let go of it.
            result.getResponseBody().subscribe().dispose();
            return;
        }
        byte[] answer = result.getResponseBody().reduce(new byte[0], BadInputTest::concat).block(Duration.ofSeconds(30));
        String text = new String(answer, StandardCharsets.UTF_8);
        assertThat(status).as(what + " answered " + status + ": " + abbreviated(text)).isLessThan(500);
        if (status >= 400) {
            assertThat(result.getResponseHeaders().getContentType()).as(what + " " + status).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            Map<String, Object> problem = JSON.readValue(answer, Map.class);
            assertThat(problem).as(what).containsKey("reason");
            assertThat(String.valueOf(problem.get("detail"))).as(what + " detail").doesNotContain(INTERNALS);
        }
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    private static void assertRefusedAsBadInput(String what, Map<String, Object> problem) {
        if ("OPENED".equals(problem.get("reason"))) {
            return;
        }
        assertThat(((Number) problem.get("status")).intValue()).as(what + ": " + problem).isBetween(400, 499);
        assertThat(problem).as(what).containsKey("reason");
        assertThat(String.valueOf(problem.get("detail"))).as(what + " detail").doesNotContain(INTERNALS);
    }

    /**
     * The problem answering {@code json} (raw bytes, as a hostile client would send them) on {@code route};
     * a stream that opens instead (the payload was acceptable) answers with no problem.
     */
    private static Map<String, Object> rawProblem(RSocketClient client, String route, String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        if (route.endsWith(".events")) {
            return RSocketClient.problem(() -> client.requester().route(route).data(bytes).retrieveFlux(byte[].class)
                    .take(Duration.ofSeconds(1)).then(reactor.core.publisher.Mono.error(new ApplicationErrorException(
                            "{\"status\":200,\"reason\":\"OPENED\"}"))).block(RSocketClient.WAIT));
        }
        return RSocketClient.problem(() -> client.requester().route(route).data(bytes).retrieveMono(byte[].class)
                .block(RSocketClient.WAIT));
    }

    /** A value of every JSON type, and text that breaks the free-text rule. */
    private static List<Object> badValuesOfEveryType() {
        List<Object> values = new ArrayList<>(List.of(12, -1, 1.5, true, List.of(1, 2), Map.of("a", 1), "", " ",
                "9".repeat(40), "not-a-uuid", "2030-02-30T10:00:00Z"));
        values.addAll(BAD_TEXT);
        values.add(null);
        return values;
    }

    /** An object of one member; unlike Map.of, its value may be null. */
    private static Map<String, Object> single(String key, Object value) {
        Map<String, Object> object = new java.util.HashMap<>();
        object.put(key, value);
        return object;
    }

    private static String detailOf(EntityExchangeResult<byte[]> result) {
        return String.valueOf(JSON.readValue(result.getResponseBody(), Map.class).get("detail"));
    }

    private static String abbreviated(String text) {
        return text.length() > 80 ? text.substring(0, 80) + "…(" + text.length() + ")" : text;
    }
}

package org.televisit.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.televisit.security.Role;
import org.televisit.support.ApiTest;
import org.televisit.support.Tokens;
import tools.jackson.databind.json.JsonMapper;

/**
 * Requests an HTTP client library would refuse to send, written byte by byte on a socket: the path
 * tricks Spring Security's firewall refuses, control characters in headers, methods the API does not
 * serve, a request line over 8 KB and headers over 16 KB. Each is refused with problem+json and a
 * reason, whether the firewall or Netty's decoder refuses it.
 */
class RawRequestsTest extends ApiTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private record Answer(int status, Map<String, String> headers, String body) {

        Map<String, Object> problem() {
            assertThat(headers.get("content-type")).as(this.toString()).startsWith("application/problem+json");
            return JSON.readValue(body, Map.class);
        }
    }

    @Test
    void pathTricksAreRefusedAsMalformedRequests() throws IOException {
        String token = Tokens.token(Tokens.newId(Role.DOCTOR), Role.DOCTOR);
        for (String path : new String[] {"/api/appointments/a%2Fb", "/api/appointments/%2e%2e/x", "/api/appointments/..;/x",
                "/api/appointments;jsessionid=1", "/api/appointments/a%5Cb", "/api/appointments/%252e", "/api//appointments"}) {
            Answer answer = send("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token + "\r\n\r\n");
            assertThat(answer.status()).as(path).isEqualTo(400);
            assertThat(answer.problem()).as(path).containsEntry("reason", "MALFORMED_REQUEST").containsEntry("status", 400);
        }
    }

    @Test
    void controlCharactersInHeadersAreRefusedAsMalformedRequests() throws IOException {
        String token = Tokens.token(Tokens.newId(Role.DOCTOR), Role.DOCTOR);
        for (String header : new String[] {"X-Note: a\u0000b", "X-Note: a\rb", "X-Note: a\u0007b", "Bad Name: x"}) {
            Answer answer = send("GET /api/appointments HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
                    + "\r\n" + header + "\r\n\r\n");
            assertThat(answer.status()).as(header).isEqualTo(400);
            assertThat(answer.problem()).as(header).containsEntry("reason", "MALFORMED_REQUEST");
        }
    }

    @Test
    void methodsTheApiDoesNotServeAreRefusedWithTheAllowedOnes() throws IOException {
        String token = Tokens.token(Tokens.newId(Role.DOCTOR), Role.DOCTOR);
        for (String method : new String[] {"TRACE", "FOO", "PROPFIND"}) {
            Answer answer = send(method + " /api/appointments HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token + "\r\n\r\n");
            assertThat(answer.status()).as(method).isEqualTo(405);
            Map<String, Object> problem = answer.problem();
            assertThat(problem).as(method).containsKey("reason");
            if (answer.status() == 405) {
                assertThat(problem).containsEntry("reason", "METHOD_NOT_ALLOWED");
                assertThat(answer.headers().get("allow")).as(method).contains("GET", "POST").doesNotContain("TRACE");
            }
        }
    }

    @Test
    void aRequestLineOverEightKilobytesIs414AndHeadersOverSixteenAre431() throws IOException {
        Answer longLine = send("GET /api/appointments?q=" + "a".repeat(9 * 1024) + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
        assertThat(longLine.status()).isEqualTo(414);
        assertThat(longLine.problem()).containsEntry("reason", "URI_TOO_LONG").containsEntry("status", 414);

        Answer bigHeaders = send("GET /api/appointments HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "b".repeat(17 * 1024) + "\r\n\r\n");
        assertThat(bigHeaders.status()).isEqualTo(431);
        assertThat(bigHeaders.problem()).containsEntry("reason", "HEADERS_TOO_LARGE");

        Answer notHttp = send("HELLO\r\n\r\n");
        assertThat(notHttp.status()).isEqualTo(400);
        assertThat(notHttp.problem()).containsEntry("reason", "MALFORMED_REQUEST");

        // Just under the limits, a request is served as usual.
        String token = Tokens.token(Tokens.newId(Role.DOCTOR), Role.DOCTOR);
        Answer served = send("GET /api/appointments?q=" + "a".repeat(7 * 1024) + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                + token + "\r\nX-Big: " + "b".repeat(14 * 1024) + "\r\nConnection: close\r\n\r\n");
        assertThat(served.status()).as(served.body()).isEqualTo(200);
    }

    /** Writes {@code request} as it is and reads the answer up to its Content-Length (or the end of the connection). */
    private Answer send(String request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            String head = readHead(in);
            String[] lines = head.split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            Map<String, String> headers = new java.util.HashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.merge(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim(),
                        (a, b) -> a + ", " + b);
            }
            byte[] body = headers.containsKey("content-length")
                    ? in.readNBytes(Integer.parseInt(headers.get("content-length"))) : readChunkedOrAll(in, headers);
            return new Answer(status, headers, new String(body, StandardCharsets.UTF_8));
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            assertThat(b).as("the answer's head ends").isNotNegative();
            head.write(b);
            matched = (b == '\r' || b == '\n') && "\r\n\r\n".charAt(matched) == b ? matched + 1 : 0;
        }
        return head.toString(StandardCharsets.ISO_8859_1).trim();
    }

    private static byte[] readChunkedOrAll(InputStream in, Map<String, String> headers) throws IOException {
        if (!"chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            return in.readAllBytes();
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            StringBuilder size = new StringBuilder();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                size.append((char) b);
            }
            int length = Integer.parseInt(size.toString().trim(), 16);
            if (length == 0) {
                return body.toByteArray();
            }
            body.write(in.readNBytes(length));
            in.readNBytes(2);
        }
    }
}

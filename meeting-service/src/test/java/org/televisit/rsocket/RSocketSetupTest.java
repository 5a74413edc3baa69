package org.televisit.rsocket;

import static org.assertj.core.api.Assertions.assertThat;

import io.rsocket.RSocket;
import io.rsocket.core.RSocketConnector;
import io.rsocket.exceptions.RejectedSetupException;
import io.rsocket.metadata.WellKnownMimeType;
import io.rsocket.transport.netty.client.WebsocketClientTransport;
import io.rsocket.util.DefaultPayload;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.televisit.security.Role;
import org.televisit.support.ApiTest;
import org.televisit.support.Tokens;
import reactor.core.Exceptions;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A SETUP the server refuses says why as a problem (status, reason, detail), like a refused HTTP
 * request: no token, a token that does not verify, metadata that cannot be read. The detail is in
 * the client's terms, never the JWT library's or Netty's words. Written with RSocket's own connector,
 * which sends the SETUP metadata bytes as given.
 */
class RSocketSetupTest extends ApiTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> INTERNALS = List.of("Jwt", "Exception", "java.", "readerIndex", "writerIndex",
            "exceeds", "nimbus", "Netty", "decode");

    @Test
    void setupRefusalsAreProblemsInTheClientsTerms() {
        String valid = Tokens.token(Tokens.newId(Role.DOCTOR), Role.DOCTOR);
        String wronglySigned = valid.substring(0, valid.lastIndexOf('.') + 1) + "c2lnbmF0dXJl";
        String expired = Tokens.token(Tokens.newId(Role.DOCTOR), Role.DOCTOR,
                claims -> claims.expirationTime(new java.util.Date(System.currentTimeMillis() - 60_000)));

        assertThat(refusal(bearer(wronglySigned))).containsEntry("status", 401).containsEntry("reason", "INVALID_TOKEN");
        assertThat(refusal(bearer(expired))).containsEntry("reason", "INVALID_TOKEN")
                .hasEntrySatisfying("detail", detail -> assertThat(detail.toString()).contains("expired"));
        assertThat(refusal(bearer("not.a.token"))).containsEntry("reason", "INVALID_TOKEN")
                .hasEntrySatisfying("detail", detail -> assertThat(detail.toString()).contains("not a well-formed signed token"));
        assertThat(refusal(bearer("not-a-jwt"))).containsEntry("reason", "INVALID_TOKEN")
                .hasEntrySatisfying("detail", detail -> assertThat(detail.toString()).contains("not a well-formed signed token"));
        assertThat(refusal(new byte[0])).containsEntry("status", 401).containsEntry("reason", "UNAUTHENTICATED");
        // An entry that declares 16 bytes of metadata and carries 2: unreadable, not a server error.
        byte[] truncated = {(byte) (0x80 | WellKnownMimeType.MESSAGE_RSOCKET_AUTHENTICATION.getIdentifier()), 0, 0, 16, 1, 2};
        assertThat(refusal(truncated)).containsEntry("status", 400).containsEntry("reason", "MALFORMED_REQUEST");
    }

    /** Composite metadata with one bearer entry, as Spring Security's encoder writes it. */
    private static byte[] bearer(String token) {
        byte[] value = token.getBytes(StandardCharsets.UTF_8);
        byte[] entry = new byte[4 + 1 + value.length];
        entry[0] = (byte) (0x80 | WellKnownMimeType.MESSAGE_RSOCKET_AUTHENTICATION.getIdentifier());
        int length = 1 + value.length;
        entry[1] = (byte) (length >> 16);
        entry[2] = (byte) (length >> 8);
        entry[3] = (byte) length;
        entry[4] = (byte) 0x81; // well-known authentication type 1: bearer
        System.arraycopy(value, 0, entry, 5, value.length);
        return entry;
    }

    /** The problem the server's refusal of a SETUP with {@code metadata} carries. */
    private Map<String, Object> refusal(byte[] metadata) {
        RSocket rsocket = RSocketConnector.create()
                .metadataMimeType(WellKnownMimeType.MESSAGE_RSOCKET_COMPOSITE_METADATA.getString())
                .dataMimeType("application/json")
                .setupPayload(DefaultPayload.create(new byte[0], metadata))
                .connect(WebsocketClientTransport.create(URI.create("ws://localhost:" + port + "/rsocket")))
                .block(Duration.ofSeconds(10));
        Throwable error;
        try {
            rsocket.requestResponse(DefaultPayload.create("{}")).block(Duration.ofSeconds(10));
            throw new AssertionError("the SETUP was expected to be refused");
        } catch (RuntimeException e) {
            error = Exceptions.unwrap(e);
        } finally {
            rsocket.dispose();
        }
        assertThat(error).isInstanceOf(RejectedSetupException.class);
        Map<String, Object> problem = JSON.readValue(error.getMessage(), new TypeReference<Map<String, Object>>() { });
        assertThat(String.valueOf(problem.get("detail"))).doesNotContain(INTERNALS);
        return problem;
    }
}

package org.televisit.attendance;

import java.net.InetSocketAddress;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.televisit.web.ApiException;
import org.televisit.web.ProblemReason;
import reactor.core.publisher.Mono;

/**
 * The video services' webhooks. They carry no user token (the security configuration lets them
 * through); each call proves its sender itself. The body is read as sent, since the JaaS signature
 * covers its exact bytes, and is held to {@value #MAX_BODY_BYTES} bytes.
 */
@RestController
@RequestMapping(path = "/api/jitsi/webhooks", produces = "application/json")
class WebhookController {

    static final int MAX_BODY_BYTES = 16 * 1024;

    private final WebhookService webhooks;

    WebhookController(WebhookService webhooks) {
        this.webhooks = webhooks;
    }

    /** 8x8 JaaS, signed in {@code X-Jaas-Signature}. */
    @PostMapping(path = "/jaas", consumes = "application/json")
    Mono<Map<String, String>> jaas(@RequestBody(required = false) byte[] body,
            @RequestHeader(name = "X-Jaas-Signature", required = false) String signature, ServerHttpRequest request) {
        return Mono.defer(() -> webhooks.jaas(limited(body), signature, clientAddress(request))).map(WebhookController::answer);
    }

    /**
     * jitsi-contrib's Prosody event-sync component, with {@code Authorization: Bearer <secret>}. Its
     * {@code api_prefix} is this path; it appends {@code /events/occupant/joined} and the like, which
     * are the same route (the body names the event).
     */
    @PostMapping(path = {"/prosody", "/prosody/events/{scope}/{event}"}, consumes = "application/json")
    Mono<Map<String, String>> prosody(@RequestBody(required = false) byte[] body,
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization, ServerHttpRequest request) {
        return Mono.defer(() -> webhooks.prosody(limited(body), authorization, clientAddress(request))).map(WebhookController::answer);
    }

    private static byte[] limited(byte[] body) {
        if (body != null && body.length > MAX_BODY_BYTES) {
            throw new ApiException(ProblemReason.PAYLOAD_TOO_LARGE, "a webhook body holds at most " + MAX_BODY_BYTES + " bytes");
        }
        return body;
    }

    private static Map<String, String> answer(WebhookService.Outcome outcome) {
        return Map.of("outcome", outcome.name());
    }

    private static String clientAddress(ServerHttpRequest request) {
        InetSocketAddress remote = request.getRemoteAddress();
        if (remote == null) {
            return null;
        }
        return remote.getAddress() != null ? remote.getAddress().getHostAddress() : remote.getHostString();
    }
}

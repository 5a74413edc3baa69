package org.televisit.web;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a problem+json response from code that runs before any controller: web filters
 * and the security entry points. Controllers return {@link ProblemDetail} instead.
 */
public final class ProblemWriter {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ProblemWriter() {
    }

    public static Mono<Void> write(ServerWebExchange exchange, ProblemDetail problem) {
        var response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.empty();
        }
        response.setStatusCode(org.springframework.http.HttpStatusCode.valueOf(problem.getStatus()));
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        Problems.retryAfterSeconds(problem).ifPresent(seconds -> response.getHeaders().set(HttpHeaders.RETRY_AFTER, String.valueOf(seconds)));
        byte[] body = JSON.writeValueAsBytes(body(problem, exchange.getRequest().getPath().value()));
        DataBuffer buffer = response.bufferFactory().wrap(body);
        return response.writeWith(Mono.just(buffer));
    }

    /** The members of {@code problem}'s JSON body; {@code instance} (the request's path) may be unknown (null). */
    static Map<String, Object> body(ProblemDetail problem, String instance) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", problem.getType() == null ? "about:blank" : problem.getType().toString());
        body.put("title", problem.getTitle());
        body.put("status", problem.getStatus());
        body.put("detail", problem.getDetail());
        if (instance != null) {
            body.put("instance", instance);
        }
        if (problem.getProperties() != null) {
            body.putAll(problem.getProperties());
        }
        return body;
    }

}

package org.televisit.web;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

/** Builds the one problem+json shape every error of the API has. */
public final class Problems {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Problems() {
    }

    /** The seconds a client should wait before it asks again ({@code Retry-After}), if the problem says. */
    public static OptionalLong retryAfterSeconds(ProblemDetail problem) {
        return problem.getProperties() != null && problem.getProperties().get("retryAfterSeconds") instanceof Number seconds
                ? OptionalLong.of(seconds.longValue()) : OptionalLong.empty();
    }

    public static ProblemDetail of(Reason reason, String detail) {
        return of(reason.status(), reason.name(), detail, Map.of());
    }

    /**
     * {@code problem} as the compact JSON an RSocket error frame carries ({@code status}, {@code detail},
     * {@code reason} and the extra members): one string, which is all such a frame holds.
     */
    public static String asFrameText(ProblemDetail problem) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", problem.getStatus());
        body.put("detail", problem.getDetail());
        if (problem.getProperties() != null) {
            body.putAll(problem.getProperties());
        }
        return JSON.writeValueAsString(body);
    }

    public static ProblemDetail of(HttpStatusCode status, String reason, String detail, Map<String, Object> properties) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setProperty("reason", reason);
        properties.forEach(problem::setProperty);
        return problem;
    }
}

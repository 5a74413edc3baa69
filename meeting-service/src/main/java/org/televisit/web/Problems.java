package org.televisit.web;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

/** Builds the one problem+json shape every error of the API has. */
public final class Problems {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Problems() {
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

package org.televisit.web;

import java.util.Map;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/** Builds the one problem+json shape every error of the API has. */
public final class Problems {

    private Problems() {
    }

    public static ProblemDetail of(Reason reason, String detail) {
        return of(reason.status(), reason.name(), detail, Map.of());
    }

    public static ProblemDetail of(HttpStatusCode status, String reason, String detail, Map<String, Object> properties) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setProperty("reason", reason);
        properties.forEach(problem::setProperty);
        return problem;
    }
}

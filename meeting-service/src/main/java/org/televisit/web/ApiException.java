package org.televisit.web;

import java.util.Map;
import org.springframework.http.ProblemDetail;

/**
 * A refusal with its reason. Thrown by any feature; {@link ProblemHandler} turns it into
 * an RFC 9457 problem whose extra members ({@code field}, {@code opensAt}, ...) come from
 * {@link #properties()}.
 */
public class ApiException extends RuntimeException {

    private final Reason reason;
    private final Map<String, Object> properties;

    public ApiException(Reason reason, String detail) {
        this(reason, detail, Map.of());
    }

    public ApiException(Reason reason, String detail, Map<String, Object> properties) {
        super(detail, null, false, false);
        this.reason = reason;
        this.properties = Map.copyOf(properties);
    }

    public static ApiException invalidField(Reason reason, String field, String detail) {
        return new ApiException(reason, detail, Map.of("field", field));
    }

    public Reason reason() {
        return reason;
    }

    public Map<String, Object> properties() {
        return properties;
    }

    /** This refusal as the problem every transport answers with: its reason's status and name, the detail, the extra members. */
    public ProblemDetail problem() {
        return Problems.of(reason.status(), reason.name(), getMessage(), properties);
    }
}

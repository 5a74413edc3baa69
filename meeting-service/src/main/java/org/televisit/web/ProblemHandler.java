package org.televisit.web;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.televisit.database.DatabaseOutage;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;

/**
 * The one place where exceptions become RFC 9457 problems. Every body carries a
 * {@code reason}; input errors also name the offending {@code field}. Nothing reaches the
 * client as a stack trace, and unexpected failures are a bare 500 that is logged here.
 */
@RestControllerAdvice
class ProblemHandler {

    static final String UNEXPECTED = "an unexpected error occurred; it has been logged";
    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler
    ResponseEntity<ProblemDetail> refused(ApiException e) {
        var response = ResponseEntity.status(e.reason().status());
        if (e.properties().get("retryAfterSeconds") instanceof Number seconds) {
            response.header(HttpHeaders.RETRY_AFTER, String.valueOf(seconds.longValue()));
        }
        return response.contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.of(e.reason().status(), e.reason().name(), e.getMessage(), e.properties()));
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> invalidBody(WebExchangeBindException e) {
        List<Map<String, String>> errors = e.getFieldErrors().stream()
                .map(error -> Map.of("field", error.getField(), "message", String.valueOf(error.getDefaultMessage())))
                .toList();
        String field = e.getFieldErrors().isEmpty() ? "body" : e.getFieldErrors().get(0).getField();
        String detail = e.getFieldErrors().stream()
                .map(error -> error.getField() + ": " + error.getDefaultMessage())
                .collect(Collectors.joining("; "));
        return respond(Problems.of(ProblemReason.VALIDATION_FAILED.status(), ProblemReason.VALIDATION_FAILED.name(),
                detail.isEmpty() ? "the request is not valid" : detail, Map.of("field", field, "errors", errors)));
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> invalidParameter(HandlerMethodValidationException e) {
        List<Map<String, String>> errors = e.getParameterValidationResults().stream()
                .flatMap(result -> result.getResolvableErrors().stream().map(error -> Map.of(
                        "field", String.valueOf(result.getMethodParameter().getParameterName()),
                        "message", String.valueOf(error.getDefaultMessage()))))
                .toList();
        String field = errors.isEmpty() ? "parameters" : errors.get(0).get("field");
        String detail = errors.stream().map(error -> error.get("field") + ": " + error.get("message"))
                .collect(Collectors.joining("; "));
        return respond(Problems.of(ProblemReason.VALIDATION_FAILED.status(), ProblemReason.VALIDATION_FAILED.name(),
                detail, Map.of("field", field, "errors", errors)));
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> unreadableInput(ServerWebInputException e) {
        Throwable cause = e.getCause();
        if (hasCause(e, DataBufferLimitException.class)) {
            return respond(tooLarge());
        }
        InvalidFormatException invalidValue = findCause(e, InvalidFormatException.class);
        if (invalidValue != null) {
            String field = fieldOf(invalidValue);
            return respond(fieldProblem(ProblemReason.INVALID_VALUE, field,
                    field + ": " + describeRejected(invalidValue)));
        }
        StreamReadException syntax = findCause(e, StreamReadException.class);
        if (syntax != null) {
            return respond(Problems.of(ProblemReason.MALFORMED_JSON, "the request body is not valid JSON: "
                    + syntax.getOriginalMessage()));
        }
        JacksonException mapping = findCause(e, JacksonException.class);
        if (mapping != null) {
            String field = fieldOf(mapping);
            return respond(fieldProblem(ProblemReason.INVALID_VALUE, field, field + ": " + mapping.getOriginalMessage()));
        }
        if (e.getMethodParameter() != null && !(cause instanceof DecodingException)) {
            String field = String.valueOf(e.getMethodParameter().getParameterName());
            return respond(fieldProblem(ProblemReason.INVALID_VALUE, field, field + ": " + describeRejected(cause, e)));
        }
        return respond(Problems.of(ProblemReason.MALFORMED_JSON, String.valueOf(e.getReason())));
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> payloadTooLarge(DataBufferLimitException e) {
        return respond(tooLarge());
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> lostUpdate(OptimisticLockingFailureException e) {
        return respond(Problems.of(ProblemReason.CONCURRENT_UPDATE, "the resource was changed by another request; reload and retry"));
    }

    /** Spring's own refusals (no route, wrong method or media type, body too large) keep their status. */
    @ExceptionHandler
    ResponseEntity<ProblemDetail> otherStatus(ResponseStatusException e) {
        return respond(statusProblem(e));
    }

    static ProblemDetail statusProblem(ResponseStatusException e) {
        if (e.getStatusCode().value() == ProblemReason.PAYLOAD_TOO_LARGE.status().value()) {
            return tooLarge();
        }
        String reason = Arrays.stream(ProblemReason.values())
                .filter(candidate -> candidate.status().value() == e.getStatusCode().value())
                .findFirst().map(Enum::name).orElse("HTTP_" + e.getStatusCode().value());
        return Problems.of(e.getStatusCode(), reason, String.valueOf(e.getReason()), Map.of());
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> unexpected(Exception e, ServerWebExchange exchange) {
        if (DatabaseOutage.causedBy(e)) {
            RequestIds.withRequestId(exchange, () -> log.warn("Refused while the database is unreachable: {}", e.toString()));
            return refused(DatabaseOutage.refusal());
        }
        // The user is told "it has been logged" and has the X-Request-Id: the line must carry it.
        RequestIds.withRequestId(exchange, () -> log.error("Unexpected failure", e));
        return respond(Problems.of(ProblemReason.INTERNAL_ERROR, UNEXPECTED));
    }

    /**
     * Always problem+json, also for a client that accepts only text/event-stream: a stream refused
     * before it starts is answered with a problem, not with an empty stream.
     */
    private static ResponseEntity<ProblemDetail> respond(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private static ProblemDetail tooLarge() {
        return Problems.of(ProblemReason.PAYLOAD_TOO_LARGE, "the request body is larger than " + RequestLimits.MAX_BODY_BYTES + " bytes");
    }

    private static ProblemDetail fieldProblem(ProblemReason reason, String field, String detail) {
        return Problems.of(reason.status(), reason.name(), detail, Map.of("field", field));
    }

    private static String fieldOf(JacksonException e) {
        String path = e.getPath().stream()
                .map(reference -> reference.getPropertyName() != null
                        ? reference.getPropertyName() : "[" + reference.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
        return path.isEmpty() ? "body" : path;
    }

    private static String describeRejected(InvalidFormatException e) {
        Class<?> target = e.getTargetType();
        if (target != null && target.isEnum()) {
            return "'" + e.getValue() + "' is not one of " + Arrays.toString(target.getEnumConstants());
        }
        return "'" + e.getValue() + "' is not a valid " + (target == null ? "value" : target.getSimpleName());
    }

    private static String describeRejected(Throwable cause, ServerWebInputException e) {
        if (cause instanceof TypeMismatchException mismatch) {
            Class<?> target = e.getMethodParameter().getParameterType();
            String allowed = target.isEnum() ? "; one of " + Arrays.toString(target.getEnumConstants()) : "";
            return "'" + mismatch.getValue() + "' is not a valid " + target.getSimpleName() + allowed;
        }
        return String.valueOf(e.getReason());
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        return findCause(e, type) != null;
    }

    private static <T extends Throwable> T findCause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}

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
import org.springframework.security.web.server.firewall.ServerExchangeRejectedException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.MissingRequestValueException;
import org.springframework.web.server.ServerWebInputException;
import org.televisit.database.DatabaseOutage;

/**
 * The one place where exceptions become RFC 9457 problems. Every body carries a
 * {@code reason}; input errors also name the offending {@code field}. Nothing reaches the
 * client as a stack trace, and unexpected failures are a bare 500 that is logged here.
 */
@RestControllerAdvice
class ProblemHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler
    ResponseEntity<ProblemDetail> refused(ApiException e) {
        return respond(e.problem());
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> invalidBody(WebExchangeBindException e) {
        List<Map<String, String>> errors = e.getFieldErrors().stream()
                .map(error -> Map.of("field", error.getField(), "message", String.valueOf(error.getDefaultMessage())))
                .toList();
        // Text that breaks the free-text rule is an invalid value; a missing or out-of-range one fails validation.
        FieldError invalidText = e.getFieldErrors().stream()
                .filter(error -> FreeText.class.getSimpleName().equals(error.getCode())).findFirst().orElse(null);
        ProblemReason reason = invalidText != null ? ProblemReason.INVALID_VALUE : ProblemReason.VALIDATION_FAILED;
        String field = invalidText != null ? invalidText.getField()
                : e.getFieldErrors().isEmpty() ? "body" : e.getFieldErrors().get(0).getField();
        String detail = e.getFieldErrors().stream()
                .map(error -> error.getField() + ": " + error.getDefaultMessage())
                .collect(Collectors.joining("; "));
        return respond(Problems.of(reason.status(), reason.name(),
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
        if (e.getCause() instanceof TypeMismatchException mismatch && e.getMethodParameter() != null) {
            String field = String.valueOf(e.getMethodParameter().getParameterName());
            return respond(InputProblems.mismatch(field, mismatch, e.getMethodParameter().getParameterType()));
        }
        if (e.getCause() instanceof DecodingException || e.getCause() instanceof DataBufferLimitException) {
            return respond(InputProblems.unreadable(e.getCause()));
        }
        if (e.getMethodParameter() != null && e.getMethodParameter().hasParameterAnnotation(RequestBody.class)) {
            return respond(InputProblems.unreadable(e));
        }
        if (e instanceof MissingRequestValueException missing) {
            return respond(Problems.of(ProblemReason.VALIDATION_FAILED.status(), ProblemReason.VALIDATION_FAILED.name(),
                    missing.getName() + ": is required", Map.of("field", missing.getName())));
        }
        if (e.getMethodParameter() != null) {
            String field = String.valueOf(e.getMethodParameter().getParameterName());
            return respond(InputProblems.invalidValue(field, field + ": not a value this field takes"));
        }
        return respond(InputProblems.unreadable(e));
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> payloadTooLarge(DataBufferLimitException e) {
        return respond(tooLarge());
    }

    /** A header the firewall refuses once read (a control character in its value, say). */
    @ExceptionHandler
    ResponseEntity<ProblemDetail> rejectedByTheFirewall(ServerExchangeRejectedException e) {
        return respond(RefusedBeforeTheApplication.malformed());
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
        return Problems.of(e.getStatusCode(), reason, statusDetail(e.getStatusCode().value()), Map.of());
    }

    /** Spring's own reason for these refusals can name the Java type a body was read into: ours says what to send. */
    private static String statusDetail(int status) {
        return switch (status) {
            case 404 -> "no such resource";
            case 405 -> "this method is not served on this path";
            case 406 -> "this route answers application/json (or, for a stream, text/event-stream)";
            case 415 -> "the body must be application/json";
            default -> "the request cannot be served as sent";
        };
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> unexpected(Exception e, ServerWebExchange exchange) {
        return respond(unexpectedProblem(e, exchange));
    }

    /**
     * The problem for a failure nobody refused on purpose, in a controller or before one: a database
     * outage is a 503 to retry (a WARN line), anything else a 500 that says nothing of its cause (an
     * ERROR line with the stack).
     */
    static ProblemDetail unexpectedProblem(Throwable e, ServerWebExchange exchange) {
        if (DatabaseOutage.causedBy(e)) {
            RequestIds.withRequestId(exchange, () -> log.warn("Refused while the database is unreachable: {}", e.toString()));
            return DatabaseOutage.refusal().problem();
        }
        // The user is told "it has been logged" and has the X-Request-Id: the line must carry it.
        RequestIds.withRequestId(exchange, () -> log.error("Unexpected failure", e));
        return Problems.of(ProblemReason.INTERNAL_ERROR, "an unexpected error occurred; it has been logged");
    }

    /**
     * Always problem+json, also for a client that accepts only text/event-stream: a stream refused
     * before it starts is answered with a problem, not with an empty stream.
     */
    private static ResponseEntity<ProblemDetail> respond(ProblemDetail problem) {
        var response = ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON);
        Problems.retryAfterSeconds(problem).ifPresent(seconds -> response.header(HttpHeaders.RETRY_AFTER, String.valueOf(seconds)));
        return response.body(problem);
    }

    private static ProblemDetail tooLarge() {
        return InputProblems.tooLarge();
    }

}

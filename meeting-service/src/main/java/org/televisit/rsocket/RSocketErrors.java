package org.televisit.rsocket;

import io.rsocket.exceptions.ApplicationErrorException;
import java.util.Arrays;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.codec.DecodingException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.messaging.handler.annotation.MessageExceptionHandler;
import org.springframework.messaging.handler.annotation.reactive.PayloadMethodArgumentResolver;
import org.springframework.messaging.handler.invocation.MethodArgumentResolutionException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.televisit.database.DatabaseOutage;
import org.televisit.events.StreamOverflowException;
import org.televisit.web.ApiException;
import org.televisit.web.InputProblems;
import org.televisit.web.ProblemReason;
import org.televisit.web.Problems;
import reactor.core.publisher.Mono;

/**
 * Refusals on RSocket routes. An RSocket error frame carries one string: it is the same problem
 * as the HTTP API would answer, as compact JSON ({@code status}, {@code reason}, {@code detail}
 * and the extra members), so a client handles both transports alike. Errors before a route
 * answers come through the handlers below; errors of a stream already flowing through
 * {@link #frame(Throwable)}.
 */
@ControllerAdvice(assignableTypes = RSocketLobbyController.class)
class RSocketErrors {

    private static final Logger log = LoggerFactory.getLogger(RSocketErrors.class);

    @MessageExceptionHandler
    Mono<Void> refused(ApiException e) {
        return Mono.error(frame(e));
    }

    @MessageExceptionHandler({DecodingException.class, MethodArgumentResolutionException.class})
    Mono<Void> unreadable(Exception e) {
        return Mono.error(error(InputProblems.unreadable(e)));
    }

    @MessageExceptionHandler
    Mono<Void> unexpected(Exception e) {
        if (decodedNull(e)) {
            return Mono.error(error(Problems.of(ProblemReason.MALFORMED_JSON, "the payload is null; this route takes a JSON object")));
        }
        return Mono.error(frame(e));
    }

    /**
     * Spring's payload resolver decodes a JSON {@code null} and then fails on it with a bare
     * NullPointerException of its own (not a decoding error): that one is the client's input.
     */
    private static boolean decodedNull(Exception e) {
        return e instanceof NullPointerException && Arrays.stream(e.getStackTrace()).limit(4)
                .anyMatch(frame -> frame.getClassName().equals(PayloadMethodArgumentResolver.class.getName()));
    }

    /** The error frame for {@code failure}: its problem, or a 500 that says nothing of the cause (which is logged). */
    static ApplicationErrorException frame(Throwable failure) {
        if (failure instanceof ApplicationErrorException ready) {
            return ready;
        }
        if (failure instanceof ApiException e) {
            return error(e.problem());
        }
        if (failure instanceof StreamOverflowException) {
            return error(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "STREAM_OVERFLOW",
                    "this client fell behind; request the stream again with the last id received as after", Map.of()));
        }
        if (DatabaseOutage.causedBy(failure)) {
            log.warn("RSocket request refused while the database is unreachable: {}", failure.toString());
            return frame(DatabaseOutage.refusal());
        }
        log.error("RSocket request failed", failure);
        return error(Problems.of(ProblemReason.INTERNAL_ERROR, "something went wrong on our side"));
    }

    static ApplicationErrorException error(ProblemDetail problem) {
        return new ApplicationErrorException(Problems.asFrameText(problem));
    }
}

package org.televisit.web;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.Temporal;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.ProblemDetail;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Says what was wrong with a request's input in the client's terms: which field, and what was
 * expected there (a date and time, a whole number, one of some values), never a Java type, a
 * library or its message. The HTTP API and the RSocket routes read input alike and refuse it alike.
 */
public final class InputProblems {

    private InputProblems() {
    }

    /** The problem for a body or payload that could not be read, {@code failure} being what the decoder threw. */
    public static ProblemDetail unreadable(Throwable failure) {
        if (findCause(failure, DataBufferLimitException.class) != null) {
            return tooLarge();
        }
        InvalidFormatException invalidValue = findCause(failure, InvalidFormatException.class);
        if (invalidValue != null) {
            String field = fieldOf(invalidValue);
            return invalidValue(field, field + ": " + rejected(invalidValue.getValue(), invalidValue.getTargetType()));
        }
        StreamConstraintsException limit = findCause(failure, StreamConstraintsException.class);
        if (limit != null) {
            return Problems.of(ProblemReason.MALFORMED_JSON, "the JSON nests too deeply or holds a number or text too long to read");
        }
        StreamReadException syntax = findCause(failure, StreamReadException.class);
        if (syntax != null) {
            return Problems.of(ProblemReason.MALFORMED_JSON, "the body is not valid JSON" + at(syntax.getLocation()));
        }
        MismatchedInputException mismatch = findCause(failure, MismatchedInputException.class);
        if (mismatch != null && !mismatch.getPath().isEmpty()) {
            String field = fieldOf(mismatch);
            return invalidValue(field, field + ": expected " + expected(mismatch.getTargetType()));
        }
        if (mismatch != null) {
            return Problems.of(ProblemReason.MALFORMED_JSON, "the body must be a JSON object");
        }
        JacksonException mapping = findCause(failure, JacksonException.class);
        if (mapping != null && !mapping.getPath().isEmpty()) {
            String field = fieldOf(mapping);
            return invalidValue(field, field + ": not a value this field takes");
        }
        return Problems.of(ProblemReason.MALFORMED_JSON, "the body is missing or is not the JSON this route takes");
    }

    /** The problem for a path variable, query parameter or header {@code field} whose text is not of its type. */
    public static ProblemDetail mismatch(String field, TypeMismatchException mismatch, Class<?> target) {
        return invalidValue(field, field + ": " + rejected(mismatch.getValue(), target));
    }

    public static ProblemDetail tooLarge() {
        return Problems.of(ProblemReason.PAYLOAD_TOO_LARGE, "the request body is larger than " + RequestLimits.MAX_BODY_BYTES + " bytes");
    }

    static ProblemDetail invalidValue(String field, String detail) {
        return Problems.of(ProblemReason.INVALID_VALUE.status(), ProblemReason.INVALID_VALUE.name(), detail, Map.of("field", field));
    }

    private static String rejected(Object value, Class<?> target) {
        String shown = value == null ? "the value" : "'" + FreeText.Rule.shown(String.valueOf(value)) + "'";
        if (target != null && target.isEnum()) {
            return shown + " is not one of " + Arrays.toString(target.getEnumConstants());
        }
        return shown + " is not " + expected(target);
    }

    /** What a value of {@code type} looks like, for a client. */
    static String expected(Class<?> type) {
        if (type == null) {
            return "a value of the right kind";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.toString(type.getEnumConstants());
        }
        if (type == Instant.class || type == OffsetDateTime.class || Temporal.class.isAssignableFrom(type)) {
            return "a date and time with its offset, such as 2030-01-31T09:30:00Z";
        }
        if (type == UUID.class) {
            return "an id (a UUID such as 3f2c6a1e-8b1d-4c3e-9a57-0d1e2f3a4b5c)";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == short.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class || type == CharSequence.class) {
            return "text";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        return "an object";
    }

    private static String at(TokenStreamLocation location) {
        return location == null || location.getLineNr() < 1 ? ""
                : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    private static String fieldOf(JacksonException e) {
        String path = e.getPath().stream()
                .map(reference -> reference.getPropertyName() != null
                        ? reference.getPropertyName() : "[" + reference.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
        return path.isEmpty() ? "body" : path;
    }

    static <T extends Throwable> T findCause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}

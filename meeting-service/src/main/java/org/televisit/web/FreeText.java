package org.televisit.web;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;
import java.util.Optional;

/**
 * Text a client writes into a field (an id, a name, a doctor's reason): at most {@link #max()}
 * characters, and no control characters (newlines only where {@link #lines()} says they mean
 * something), no unpaired surrogates, no bidirectional overrides, no non-characters. PostgreSQL
 * refuses NUL in text, and the others would reach the pages, the logs and the Jitsi tokens as
 * they came. A value that breaks the rule is refused as 400 {@code INVALID_VALUE} naming its field,
 * on the HTTP routes (this annotation) and on RSocket ({@link #require}), by the one rule below.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = FreeText.Rule.class)
public @interface FreeText {

    int max();

    /** Whether line breaks are allowed (a reason or a note); single-line fields (ids, names) refuse them. */
    boolean lines() default false;

    String message() default "";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** The rule itself, for bean validation and for code that validates by hand. */
    final class Rule implements ConstraintValidator<FreeText, String> {

        private FreeText rules;

        @Override
        public void initialize(FreeText annotation) {
            rules = annotation;
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            Optional<String> problem = problem(value, rules.max(), rules.lines());
            problem.ifPresent(message -> {
                context.disableDefaultConstraintViolation();
                context.buildConstraintViolationWithTemplate(message.replace("{", "\\{").replace("$", "\\$"))
                        .addConstraintViolation();
            });
            return problem.isEmpty();
        }

        /** What is wrong with {@code value} in a client's words, if anything; {@code null} is fine (absent). */
        public static Optional<String> problem(String value, int max, boolean lines) {
            if (value == null) {
                return Optional.empty();
            }
            if (value.codePointCount(0, value.length()) > max) {
                return Optional.of("at most " + max + " characters");
            }
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                    continue;
                }
                if (Character.isSurrogate(c)) {
                    return Optional.of("holds a broken character (an unpaired surrogate) at position " + (i + 1));
                }
                if ((c == '\n' || c == '\r') && lines) {
                    continue;
                }
                if (Character.getType(c) == Character.CONTROL) {
                    return Optional.of("must not hold control characters (U+%04X at position %d)".formatted((int) c, i + 1));
                }
                if (c >= '\u202A' && c <= '\u202E' || c >= '\u2066' && c <= '\u2069' || c == '\uFFFE' || c == '\uFFFF') {
                    return Optional.of("must not hold direction overrides or non-characters (U+%04X at position %d)".formatted((int) c, i + 1));
                }
            }
            return Optional.empty();
        }

        /** {@code value} if it keeps the rule, else the 400 {@code INVALID_VALUE} refusal naming {@code field}. */
        public static String require(String field, String value, int max, boolean lines) {
            Optional<String> problem = problem(value, max, lines);
            if (problem.isPresent()) {
                throw new ApiException(ProblemReason.INVALID_VALUE, field + ": " + problem.get(), Map.of("field", field));
            }
            return value;
        }

        /** {@code value} as a detail may quote it: control characters escaped, at most 60 characters. */
        public static String shown(String value) {
            StringBuilder shown = new StringBuilder();
            value.codePoints().limit(60).forEach(c -> {
                if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT || Character.isSurrogate((char) c) && c <= 0xFFFF) {
                    shown.append("\\u%04X".formatted(c));
                } else {
                    shown.appendCodePoint(c);
                }
            });
            return value.codePointCount(0, value.length()) > 60 ? shown + "…" : shown.toString();
        }
    }
}

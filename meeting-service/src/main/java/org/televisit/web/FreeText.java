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
 * Text a client writes into a field, of one of three {@link Kind kinds}: an id (a user's {@code sub},
 * a party id), a line (a name) or lines (a doctor's reason). Each holds at most {@link #max()}
 * characters and none that would reach the database, the pages, the logs or a Jitsi token other
 * than as it looks: no control characters (newlines only in lines), no unpaired surrogates, no
 * direction overrides, no non-characters; an id also no invisible (format) characters and no
 * leading or trailing space. A value that breaks the rule is refused as 400 {@code INVALID_VALUE}
 * naming its field, on the HTTP routes (this annotation) and on RSocket ({@link Rule#require}); user
 * tokens are read by the same rule. PostgreSQL itself refuses NUL in text.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = FreeText.Rule.class)
public @interface FreeText {

    int max();

    Kind kind() default Kind.LINE;

    /** What the text is, and so which characters it may hold. */
    enum Kind {
        /** An identifier: visible characters only, no leading or trailing space. */
        ID,
        /** One line a person reads, such as a name: joiners (emoji, some scripts) are fine. */
        LINE,
        /** Several lines a person reads, such as a reason: line breaks are fine too. */
        LINES
    }

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
            Optional<String> problem = problem(value, rules.max(), rules.kind());
            problem.ifPresent(message -> {
                context.disableDefaultConstraintViolation();
                context.buildConstraintViolationWithTemplate(message.replace("{", "\\{").replace("$", "\\$"))
                        .addConstraintViolation();
            });
            return problem.isEmpty();
        }

        /** What is wrong with {@code value} in a client's words, if anything; {@code null} is fine (absent). */
        public static Optional<String> problem(String value, int max, Kind kind) {
            if (value == null) {
                return Optional.empty();
            }
            if (value.codePointCount(0, value.length()) > max) {
                return Optional.of("at most " + max + " characters");
            }
            if (kind == Kind.ID && !value.isEmpty()
                    && (space(value.codePointAt(0)) || space(value.codePointBefore(value.length())))) {
                return Optional.of("must not begin or end with a space");
            }
            for (int i = 0; i < value.length(); i += Character.charCount(value.codePointAt(i))) {
                int c = value.codePointAt(i);
                String wrong = wrong(c, kind);
                if (wrong != null) {
                    return Optional.of("must not hold %s (U+%04X at position %d)".formatted(wrong, c, value.codePointCount(0, i) + 1));
                }
            }
            return Optional.empty();
        }

        /** What kind of unwanted character {@code c} is in text of {@code kind}, or null if it is fine. */
        private static String wrong(int c, Kind kind) {
            if ((c == '\n' || c == '\r') && kind == Kind.LINES) {
                return null;
            }
            return switch (Character.getType(c)) {
                case Character.CONTROL, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> "control characters or line breaks";
                case Character.SURROGATE -> "broken characters (an unpaired surrogate)";
                case Character.FORMAT -> kind == Kind.ID || c >= 0x202A && c <= 0x202E || c >= 0x2066 && c <= 0x2069
                        ? "invisible characters or direction overrides" : null;
                default -> (c & 0xFFFE) == 0xFFFE ? "non-characters" : null;
            };
        }

        private static boolean space(int c) {
            return Character.isWhitespace(c) || Character.isSpaceChar(c);
        }

        /** {@code value} if it keeps the rule, else the 400 {@code INVALID_VALUE} refusal naming {@code field}. */
        public static String require(String field, String value, int max, Kind kind) {
            Optional<String> problem = problem(value, max, kind);
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
